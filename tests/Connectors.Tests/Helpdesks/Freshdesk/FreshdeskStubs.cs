using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Helpdesks.Freshdesk;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace RecoveryWorker.Connectors.Tests.Helpdesks.Freshdesk;

/// <summary>Freshdesk-shaped answers at Freshdesk's paths, and the connector built through the real AddConnectors.</summary>
internal static class FreshdeskStubs
{
    public const string ApiKey = "fd-test-api-key-7Hq2";
    public const string CaseKey = "3f1c2b9e-6a0d-4e57-9a52-0c1f7d1e8a44:late:1";
    public const string Email = "ana.customer@example.com";
    public const string RequesterName = "Ana Kowalska";
    public const string TicketsPath = "/api/v2/tickets";
    public const string SearchPath = "/api/v2/search/tickets";

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Helpdesks", "Freshdesk", "Payloads", name));

    public static string Conformance(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Conformance", .. parts]);

    public static TicketDraft Draft(bool sendPublicly = true, TicketPriority priority = TicketPriority.High) => new()
    {
        ExternalId = CaseKey,
        RequesterName = RequesterName,
        RequesterEmail = Email,
        Subject = "Your parcel is late: we are sorry",
        PublicBody = "Hello Ana,\nyour parcel did not arrive on time <sorry> & we refund shipping.\r\nNext update by 14:00.",
        InternalNote = "Case " + CaseKey + "\nUPS 1Z999AA10123456784 promised 2026-03-01, still in transit.\nRemedy: refund shipping.",
        SendPublicly = sendPublicly,
        Tags = ["delivery-late", "recovery-worker"],
        Priority = priority,
    };

    /// <summary>The connector through AddConnectors with Helpdesk:Provider=Freshdesk; the provider is disposed by the caller.</summary>
    public static (ServiceProvider Provider, IHelpdesk Helpdesk) Build(string baseUrl, Action<IServiceCollection>? logging = null, Dictionary<string, string?>? overrides = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Helpdesk:Provider"] = "Freshdesk",
            ["Helpdesk:Freshdesk:BaseUrl"] = baseUrl,
            ["Helpdesk:Freshdesk:ApiKey"] = ApiKey,
            ["Helpdesk:Freshdesk:RequestsPerSecond"] = "100",
            ["Helpdesk:Freshdesk:MaxRetryAfterWait"] = "00:00:00",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        if (logging is null)
        {
            services.AddLogging();
        }
        else
        {
            logging(services);
        }

        var provider = services.AddSingleton<IConfiguration>(configuration).AddConnectors(configuration).BuildServiceProvider(validateScopes: true);
        return (provider, provider.GetRequiredService<IHelpdesk>());
    }

    public static void ServeCreate(WireMockServer server, int status = 201, string? body = null, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body ?? Read("ticket-created.json"));
        if (delay is { } wait)
        {
            response = response.WithDelay(wait);
        }

        server.Given(Request.Create().WithPath(TicketsPath).UsingPost()).RespondWith(response);
    }

    public static void ServeNotes(WireMockServer server, long ticketId, int status = 201, string? body = null) =>
        server.Given(Request.Create().WithPath($"{TicketsPath}/{ticketId}/notes").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body ?? Read("note-created.json")));

    public static void ServeReply(WireMockServer server, long ticketId, int status = 201) =>
        server.Given(Request.Create().WithPath($"{TicketsPath}/{ticketId}/reply").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(Read("reply-created.json")));

    public static void ServeTicket(WireMockServer server, long ticketId, int status = 200, string? body = null) =>
        server.Given(Request.Create().WithPath($"{TicketsPath}/{ticketId}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body ?? Ticket(ticketId)));

    public static void ServeUpdate(WireMockServer server, long ticketId) =>
        server.Given(Request.Create().WithPath($"{TicketsPath}/{ticketId}").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(Ticket(ticketId, status: 2)));

    public static void ServeSearch(WireMockServer server, params long[] ticketIds) =>
        server.Given(Request.Create().WithPath(SearchPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(Search(ticketIds)));

    /// <summary>A View a Ticket answer with the given id, status and tags.</summary>
    public static string Ticket(long id, int? status = null, params string[] tags)
    {
        var ticket = JsonNode.Parse(Read("ticket-view.json"))!.AsObject();
        ticket["id"] = id;
        if (status is { } s)
        {
            ticket["status"] = s;
        }

        if (tags.Length > 0)
        {
            ticket["tags"] = new JsonArray([.. tags.Select(t => JsonValue.Create(t))]);
        }

        return ticket.ToJsonString();
    }

    /// <summary>A Filter Tickets answer: each ticket carries the case tag, as Freshdesk's search returns whole tickets.</summary>
    public static string Search(params long[] ticketIds)
    {
        var results = new JsonArray([.. ticketIds.Select(id => JsonNode.Parse(Ticket(id, 2, "delivery-late", FreshdeskHelpdesk.CaseTag(CaseKey))))]);
        return new JsonObject { ["results"] = results, ["total"] = ticketIds.Length }.ToJsonString();
    }

    public static List<ILogEntry> Calls(WireMockServer server, string method, string path) =>
        server.LogEntries.Where(e => e.RequestMessage?.Method == method && e.RequestMessage.Path == path).ToList();

    public static JsonObject Body(ILogEntry entry) => JsonNode.Parse(entry.RequestMessage!.Body!)!.AsObject();
}
