using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace RecoveryWorker.Tests.Support;

/// <summary>
/// A store's Admin REST API for refunds, over real HTTP, with state: one order (#1001, id 450789469, paid through the
/// bogus gateway as in Shopify's examples), the order lookup by name, <c>refunds/calculate.json</c>, <c>refunds.json</c>
/// (create and list). Payloads follow Shopify's documented examples for the Refund resource. It can lose its answer to
/// a create after making the refund (a crash or timeout mid-call) and refuse a create (422).
/// </summary>
internal sealed class FakeShopifyRefunds : IDisposable
{
    public const long OrderId = 450789469;
    public const string OrderName = "#1001";
    public const long ParentTransactionId = 801038806;

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly ConcurrentQueue<JsonObject> _refunds = new();
    private long _nextId = 929361464;

    public FakeShopifyRefunds()
    {
        var orders = $"/admin/api/2025-10/orders/{OrderId}";
        _server.Given(Request.Create().UsingGet().WithPath("/admin/api/2025-10/orders.json").WithHeader("X-Shopify-Access-Token", FakeShopify.Token))
            .RespondWith(Response.Create().WithCallback(r => Json(200, r.Query?["name"]?.FirstOrDefault() == OrderName
                ? $$$"""{"orders":[{"id":{{{OrderId}}},"name":"{{{OrderName}}}"}]}"""
                : """{"orders":[]}""")));
        _server.Given(Request.Create().UsingPost().WithPath(orders + "/refunds/calculate.json").WithHeader("X-Shopify-Access-Token", FakeShopify.Token))
            .RespondWith(Response.Create().WithCallback(Calculate));
        _server.Given(Request.Create().UsingPost().WithPath(orders + "/refunds.json").WithHeader("X-Shopify-Access-Token", FakeShopify.Token))
            .RespondWith(Response.Create().WithCallback(Create));
        _server.Given(Request.Create().UsingGet().WithPath(orders + "/refunds.json").WithHeader("X-Shopify-Access-Token", FakeShopify.Token))
            .RespondWith(Response.Create().WithCallback(_ => Json(200, new JsonObject { ["refunds"] = new JsonArray([.. _refunds.Select(r => r.DeepClone())]) }.ToJsonString())));
    }

    public string Url => _server.Url!;

    /// <summary>The next creates make the refund and then answer 502, as a lost answer (the worker died or timed out).</summary>
    public int LoseCreateAnswers { get; set; }

    /// <summary>Creates answer 422 (nothing left to refund), making nothing.</summary>
    public bool RefuseCreates { get; set; }

    public IReadOnlyList<JsonObject> Refunds => [.. _refunds];

    /// <summary>The bodies of the create requests, in order.</summary>
    public IReadOnlyList<JsonNode> CreateRequests => [.. _server.LogEntries
        .Where(e => e.RequestMessage!.Method == "POST" && e.RequestMessage.Path.EndsWith("/refunds.json", StringComparison.Ordinal))
        .Select(e => JsonNode.Parse(e.RequestMessage!.Body!)!)];

    /// <summary>When each refund create reached the store.</summary>
    public IReadOnlyList<DateTime> CreateTimes => [.. _server.LogEntries
        .Where(e => e.RequestMessage!.Method == "POST" && e.RequestMessage.Path.EndsWith("/refunds.json", StringComparison.Ordinal))
        .Select(e => e.RequestMessage!.DateTime)];

    /// <summary>The worker's settings for this store, refunds issued through it.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Intake:Shopify:BaseUrl"] = Url,
        ["Intake:Shopify:AccessToken"] = FakeShopify.Token,
        ["Remedies:Issuer"] = "Shopify",
    };

    private ResponseMessage Calculate(IRequestMessage request)
    {
        var amount = JsonNode.Parse(request.Body!)!["refund"]!["shipping"]!["amount"]!.GetValue<string>();
        return Json(200, $$$"""
            {"refund":{"shipping":{"amount":"{{{amount}}}","tax":"0.00","maximum_refundable":"9.95"},"duties":[],"total_duties_set":{"shop_money":{"amount":"0.00","currency_code":"USD"},"presentment_money":{"amount":"0.00","currency_code":"USD"}},"additional_fees":[],"total_additional_fees_set":{"shop_money":{"amount":"0.00","currency_code":"USD"},"presentment_money":{"amount":"0.00","currency_code":"USD"}},"return":null,"refund_shipping_lines":[],"refund_line_items":[],"transactions":[{"order_id":{{{OrderId}}},"kind":"suggested_refund","gateway":"bogus","parent_id":{{{ParentTransactionId}}},"amount":"{{{amount}}}","currency":"USD","maximum_refundable":"598.94"}],"currency":"USD"}}
            """);
    }

    private ResponseMessage Create(IRequestMessage request)
    {
        if (RefuseCreates)
        {
            return Json(422, """{"errors":{"base":["Shipping refund amount is greater than the maximum refundable amount"]}}""");
        }

        var asked = JsonNode.Parse(request.Body!)!["refund"]!;
        var id = Interlocked.Increment(ref _nextId);
        var transaction = asked["transactions"]![0]!;
        var refund = JsonNode.Parse($$$"""
            {"id":{{{id}}},"order_id":{{{OrderId}}},"created_at":"2026-11-16T10:00:00-05:00","note":null,"user_id":null,"processed_at":"2026-11-16T10:00:00-05:00","restock":false,"duties":[],"total_duties_set":{"shop_money":{"amount":"0.00","currency_code":"USD"},"presentment_money":{"amount":"0.00","currency_code":"USD"}},"additional_fees":[],"total_additional_fees_set":{"shop_money":{"amount":"0.00","currency_code":"USD"},"presentment_money":{"amount":"0.00","currency_code":"USD"}},"return":null,"refund_shipping_lines":[],"admin_graphql_api_id":"gid://shopify/Refund/{{{id}}}","refund_line_items":[],"transactions":[{"id":{{{id + 139000000}}},"order_id":{{{OrderId}}},"kind":"refund","gateway":"{{{transaction["gateway"]!.GetValue<string>()}}}","status":"success","message":"Bogus Gateway: Forced success","created_at":"2026-11-16T10:00:00-05:00","test":false,"authorization":null,"location_id":null,"user_id":null,"parent_id":{{{transaction["parent_id"]!.GetValue<long>()}}},"processed_at":"2026-11-16T10:00:00-05:00","device_id":null,"error_code":null,"source_name":"755357713","receipt":{},"amount":"{{{transaction["amount"]!.GetValue<string>()}}}","currency":"USD","payment_id":"#1001.1","manual_payment_gateway":false,"admin_graphql_api_id":"gid://shopify/OrderTransaction/{{{id + 139000000}}}"}],"order_adjustments":[]}
            """)!.AsObject();
        refund["note"] = asked["note"]?.GetValue<string>();
        _refunds.Enqueue(refund);
        if (LoseCreateAnswers > 0)
        {
            LoseCreateAnswers--;
            return Json(502, """{"errors":"Bad Gateway"}""");
        }

        return Json(201, new JsonObject { ["refund"] = refund.DeepClone() }.ToJsonString());
    }

    private static ResponseMessage Json(int status, string body) => new()
    {
        StatusCode = status,
        BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json; charset=utf-8") },
    };

    public void Dispose() => _server.Dispose();
}
