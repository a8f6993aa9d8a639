using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace RecoveryWorker.Connectors.Tests.Helpdesks.Zendesk;

/// <summary>Zendesk answers at its real paths, and the connector built through the real AddConnectors registration.</summary>
internal static class ZendeskStubs
{
    public const string Email = "agent@acme.test";
    public const string ApiToken = "zd-test-api-token-not-a-real-secret";
    public const string CaseKey = "3f1c2d9e-5b7a-4c1e-9f00-1234567890ab:late:1";
    public const string TicketsPath = "/api/v2/tickets";
    public const long TicketId = 35436;
    public const string RequesterName = "Jane Doe";
    public const string RequesterEmail = "jane.doe@example.com";

    public static string TicketPath => $"{TicketsPath}/{TicketId}";

    /// <summary>Authorization: Basic base64("{email}/token:{api token}"), as Zendesk's API token auth wants it.</summary>
    public static string ExpectedAuthorization => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}/token:{ApiToken}"));

    public static TicketDraft Draft(string nextUpdateBy = "Friday 12:00") => new()
    {
        ExternalId = CaseKey,
        RequesterName = RequesterName,
        RequesterEmail = RequesterEmail,
        Subject = "Your order 1001 is late, and we are sorry",
        PublicBody = $"Hello Jane,\nyour parcel did not arrive on the day we promised.\nNext update by {nextUpdateBy}.",
        InternalNote = "Promise: 2025-03-03. Carrier: UPS 1Z999AA10123456784, in transit. Remedy: refund shipping.",
        SendPublicly = true,
        Tags = ["late-delivery", "recovery-worker"],
        Priority = TicketPriority.High,
    };

    public static Dictionary<string, string?> Settings(string baseUrl, string timeout = "00:00:15") => new()
    {
        ["Helpdesk:Provider"] = "Zendesk",
        ["Helpdesk:Zendesk:BaseUrl"] = baseUrl,
        ["Helpdesk:Zendesk:Email"] = Email,
        ["Helpdesk:Zendesk:ApiToken"] = ApiToken,
        ["Helpdesk:Zendesk:RequestsPerSecond"] = "100",
        ["Helpdesk:Zendesk:MaxRetryAfterWait"] = "00:00:00",
        ["Helpdesk:Zendesk:Timeout"] = timeout,
    };

    public static ServiceProvider Build(IDictionary<string, string?> settings, bool fakeLogging = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        if (fakeLogging)
        {
            services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = true);
        }
        else
        {
            services.AddLogging();
        }

        return services.AddConnectors(configuration).BuildServiceProvider(validateScopes: true);
    }

    public static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Helpdesks", "Zendesk", "Payloads", file));

    public static string Conformance(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Conformance", .. parts]);

    /// <summary>The ticket payload with another status.</summary>
    public static string TicketWithStatus(string status)
    {
        var json = JsonNode.Parse(Read("ticket.json"))!;
        json["ticket"]!["status"] = status;
        return json.ToJsonString();
    }

    public static void ServeCreate(WireMockServer server, int status = 201, string? body = null, string lookup = "miss") =>
        server.Given(Request.Create().WithPath(TicketsPath).UsingPost())
            .RespondWith(Json(status, body ?? Read("ticket.json")).WithHeader("x-idempotency-lookup", lookup).WithHeader("Location", $"https://acme.zendesk.com/api/v2/tickets/{TicketId}.json"));

    public static void ServeUpdate(WireMockServer server, int status = 200, string? body = null, long ticketId = TicketId) =>
        server.Given(Request.Create().WithPath($"{TicketsPath}/{ticketId}").UsingPut())
            .RespondWith(Json(status, body ?? Read("ticket-updated.json")));

    public static void ServeShow(WireMockServer server, int status = 200, string? body = null) =>
        server.Given(Request.Create().WithPath(TicketPath).UsingGet())
            .RespondWith(Json(status, body ?? Read("ticket.json")));

    public static void ServeFind(WireMockServer server, string body, string externalId = CaseKey) =>
        server.Given(Request.Create().WithPath(TicketsPath).WithParam("external_id", externalId).UsingGet())
            .RespondWith(Json(200, body));

    public static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body);

    public static List<ILogEntry> Calls(WireMockServer server, string method, string path) =>
        server.LogEntries.Where(e => e.RequestMessage?.Method == method && e.RequestMessage.Path == path).ToList();

    public static JsonNode Body(ILogEntry entry) => JsonNode.Parse(entry.RequestMessage!.Body!)!;
}
