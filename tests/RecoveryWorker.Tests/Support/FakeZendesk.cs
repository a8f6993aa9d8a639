using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.ResponseBuilders;
using WireRequest = WireMock.RequestBuilders.Request;

namespace RecoveryWorker.Tests.Support;

/// <summary>
/// A server that speaks the Zendesk Ticketing API at its real paths, with state: tickets, comments, the
/// Idempotency-Key window (same key and body: the first answer again; same key, other body: 400
/// IdempotentRequestError), the external_id list filter, status, and the failures the worker must survive (a create
/// that answers after the client gave up, 429 storms, 401, 422). Built on WireMock so requests are real HTTP.
/// </summary>
internal sealed class FakeZendesk : FakeHelpdeskServer
{
    private readonly ConcurrentDictionary<long, JsonObject> _tickets = new();
    private readonly ConcurrentDictionary<string, (string BodyHash, long TicketId)> _idempotency = new(StringComparer.Ordinal);
    /// <summary>The id of the group named "Supervisors" (the default escalation group).</summary>
    public const long SupervisorsGroupId = 360000200;

    private const long RequesterId = 20978392;
    private const long AgentId = 360001;
    private long _nextId = 1000;
    private readonly ConcurrentQueue<(string? IdempotencyKey, string? Authorization)> _createHeaders = new();

