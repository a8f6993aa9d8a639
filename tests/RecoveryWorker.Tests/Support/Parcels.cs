using System.Globalization;

namespace RecoveryWorker.Tests.Support;

/// <summary>Shipment requests and sandbox parcels as a business and the sandbox file would write them.</summary>
internal static class Parcels
{
    /// <summary>Monday 2026-11-16 09:00 in New York: a working day with a full week ahead.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 16, 9, 0, 0, TimeSpan.FromHours(-5));

    public static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static Dictionary<string, object?> Request(string trackingNumber, DateTimeOffset promisedBy, string service = "ground", string orderId = "", string customerId = "", string locale = "en-US") => new()
    {
        ["orderId"] = orderId.Length > 0 ? orderId : "ORD-" + trackingNumber,
        ["carrier"] = "sandbox",
        ["trackingNumber"] = trackingNumber,
        ["service"] = service,
        ["promisedBy"] = Iso(promisedBy),
        ["promiseTimeZone"] = "America/New_York",
        ["guaranteed"] = false,
        ["shippedAt"] = Iso(promisedBy.AddDays(-10)),
        ["customer"] = new Dictionary<string, object?> { ["id"] = customerId.Length > 0 ? customerId : "cust-" + trackingNumber, ["email"] = "ada@example.com", ["name"] = "Ada Lovelace", ["locale"] = locale },
        ["order"] = new Dictionary<string, object?> { ["value"] = 80.0m, ["shippingCost"] = 9.95m, ["currency"] = "USD" },
    };

    public static object Parcel(string? service, params object[] events) => new { service, events };

    public static object ParcelWithEstimate(string? service, DateOnly estimatedDay, params object[] events) =>
        new { service, estimatedDelivery = estimatedDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), events };

    public static object Scan(DateTimeOffset at, string status, string location = "Memphis, TN", string? reason = null) =>
        new { at = Iso(at), status, reason, description = status + " scan", location };
}
