using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace RecoveryWorker.Connectors.Tests.Carriers.Fedex;

/// <summary>FedEx-shaped answers served from WireMock at the official paths, and the test configuration.</summary>
internal static class FedexStubs
{
    public const string TokenPath = "/oauth/token";
    public const string TrackPath = "/track/v1/trackingnumbers";
    public const string ClientId = "test-client-id";
    public const string ClientSecret = "test-client-secret";

    public static Dictionary<string, string?> Configuration(string serverUrl) => new()
    {
        ["Carriers:Fedex:Enabled"] = "true",
        ["Carriers:Fedex:BaseUrl"] = serverUrl,
        ["Carriers:Fedex:ClientId"] = ClientId,
        ["Carriers:Fedex:ClientSecret"] = ClientSecret,
        ["Carriers:Fedex:RequestsPerSecond"] = "100",
        ["Carriers:Fedex:MaxRetryAfterWait"] = "00:00:00",
    };

    /// <summary>A payload from Payloads/, with "{{number}}" replaced.</summary>
    public static string Payload(string name, string number = "") =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Carriers", "Fedex", "Payloads", name)).Replace("{{number}}", number, StringComparison.Ordinal);

    public static string Conformance(params string[] path) =>
        File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "Conformance", .. path]));

    public static void ServeToken(WireMockServer server) =>
        server.Given(Request.Create().WithPath(TokenPath).UsingPost())
            .RespondWith(Json(200, Payload("token.json")));

    public static void ServeTrack(WireMockServer server, string body, int status = 200) =>
        server.Given(Request.Create().WithPath(TrackPath).UsingPost())
            .RespondWith(Json(status, body));

    /// <summary>Answers every tracking call with TRACKING.TRACKINGNUMBER.NOTFOUND for each number it carries.</summary>
    public static void ServeNotFoundForEveryNumber(WireMockServer server) =>
        server.Given(Request.Create().WithPath(TrackPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var results = new JsonArray();
                foreach (var number in NumbersIn(request.Body!))
                {
                    results.Add(JsonNode.Parse(Payload("track-not-found.json", number))!["output"]!["completeTrackResults"]![0]!.DeepClone());
                }

                var body = new JsonObject { ["transactionId"] = "t", ["output"] = new JsonObject { ["completeTrackResults"] = results } };
                return new ResponseMessage
                {
                    StatusCode = 200,
                    Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
                    BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = body.ToJsonString() },
                };
            }));

    public static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    /// <summary>The tracking numbers a tracking request body carries, in order.</summary>
    public static IReadOnlyList<string> NumbersIn(string requestBody)
    {
        using var document = JsonDocument.Parse(requestBody);
        return [.. document.RootElement.GetProperty("trackingInfo").EnumerateArray()
            .Select(i => i.GetProperty("trackingNumberInfo").GetProperty("trackingNumber").GetString()!)];
    }

    public static IReadOnlyList<string> TrackBodies(WireMockServer server) =>
        [.. server.LogEntries.Where(e => e.RequestMessage?.Path == TrackPath).Select(e => e.RequestMessage!.Body!)];
}
