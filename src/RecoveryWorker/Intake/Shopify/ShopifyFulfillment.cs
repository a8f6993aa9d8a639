using System.Globalization;
using System.Text.Json;

namespace RecoveryWorker.Intake.Shopify;

/// <summary>
/// A fulfilment as Shopify's <c>fulfillments/create</c> and <c>fulfillments/update</c> webhooks send it, as far as the
/// worker reads it. <see cref="Email"/> and <see cref="DestinationName"/> are personal data: never logged.
/// </summary>
internal sealed record ShopifyFulfillment(
    long Id,
    long OrderId,
    string Status,
    string? TrackingCompany,
    IReadOnlyList<string> TrackingNumbers,
    DateTimeOffset? CreatedAt,
    string? Email,
    string? DestinationName,
    ShopifyAddress? Destination,
    ShopifyAddress? Origin)
{
    /// <summary>Where the shipments of this fulfilment came from: the key a later update or cancellation finds them by.</summary>
    public string SourceRef => SourceRefOf(Id);

    /// <summary>Shopify's fulfilment statuses that mean no parcel travels: cancelled, or the fulfilment service failed it.</summary>
    public bool IsCancelled => Status is "cancelled" or "error" or "failure";

    public static string SourceRefOf(long fulfillmentId) => "shopify:fulfillment:" + fulfillmentId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The fulfilment in a webhook body, or null with <paramref name="problem"/> naming what is missing or wrong.</summary>
    public static ShopifyFulfillment? Read(string body, out string? problem)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            problem = "the body is not JSON: " + ex.Message;
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "the body is not a JSON object";
            return null;
        }

        if (Long(root, "id") is not { } id)
        {
            problem = "id is missing or not a number";
            return null;
        }

        if (Long(root, "order_id") is not { } orderId)
        {
            problem = "order_id is missing or not a number";
            return null;
        }

        // tracking_numbers is the list; tracking_number (the first of it) is what older payloads carry alone.
        var numbers = new List<string>();
        if (root.TryGetProperty("tracking_numbers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            numbers.AddRange(list.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!.Trim()).Where(n => n.Length > 0));
        }

        if (numbers.Count == 0 && Text(root, "tracking_number") is { } single)
        {
            numbers.Add(single);
        }

        var destination = root.TryGetProperty("destination", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null;
        var name = destination is { } dest ? Text(dest, "name") ?? string.Join(' ', new[] { Text(dest, "first_name"), Text(dest, "last_name") }.Where(n => n is not null)) : null;
        problem = null;
        return new ShopifyFulfillment(
            id,
            orderId,
            Text(root, "status") ?? "success",
            Text(root, "tracking_company"),
            numbers.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            DateTimeOffset.TryParse(Text(root, "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var created) ? created : null,
            Text(root, "email"),
            string.IsNullOrWhiteSpace(name) ? null : name,
            AddressOf(destination),
            AddressOf(root.TryGetProperty("origin_address", out var o) && o.ValueKind == JsonValueKind.Object ? o : null));
    }

    private static ShopifyAddress? AddressOf(JsonElement? address) =>
        address is { } a ? new ShopifyAddress(Text(a, "country_code")?.ToUpperInvariant(), Text(a, "province_code")?.ToUpperInvariant(), Text(a, "zip")) : null;

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;

    private static long? Long(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}

/// <summary>The coarse part of a Shopify address (a fulfilment's destination or origin_address): country, province and zip codes.</summary>
internal sealed record ShopifyAddress(string? CountryCode, string? ProvinceCode, string? Zip)
{
    /// <summary>
    /// As intake's place object (<c>country</c>, <c>region</c>, <c>postalCode</c>), or null without a country. A province
    /// or zip intake would refuse is left out rather than losing the shipment: lanes are a statistic, the parcel is not.
    /// </summary>
    public Dictionary<string, object?>? ToPlace()
    {
        if (CountryCode is not { } country || !Place.IsCountry(country))
        {
            return null;
        }

        var region = ProvinceCode is null ? null : Place.NormalizeRegion(ProvinceCode, country);
        return new()
        {
            ["country"] = country,
            ["region"] = region is not null && Place.IsRegion(region) ? region : null,
            ["postalCode"] = Zip is not null && Place.IsPostalCode(Zip) ? Zip : null,
        };
    }
}
