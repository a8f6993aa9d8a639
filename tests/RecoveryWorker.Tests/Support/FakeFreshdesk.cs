using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.ResponseBuilders;
using WireRequest = WireMock.RequestBuilders.Request;

namespace RecoveryWorker.Tests.Support;

/// <summary>
/// A server that speaks the Freshdesk API v2 at its real paths, with state: tickets (no idempotency, no ticket
/// external id: the worker's case key travels in a tag), notes and replies, numeric statuses, and a search index that
/// lags: a ticket is found by tag only after <see cref="IndexAll"/> (or at once when <see cref="IndexAtOnce"/>).
/// Also the failures the worker must survive: a create answered after the client gave up, 429, 401, 400 validation.
/// </summary>
internal sealed class FakeFreshdesk : FakeHelpdeskServer
{
    private readonly ConcurrentDictionary<long, JsonObject> _tickets = new();
    private readonly ConcurrentDictionary<long, bool> _indexed = new();
    private long _nextId = 500;
    private long _nextConversationId = 9000;

    public FakeFreshdesk()
    {
        Server.Given(WireRequest.Create().WithPath("/api/v2/tickets").UsingPost()).RespondWith(Response.Create().WithCallback(CreateAsync));
        Server.Given(WireRequest.Create().WithPath("/api/v2/search/tickets").UsingGet()).RespondWith(Response.Create().WithCallback(Search));
        Server.Given(WireRequest.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/api/v2/tickets/\d+$")).UsingGet()).RespondWith(Response.Create().WithCallback(Show));
        Server.Given(WireRequest.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/api/v2/tickets/\d+$")).UsingPut()).RespondWith(Response.Create().WithCallback(Update));
        Server.Given(WireRequest.Create().WithPath("/api/v2/groups").UsingGet()).RespondWith(Response.Create().WithCallback(_ =>
            Json(200, $$"""[{"id":80000010,"name":"Support"},{"id":{{SupervisorsGroupId}},"name":"Supervisors"}]""")));
        Server.Given(WireRequest.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/api/v2/tickets/\d+/conversations$")).UsingGet()).RespondWith(Response.Create().WithCallback(ListConversations));
        Server.Given(WireRequest.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/api/v2/tickets/\d+/(notes|reply)$")).UsingPost()).RespondWith(Response.Create().WithCallback(Converse));
    }

    /// <summary>Search sees new tickets at once (no index lag).</summary>
    public bool IndexAtOnce { get; set; }

    /// <summary>Every search request that reached the server.</summary>
    public int Searches => Server.LogEntries.Count(e => e.RequestMessage!.Path == "/api/v2/search/tickets");

    public IReadOnlyCollection<JsonObject> Tickets => [.. _tickets.Values];

    /// <summary>A ticket's notes and replies, oldest first.</summary>
    public IReadOnlyList<(string Body, bool Private)> Conversations(long id) =>
        [.. _tickets[id]["conversations"]!.AsArray().Select(c => (c!["body"]!.GetValue<string>(), c["private"]!.GetValue<bool>()))];

    /// <summary>The search index catches up with every ticket made so far.</summary>
    public void IndexAll()
    {
        foreach (var id in _tickets.Keys)
        {
            _indexed[id] = true;
        }
    }

    /// <summary>Resolves or closes a ticket, as an agent would (4 resolved, 5 closed).</summary>
    public void SetStatus(long id, int status) => _tickets[id]["status"] = status;

    public Dictionary<string, string?> Settings(TimeSpan? timeout = null, TimeSpan? lookupDelay = null) => new(ConnectionSettings("Freshdesk", timeout))
    {
        ["Helpdesk:Freshdesk:ApiKey"] = "test-freshdesk-key",
        ["Helpdesk:Freshdesk:LookupDelay"] = (lookupDelay ?? TimeSpan.FromMinutes(10)).ToString("c", CultureInfo.InvariantCulture),
    };

    private async Task<IResponseMessage> CreateAsync(IRequestMessage request)
    {
        if (CountCreate() is { } status)
        {
            return status switch
            {
                429 => Json(429, """{"message":"You have exceeded the limit of requests per minute"}""", ("Retry-After", "1")),
                401 => Json(401, """{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}"""),
                400 => Json(400, """{"description":"Validation failed","errors":[{"field":"email","message":"It should be in the 'valid email address' format","code":"invalid_value"}]}"""),
                _ => Json(status, """{"message":"Service unavailable"}"""),
            };
        }

        var draft = JsonNode.Parse(request.Body ?? "{}")!.AsObject();
        JsonObject ticket;
        lock (Gate)
        {
            var id = ++_nextId;
            ticket = new JsonObject
            {
                ["id"] = id,
                ["subject"] = draft["subject"]?.GetValue<string>(),
                ["description"] = draft["description"]?.GetValue<string>(),
                ["description_text"] = draft["description"]?.GetValue<string>(),
                ["status"] = draft["status"]?.GetValue<int>() ?? 2,
                ["priority"] = draft["priority"]?.GetValue<int>() ?? 1,
                ["source"] = draft["source"]?.GetValue<int>() ?? 2,
                ["tags"] = draft["tags"]?.DeepClone() ?? new JsonArray(),
                ["requester_id"] = 43000123456,
                ["group_id"] = null,
                ["responder_id"] = null,
                ["type"] = null,
                ["is_escalated"] = false,
                ["custom_fields"] = new JsonObject(),
                ["created_at"] = "2026-11-23T09:00:00Z",
                ["updated_at"] = "2026-11-23T09:00:00Z",
                ["conversations"] = new JsonArray(),
            };
            _tickets[id] = ticket;
            _indexed[id] = IndexAtOnce;
        }

        await AnswerLateAsync();

        return Json(201, Public(ticket).ToJsonString(), ("Location", $"{Url}/api/v2/tickets/{ticket["id"]}"));
    }

    private IResponseMessage Search(IRequestMessage request)
    {
        // query="tag:'rw-...'" (double quotes included, as Freshdesk requires)
        var query = request.Query?.TryGetValue("query", out var values) == true ? values.ToString() : "";
        var start = query.IndexOf("tag:'", StringComparison.Ordinal);
        if (!query.StartsWith('"') || !query.EndsWith('"') || start < 0)
        {
            return Json(400, """{"description":"Validation failed","errors":[{"field":"query","message":"It should be a valid query","code":"invalid_value"}]}""");
        }

        var tag = query[(start + 5)..query.IndexOf('\'', start + 5)];
        var found = _tickets.Values
            .Where(t => _indexed.GetValueOrDefault(t["id"]!.GetValue<long>()) && t["tags"]!.AsArray().Any(x => string.Equals(x!.GetValue<string>(), tag, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(t => t["id"]!.GetValue<long>()).Select(t => (JsonNode?)Public(t)).ToArray();
        return Json(200, new JsonObject { ["results"] = new JsonArray(found), ["total"] = found.Length }.ToJsonString());
    }

    private IResponseMessage Show(IRequestMessage request) =>
        _tickets.TryGetValue(IdOf(request, 1), out var ticket)
            ? Json(200, Public(ticket).ToJsonString())
            : Json(404, "");

    private IResponseMessage Update(IRequestMessage request)
    {
        if (!_tickets.TryGetValue(IdOf(request, 1), out var ticket))
        {
            return Json(404, "");
        }

        lock (Gate)
        {
            var update = JsonNode.Parse(request.Body ?? "{}")!.AsObject();
            foreach (var field in new[] { "status", "priority", "group_id", "tags" })
            {
                if (update[field] is { } value)
                {
                    ticket[field] = value.DeepClone();
                }
            }

            return Json(200, Public(ticket).ToJsonString());
        }
    }

    private IResponseMessage Converse(IRequestMessage request)
    {
        if (!_tickets.TryGetValue(IdOf(request, 2), out var ticket))
        {
            return Json(404, "");
        }

        var body = JsonNode.Parse(request.Body ?? "{}")!.AsObject();
        var isNote = request.Path.EndsWith("/notes", StringComparison.Ordinal);
        lock (Gate)
        {
            var conversation = new JsonObject
            {
                ["id"] = ++_nextConversationId,
                ["body"] = body["body"]?.GetValue<string>(),
                ["body_text"] = body["body"]?.GetValue<string>(),
                ["private"] = isNote && (body["private"]?.GetValue<bool>() ?? true),
                ["incoming"] = false,
                ["ticket_id"] = ticket["id"]!.GetValue<long>(),
                ["created_at"] = "2026-11-23T09:00:00Z",
                ["updated_at"] = "2026-11-23T09:00:00Z",
            };
            ticket["conversations"]!.AsArray().Add(conversation.DeepClone());
            return Json(201, conversation.ToJsonString());
        }
    }

    /// <summary>The id of the group named "Supervisors" (the default escalation group).</summary>
    public const long SupervisorsGroupId = 80000020;

    /// <summary>The customer answers by e-mail: an incoming public conversation.</summary>
    public void CustomerReplies(long id, string body)
    {
        lock (Gate)
        {
            _tickets[id]["conversations"]!.AsArray().Add(new JsonObject
            {
                ["id"] = ++_nextConversationId,
                ["body"] = body,
                ["body_text"] = body,
                ["private"] = false,
                ["incoming"] = true,
                ["ticket_id"] = id,
                ["created_at"] = "2026-11-23T10:00:00Z",
                ["updated_at"] = "2026-11-23T10:00:00Z",
            });
        }
    }

    /// <summary>List All Conversations of a Ticket: oldest first.</summary>
    private IResponseMessage ListConversations(IRequestMessage request)
    {
        if (!_tickets.TryGetValue(IdOf(request, 2), out var ticket))
        {
            return Json(404, "");
        }

        lock (Gate)
        {
            return Json(200, ticket["conversations"]!.ToJsonString());
        }
    }

    /// <summary>The ticket as the API shows it: conversations only come with ?include=conversations.</summary>
    private static JsonObject Public(JsonObject ticket)
    {
        var copy = ticket.DeepClone().AsObject();
        copy.Remove("conversations");
        return copy;
    }

}
