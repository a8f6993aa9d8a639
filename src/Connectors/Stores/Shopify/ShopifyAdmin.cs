using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;
using RestSharp;

namespace RecoveryWorker.Connectors.Stores.Shopify;

/// <summary>
/// Reads orders from a store's Admin REST API: a fulfilment webhook names its order but carries neither the order's
/// value, its customer nor its shipping line, and a promise needs all three. Only the fields the worker uses are asked
/// for (<c>fields=</c>). Vendor failures are results; only cancellation throws.
/// </summary>
public sealed partial class ShopifyAdmin(HttpClient http, IOptions<ShopifyOptions> options, TimeProvider time, ILogger<ShopifyAdmin> logger)
{
    /// <summary>The order fields read; everything else (line items, addresses, payment) stays at Shopify.</summary>
    internal const string OrderFields = "id,name,email,currency,total_price,customer_locale,customer,shipping_lines,total_shipping_price_set";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private readonly ShopifyOptions _options = options.Value;

    public async Task<ConnectorResult<ShopifyOrder>> GetOrderAsync(long orderId, CancellationToken cancellationToken)
    {
        using var rest = new RestClient(http, new RestClientOptions(_options.BaseUrl), disposeHttpClient: false);
        var request = new RestRequest("admin/api/{version}/orders/{id}.json")
            .AddUrlSegment("version", _options.ApiVersion)
            .AddUrlSegment("id", orderId.ToString(CultureInfo.InvariantCulture))
            .AddQueryParameter("fields", OrderFields)
            .AddHeader("X-Shopify-Access-Token", _options.AccessToken)
            .AddHeader("Accept", "application/json");
        var started = time.GetTimestamp();
        var response = await rest.ExecuteAsync(request, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var elapsedMs = (long)time.GetElapsedTime(started).TotalMilliseconds;
        LogCalled(logger, orderId, (int)response.StatusCode, elapsedMs);
        var what = $"Shopify order {orderId}";
        if (!response.IsSuccessStatusCode || response.ResponseStatus != ResponseStatus.Completed)
        {
            return HttpErrors.FromResponse(response, what);
        }

        ShopifyOrderJson? order;
        try
        {
            order = JsonSerializer.Deserialize<ShopifyOrderEnvelope>(response.Content ?? "", Json)?.Order;
        }
        catch (JsonException ex)
        {
            return HttpErrors.Malformed(what, "the answer is not the order JSON: " + ex.Message);
        }

        if (order is null || order.Id != orderId)
        {
            return HttpErrors.Malformed(what, "the answer holds no order with that id");
        }

        if (!Money(order.TotalPrice, out var total))
        {
            return HttpErrors.Malformed(what, $"total_price '{order.TotalPrice}' is not an amount");
        }

        var line = order.ShippingLines?.FirstOrDefault();
        var shipping = Money(order.TotalShippingPriceSet?.ShopMoney?.Amount, out var set) ? set
            : order.ShippingLines?.Sum(l => Money(l.Price, out var price) ? price : 0m) ?? 0m;
        var name = string.Join(' ', new[] { order.Customer?.FirstName, order.Customer?.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()));
        return new ShopifyOrder
        {
            Id = order.Id,
            Name = string.IsNullOrWhiteSpace(order.Name) ? "#" + order.Id.ToString(CultureInfo.InvariantCulture) : order.Name,
            Email = string.IsNullOrWhiteSpace(order.Email) ? order.Customer?.Email : order.Email,
            Currency = order.Currency ?? "",
            TotalPrice = total,
            ShippingPrice = shipping,
            CustomerLocale = order.CustomerLocale,
            CustomerId = order.Customer?.Id,
            CustomerName = name.Length == 0 ? null : name,
            ShippingCode = line?.Code,
            ShippingTitle = line?.Title,
        };
    }

    /// <summary>The id of the order with this name ("#1001"), or null when the store has none.</summary>
    public async Task<ConnectorResult<long?>> FindOrderIdAsync(string name, CancellationToken cancellationToken)
    {
        var request = Admin("admin/api/{version}/orders.json", Method.Get)
            .AddQueryParameter("name", name).AddQueryParameter("status", "any").AddQueryParameter("fields", "id,name");
        var (body, error) = await CallAsync<ShopifyOrdersEnvelope>(request, "Shopify order " + name, cancellationToken);
        return error is not null ? error : ConnectorResult.Success(body?.Orders?.FirstOrDefault(o => o.Name == name)?.Id);
    }

    /// <summary>The order's refund whose note contains <paramref name="marker"/> (the case key), or null when none does.</summary>
    public async Task<ConnectorResult<ShopifyRefund?>> FindRefundAsync(long orderId, string marker, CancellationToken cancellationToken)
    {
        var request = Admin("admin/api/{version}/orders/{id}/refunds.json", Method.Get).AddUrlSegment("id", orderId.ToString(CultureInfo.InvariantCulture));
        var (body, error) = await CallAsync<ShopifyRefundsEnvelope>(request, $"Shopify refunds of order {orderId}", cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var found = body?.Refunds?.FirstOrDefault(r => r.Note?.Contains(marker, StringComparison.Ordinal) == true);
        return ConnectorResult.Success(found is null ? null : new ShopifyRefund(found.Id, found.Note));
    }

    /// <summary>
    /// Refunds <paramref name="amount"/> of the order's shipping to the customer's payment: the calculate endpoint gives
    /// the transactions to refund against (parent, gateway), then the refund is created with them, the customer notified
    /// by Shopify and <paramref name="note"/> kept on it. Not idempotent at Shopify: callers look the note up first.
    /// </summary>
    public async Task<ConnectorResult<ShopifyRefund>> RefundShippingAsync(long orderId, decimal amount, string currency, string note, CancellationToken cancellationToken)
    {
        var id = orderId.ToString(CultureInfo.InvariantCulture);
        var text = amount.ToString("0.00", CultureInfo.InvariantCulture);
        var what = $"Shopify shipping refund of order {orderId}";
        var calculate = Admin("admin/api/{version}/orders/{id}/refunds/calculate.json", Method.Post).AddUrlSegment("id", id)
            .AddJsonBody(new { refund = new { currency, shipping = new { amount = text } } });
        var (calculated, failed) = await CallAsync<ShopifyRefundEnvelope>(calculate, what + " (calculate)", cancellationToken);
        if (failed is not null)
        {
            return failed;
        }

        var transactions = (calculated?.Refund?.Transactions ?? []).Where(t => t.ParentId is not null)
            .Select(t => new { parent_id = t.ParentId, amount = t.Amount, kind = "refund", gateway = t.Gateway }).ToList();
        if (transactions.Count == 0)
        {
            return new ConnectorError(ConnectorErrorKind.Rejected, what + ": Shopify suggests no transaction to refund against (nothing paid, or refunded already)");
        }

        var create = Admin("admin/api/{version}/orders/{id}/refunds.json", Method.Post).AddUrlSegment("id", id)
            .AddJsonBody(new { refund = new { currency, notify = true, note, shipping = new { amount = text }, transactions } });
        var (created, error) = await CallAsync<ShopifyRefundEnvelope>(create, what, cancellationToken);
        return error is not null ? error
            : created?.Refund is { Id: > 0 } refund ? new ShopifyRefund(refund.Id, refund.Note)
            : HttpErrors.Malformed(what, "the answer holds no refund id");
    }

    private RestRequest Admin(string resource, Method method) => new RestRequest(resource, method)
        .AddUrlSegment("version", _options.ApiVersion)
        .AddHeader("X-Shopify-Access-Token", _options.AccessToken)
        .AddHeader("Accept", "application/json");

    private async Task<(T? Body, ConnectorError? Error)> CallAsync<T>(RestRequest request, string what, CancellationToken cancellationToken)
        where T : class
    {
        using var rest = new RestClient(http, new RestClientOptions(_options.BaseUrl), disposeHttpClient: false);
        var response = await rest.ExecuteAsync(request, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (!response.IsSuccessStatusCode || response.ResponseStatus != ResponseStatus.Completed)
        {
            return (null, HttpErrors.FromResponse(response, what));
        }

        try
        {
            return (JsonSerializer.Deserialize<T>(response.Content ?? "", Json), null);
        }
        catch (JsonException ex)
        {
            return (null, HttpErrors.Malformed(what, "the answer is not JSON: " + ex.Message));
        }
    }

    /// <summary>Shopify sends money as a decimal string ("598.94").</summary>
    private static bool Money(string? text, out decimal amount) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Debug, Message = "Shopify order {OrderId} read: HTTP {Status} in {ElapsedMs} ms")]
    private static partial void LogCalled(ILogger logger, long orderId, int status, long elapsedMs);
}