    public FakeZendesk()
    {
        Server.Given(WireRequest.Create().WithPath("/api/v2/tickets").UsingPost()).RespondWith(Response.Create().WithCallback(UnlessDown(CreateAsync)));
        Server.Given(WireRequest.Create().WithPath("/api/v2/tickets").UsingGet()).RespondWith(Response.Create().WithCallback(UnlessDown(r => Task.FromResult<IResponseMessage>(List(r)))));
        Server.Given(WireRequest.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/api/v2/tickets/\d+$")).UsingGet()).RespondWith(Response.Create().WithCallback(UnlessDown(r => Task.FromResult<IResponseMessage>(Show(r)))));
        Server.Given(WireRequest.Create().WithPath("/api/v2/groups").UsingGet()).RespondWith(Response.Create().WithCallback(UnlessDown(_ => Task.FromResult<IResponseMessage>(
            Json(200, $$"""{"groups":[{"id":360000100,"name":"Support","deleted":false},{"id":{{SupervisorsGroupId}},"name":"Supervisors","deleted":false}],"next_page":null,"previous_page":null,"count":2}""")))));
        Server.Given(WireRequest.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/api/v2/tickets/\d+/comments$")).UsingGet()).RespondWith(Response.Create().WithCallback(UnlessDown(r => Task.FromResult<IResponseMessage>(ListComments(r)))));
        Server.Given(WireRequest.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/api/v2/tickets/\d+$")).UsingPut()).RespondWith(Response.Create().WithCallback(UnlessDown(r => Task.FromResult<IResponseMessage>(Update(r)))));
    }

    public IReadOnlyCollection<JsonObject> Tickets => [.. _tickets.Values];

    /// <summary>The Idempotency-Key and Authorization headers of every create, in arrival order.</summary>
    public IReadOnlyList<(string? IdempotencyKey, string? Authorization)> CreateHeaders => [.. _createHeaders];

    /// <summary>The comments on a ticket, oldest first (the first is the create's).</summary>
    public IReadOnlyList<(string Body, bool Public)> Comments(long id) =>
        [.. _tickets[id]["comments"]!.AsArray().Select(c => (c!["body"]!.GetValue<string>(), c["public"]!.GetValue<bool>()))];

    /// <summary>The bodies of the requests that reached the server with this method and path prefix.</summary>
    public IReadOnlyList<string> Requests(string method, string pathStart) =>
        [.. Server.LogEntries.Select(e => e.RequestMessage!).Where(r => r.Method == method && r.Path.StartsWith(pathStart, StringComparison.Ordinal)).Select(r => r.Body ?? "")];

    /// <summary>The requester (the customer) answers on the ticket, as an e-mail reply would.</summary>
    public void CustomerReplies(long id, string body)
    {
        lock (Gate)
        {
            _tickets[id]["comments"]!.AsArray().Add(new JsonObject { ["body"] = body, ["public"] = true, ["author_id"] = RequesterId });
        }
    }

    /// <summary>Marks a ticket solved or closed, as an agent (or Zendesk's automation) would.</summary>
    public void SetStatus(long id, string status) => _tickets[id]["status"] = status;

    /// <summary>An agent adds a tag to the ticket in Zendesk's agent workspace.</summary>
    public void AgentTags(long id, string tag)
    {
        lock (Gate)
        {
            _tickets[id]["tags"]!.AsArray().Add(tag);
        }
    }

    public Dictionary<string, string?> Settings(TimeSpan? timeout = null) => new(ConnectionSettings("Zendesk", timeout))
    {
        ["Helpdesk:Zendesk:Email"] = "agent@shop.example",
        ["Helpdesk:Zendesk:ApiToken"] = "test-zendesk-token",
    };

    private async Task<IResponseMessage> CreateAsync(IRequestMessage request)
    {
        if (CountCreate() is { } status)
        {
            return status switch
            {
                429 => Json(429, """{"error":"APIRateLimitExceeded","description":"Number of allowed API requests per minute exceeded"}""", ("Retry-After", "1")),
                401 => Json(401, """{"error":"Couldn't authenticate you"}"""),
                422 => Json(422, """{"error":"RecordInvalid","description":"Record validation errors","details":{"requester":[{"description":"Requester: Email is not properly formatted","error":"InvalidValue"}]}}"""),
                _ => Json(status, """{"error":"ServiceUnavailable"}"""),
            };
        }

        var body = request.Body ?? "";
        var key = request.Headers?.TryGetValue("Idempotency-Key", out var values) == true ? values.ToString() : null;
        _createHeaders.Enqueue((key, request.Headers?.TryGetValue("Authorization", out var auth) == true ? auth.ToString() : null));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        JsonObject ticket;
        string lookup = "miss";
        lock (Gate)
        {
            if (key is not null && _idempotency.TryGetValue(key, out var seen))
            {
                if (seen.BodyHash != hash)
                {
                    return Json(400, """{"error":"IdempotentRequestError","description":"Request parameters don't match the given idempotency key"}""");
                }

                ticket = _tickets[seen.TicketId];
                lookup = "hit";
            }
            else
            {
                var draft = JsonNode.Parse(body)!["ticket"]!.AsObject();
                var id = ++_nextId;
                ticket = new JsonObject
                {
                    ["id"] = id,
                    ["url"] = $"{Url}/api/v2/tickets/{id}.json",
                    ["external_id"] = draft["external_id"]?.GetValue<string>(),
                    ["subject"] = draft["subject"]?.GetValue<string>(),
                    ["description"] = draft["comment"]?["body"]?.GetValue<string>(),
                    ["status"] = "new",
                    ["priority"] = draft["priority"]?.GetValue<string>(),
                    ["tags"] = draft["tags"]?.DeepClone() ?? new JsonArray(),
                    ["requester_id"] = RequesterId,
                    ["group_id"] = null,
                    ["created_at"] = "2026-11-23T09:00:00Z",
                    ["updated_at"] = "2026-11-23T09:00:00Z",
                    ["comments"] = new JsonArray(new JsonObject { ["body"] = draft["comment"]?["body"]?.GetValue<string>(), ["public"] = draft["comment"]?["public"]?.GetValue<bool>() ?? true }),
                };
                _tickets[id] = ticket;
                if (key is not null)
                {
                    _idempotency[key] = (hash, id);
                }
            }
        }

        await AnswerLateAsync();

        return Json(201, new JsonObject { ["ticket"] = Public(ticket) }.ToJsonString(), ("x-idempotency-lookup", lookup), ("Location", $"{Url}/api/v2/tickets/{ticket["id"]}.json"));
    }

    private ResponseMessage List(IRequestMessage request)
    {
        var externalId = request.Query?.TryGetValue("external_id", out var values) == true ? values.ToString() : null;
        var found = _tickets.Values.Where(t => externalId is null || t["external_id"]?.GetValue<string>() == externalId).OrderBy(t => t["id"]!.GetValue<long>()).Select(t => (JsonNode?)Public(t)).ToArray();
        return Json(200, new JsonObject { ["tickets"] = new JsonArray(found), ["next_page"] = null, ["previous_page"] = null, ["count"] = found.Length }.ToJsonString());
    }

    /// <summary>ListTicketComments: ascending by default, <c>sort_order=desc</c> newest first; agents' comments are ours.</summary>
    private ResponseMessage ListComments(IRequestMessage request)
    {
        if (!_tickets.TryGetValue(IdOf(request, 2), out var ticket))
        {
            return Json(404, """{"error":"RecordNotFound","description":"Not found"}""");
        }

        lock (Gate)
        {
            var comments = ticket["comments"]!.AsArray().Select((c, i) => (JsonNode?)new JsonObject
            {
                ["id"] = i + 1,
                ["type"] = "Comment",
                ["author_id"] = c!["author_id"]?.GetValue<long>() ?? AgentId,
                ["body"] = c["body"]?.GetValue<string>(),
                ["public"] = c["public"]?.GetValue<bool>() ?? true,
                ["created_at"] = "2026-11-23T09:00:00Z",
            }).ToList();
            if (request.Query?.TryGetValue("sort_order", out var order) == true && order.ToString() == "desc")
            {
                comments.Reverse();
            }

            return Json(200, new JsonObject { ["comments"] = new JsonArray([.. comments]), ["next_page"] = null, ["previous_page"] = null, ["count"] = comments.Count }.ToJsonString());
        }
    }

    private ResponseMessage Show(IRequestMessage request) =>
        _tickets.TryGetValue(IdOf(request), out var ticket)
            ? Json(200, new JsonObject { ["ticket"] = Public(ticket) }.ToJsonString())
            : Json(404, """{"error":"RecordNotFound","description":"Not found"}""");

    private ResponseMessage Update(IRequestMessage request)
    {
        if (!_tickets.TryGetValue(IdOf(request), out var ticket))
        {
            return Json(404, """{"error":"RecordNotFound","description":"Not found"}""");
        }

        lock (Gate)
        {
            if (ticket["status"]!.GetValue<string>() == "closed")
            {
                return Json(422, """{"error":"RecordInvalid","description":"Record validation errors","details":{"status":[{"description":"Status: closed prevents ticket update"}]}}""");
            }

            var update = JsonNode.Parse(request.Body ?? "{}")!["ticket"]!.AsObject();
            if (update["comment"] is JsonObject comment)
            {
                ticket["comments"]!.AsArray().Add(new JsonObject { ["body"] = comment["body"]?.GetValue<string>(), ["public"] = comment["public"]?.GetValue<bool>() ?? true });
            }

            foreach (var field in new[] { "status", "priority", "group_id" })
            {
                if (update[field] is { } value)
                {
                    ticket[field] = value.DeepClone();
                }
            }

            foreach (var tag in (update["additional_tags"] ?? update["tags"])?.AsArray() ?? [])
            {
                if (!ticket["tags"]!.AsArray().Any(t => t!.GetValue<string>() == tag!.GetValue<string>()))
                {
                    ticket["tags"]!.AsArray().Add(tag!.GetValue<string>());
                }
            }

            return Json(200, new JsonObject { ["ticket"] = Public(ticket) }.ToJsonString());
        }
    }

    /// <summary>The ticket as the API shows it: comments are not part of a ticket's JSON.</summary>
    private static JsonObject Public(JsonObject ticket)
    {
        var copy = ticket.DeepClone().AsObject();
        copy.Remove("comments");
        return copy;
    }

}
