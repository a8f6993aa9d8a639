namespace RecoveryWorker.Connectors.Tests.Carriers.Usps;

/// <summary>Vendor-shaped USPS answers from Payloads/, with {{trackingNumber}} and {{accessToken}} filled in.</summary>
internal static class UspsPayloads
{
    public const string TokenPath = "/oauth2/v3/token";
    public const string TrackingPath = "/tracking/v3r2/tracking";

    public static string Read(string name, string trackingNumber = "", string accessToken = "token-1") =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Carriers", "Usps", "Payloads", name))
            .Replace("{{trackingNumber}}", trackingNumber, StringComparison.Ordinal)
            .Replace("{{accessToken}}", accessToken, StringComparison.Ordinal);

    public static string Conformance(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Conformance", .. parts]);

    public static Dictionary<string, string?> Configuration(string baseUrl) => new()
    {
        ["Carriers:Usps:Enabled"] = "true",
        ["Carriers:Usps:BaseUrl"] = baseUrl,
        ["Carriers:Usps:ClientId"] = "test-client",
        ["Carriers:Usps:ClientSecret"] = "test-secret",
        ["Carriers:Usps:RequestsPerSecond"] = "100",
        ["Carriers:Usps:MaxRetryAfterWait"] = "00:00:00",
    };
}
