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

    /// <summary>Shopify sends money as a decimal string ("598.94").</summary>
    private static bool Money(string? text, out decimal amount) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Debug, Message = "Shopify order {OrderId} read: HTTP {Status} in {ElapsedMs} ms")]
    private static partial void LogCalled(ILogger logger, long orderId, int status, long elapsedMs);
}
