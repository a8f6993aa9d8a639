namespace RecoveryWorker.Connectors.Tests.Carriers.Dhl;

/// <summary>The vendor-shaped DHL answers under Payloads/, and the shared conformance folder.</summary>
internal static class DhlPayloads
{
    public const string ApiKey = "test-dhl-api-key-do-not-log";

    public const string TrackingPath = "/track/shipments";

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Carriers", "Dhl", "Payloads", name));

    public static string Conformance(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Conformance", .. parts]);

    public static string Spec => Conformance("specs", "carrier-dhl-shipment-tracking-unified-1.3.1-openapi.json");

    /// <summary>Configuration for an enabled DHL connector pointed at <paramref name="baseUrl"/>, fast and without waits.</summary>
    public static Dictionary<string, string?> Configuration(string baseUrl) => new()
    {
        ["Carriers:Dhl:Enabled"] = "true",
        ["Carriers:Dhl:BaseUrl"] = baseUrl,
        ["Carriers:Dhl:ApiKey"] = ApiKey,
        ["Carriers:Dhl:RequestsPerSecond"] = "100",
        ["Carriers:Dhl:DailyQuota"] = "0",
        ["Carriers:Dhl:MaxRetryAfterWait"] = "00:00:00",
    };
}
