namespace RecoveryWorker.Connectors.Tests.Carriers.Ups;

/// <summary>Vendor-shaped UPS answers (Payloads/*.json) and the shared conformance files, from the test output.</summary>
internal static class UpsPayloads
{
    public const string Number = "1Z999AA10123456784";

    public const string TokenPath = "/security/v1/oauth/token";

    public const string TrackPrefix = "/api/track/v1/details/";

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Carriers", "Ups", "Payloads", name));

    public static string Conformance(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Conformance", .. parts]);

    /// <summary>A token answer with the given access token; expires_in as UPS sends it (a string) unless told otherwise.</summary>
    public static string Token(string accessToken, string expiresIn = "\"14399\"") =>
        $$"""{"token_type":"Bearer","issued_at":"1711450000000","client_id":"test-client-id","access_token":"{{accessToken}}","scope":"","expires_in":{{expiresIn}},"refresh_count":"0","status":"approved"}""";
}
