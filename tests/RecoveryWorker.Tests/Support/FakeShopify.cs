using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace RecoveryWorker.Tests.Support;

/// <summary>
/// A Shopify store over real HTTP: the Admin API's order read (with the access token it demands), and the webhook
/// deliveries Shopify would send, signed as Shopify signs them. Payloads are shaped like Shopify's own: the
/// fulfilment is the REST Fulfillment resource as the <c>fulfillments/create</c> webhook sends it (with the
/// <c>email</c> and <c>destination</c> the webhook adds), the order is the REST Order resource cut to the fields asked for.
/// </summary>
internal sealed class FakeShopify : IDisposable
{
    public const string Secret = "shopify-webhook-secret-for-tests";
    public const string Token = "test-admin-api-token-not-a-real-one";
    public const string ShopDomain = "recovery-test.myshopify.com";

    private readonly WireMockServer _server = WireMockServer.Start();

    public FakeShopify() => Down = false;

    public string Url => _server.Url!;

    /// <summary>The worker's settings for this store.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Intake:Shopify:Enabled"] = "true",
        ["Intake:Shopify:BaseUrl"] = Url,
        ["Intake:Shopify:WebhookSecret"] = Secret,
        ["Intake:Shopify:AccessToken"] = Token,
        ["Intake:Shopify:Services:Express"] = "next_day_air",
    };

    /// <summary>While true, the Admin API answers 503 (Shopify down).</summary>
    public bool Down
    {
        set
        {
            _server.Reset();
            _server.Given(Request.Create().UsingGet().WithPath("/admin/api/*/orders/*"))
                .AtPriority(100)
                .RespondWith(Response.Create().WithStatusCode(value ? 503 : 404).WithHeader("Content-Type", "application/json").WithBody(value ? """{"errors":"Service unavailable"}""" : """{"errors":"Not Found"}"""));
            foreach (var (id, json) in value ? [] : _orders)
            {
                Serve(id, json);
            }
        }
    }

    private readonly Dictionary<long, string> _orders = [];

    /// <summary>Order reads that reached the store.</summary>
    public int OrderReads => _server.LogEntries.Count(e => e.RequestMessage?.Path?.Contains("/orders/", StringComparison.Ordinal) == true);

    /// <summary>Serves an order like Shopify's example order #1001 (Bob Norman), with the given shipping line.</summary>
    public void AddOrder(long id, string name, string shippingCode = "Express", decimal total = 598.94m)
    {
        var json = $$$"""
            {"order":{"id":{{{id}}},"email":"bob.norman@mail.example.com","currency":"USD","name":"{{{name}}}","total_price":"{{{total.ToString("0.00", CultureInfo.InvariantCulture)}}}","customer_locale":"en","total_shipping_price_set":{"shop_money":{"amount":"9.99","currency_code":"USD"},"presentment_money":{"amount":"9.99","currency_code":"USD"}},"customer":{"id":207119551,"email":"bob.norman@mail.example.com","created_at":"2026-11-01T10:00:00-05:00","updated_at":"2026-11-10T10:00:00-05:00","first_name":"Bob","last_name":"Norman","state":"disabled","note":null,"verified_email":true,"multipass_identifier":null,"tax_exempt":false,"phone":"+16136120707","tags":"","currency":"USD","tax_exemptions":[],"admin_graphql_api_id":"gid://shopify/Customer/207119551","default_address":{"id":207119551,"customer_id":207119551,"first_name":null,"last_name":null,"company":null,"address1":"Chestnut Street 92","address2":"","city":"Louisville","province":"Kentucky","country":"United States","zip":"40202","phone":"555-625-1199","name":"","province_code":"KY","country_code":"US","country_name":"United States","default":true}},"shipping_lines":[{"id":369256396,"carrier_identifier":null,"code":"{{{shippingCode}}}","discounted_price":"9.99","discounted_price_set":{"shop_money":{"amount":"9.99","currency_code":"USD"},"presentment_money":{"amount":"9.99","currency_code":"USD"}},"is_removed":false,"phone":null,"price":"9.99","price_set":{"shop_money":{"amount":"9.99","currency_code":"USD"},"presentment_money":{"amount":"9.99","currency_code":"USD"}},"requested_fulfillment_service_id":null,"source":"shopify","title":"{{{shippingCode}}}","tax_lines":[],"discount_allocations":[]}]}}
            """;
        _orders[id] = json;
        Serve(id, json);
    }

    private void Serve(long id, string json) =>
        _server.Given(Request.Create().UsingGet().WithPath($"/admin/api/2025-10/orders/{id}.json").WithHeader("X-Shopify-Access-Token", Token).WithParam("fields"))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(json));

    /// <summary>A fulfilment as the <c>fulfillments/create</c> and <c>fulfillments/update</c> webhooks send it.</summary>
    public static string Fulfillment(long id, long orderId, string trackingCompany, string[] numbers, string status = "success", string createdAt = "2026-11-16T09:00:00-05:00", string countryCode = "US", string provinceCode = "KY", string originAddress = "null")
    {
        var quoted = string.Join(",", numbers.Select(n => $"\"{n}\""));
        var urls = string.Join(",", numbers.Select(n => $"\"https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums={n}\""));
        return $$$"""
            {"id":{{{id}}},"order_id":{{{orderId}}},"status":"{{{status}}}","created_at":"{{{createdAt}}}","service":"manual","updated_at":"{{{createdAt}}}","tracking_company":"{{{trackingCompany}}}","shipment_status":null,"location_id":24826418,"origin_address":{{{originAddress}}},"email":"bob.norman@mail.example.com","destination":{"first_name":"Bob","address1":"Chestnut Street 92","phone":"555-625-1199","city":"Louisville","zip":"40202","province":"Kentucky","country":"United States","last_name":"Norman","address2":"","company":null,"latitude":45.41634,"longitude":-75.6868,"name":"Bob Norman","country_code":"{{{countryCode}}}","province_code":"{{{provinceCode}}}"},"line_items":[{"id":466157049,"variant_id":39072856,"title":"IPod Nano - 8gb","quantity":1,"sku":"IPOD2008GREEN","variant_title":"green","vendor":null,"fulfillment_service":"manual","product_id":632910392,"requires_shipping":true,"taxable":true,"gift_card":false,"name":"IPod Nano - 8gb - green","variant_inventory_management":"shopify","properties":[],"product_exists":true,"fulfillable_quantity":0,"grams":200,"price":"199.00","total_discount":"0.00","fulfillment_status":"fulfilled","price_set":{"shop_money":{"amount":"199.00","currency_code":"USD"},"presentment_money":{"amount":"199.00","currency_code":"USD"}},"total_discount_set":{"shop_money":{"amount":"0.00","currency_code":"USD"},"presentment_money":{"amount":"0.00","currency_code":"USD"}},"discount_allocations":[],"duties":[],"admin_graphql_api_id":"gid://shopify/LineItem/466157049","tax_lines":[]}],"tracking_number":"{{{numbers.FirstOrDefault()}}}","tracking_numbers":[{{{quoted}}}],"tracking_url":"https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums={{{numbers.FirstOrDefault()}}}","tracking_urls":[{{{urls}}}],"receipt":{},"name":"#1001.1","admin_graphql_api_id":"gid://shopify/Fulfillment/{{{id}}}"}
            """;
    }

    /// <summary>The base64 HMAC-SHA256 of the body under <paramref name="secret"/>: the <c>X-Shopify-Hmac-Sha256</c> header.</summary>
    public static string Sign(string body, string secret = Secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>A delivery as Shopify sends it: its headers, signed unless <paramref name="signature"/> says otherwise.</summary>
    public static HttpRequestMessage Delivery(string body, string webhookId, string topic = "fulfillments/create", string? signature = "sign")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/shopify") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Shop-Domain", ShopDomain);
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId);
        request.Headers.Add("X-Shopify-API-Version", "2025-10");
        request.Headers.Add("X-Shopify-Triggered-At", "2026-11-16T14:00:00.000000000Z");
        if (signature is not null)
        {
            request.Headers.Add("X-Shopify-Hmac-Sha256", signature == "sign" ? Sign(body) : signature);
        }

        return request;
    }

    public void Dispose() => _server.Dispose();
}
