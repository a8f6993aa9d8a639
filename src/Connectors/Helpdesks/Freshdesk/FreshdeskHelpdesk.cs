using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;
using RestSharp;
using RestSharp.Authenticators;

namespace RecoveryWorker.Connectors.Helpdesks.Freshdesk;

/// <summary>
/// Apology tickets in Freshdesk (API v2). Freshdesk has no idempotency key and no ticket external id, so the case key
/// travels as a tag (<see cref="CaseTag"/>) and <see cref="FindTicketAsync"/> searches for it; the search index lags
/// by minutes (<see cref="LookupDelay"/>). Every write is sent once: the HTTP client retries reads only. Vendor
/// failures are results; only cancellation throws.
/// </summary>
internal sealed partial class FreshdeskHelpdesk(
    HttpClient http,
    IOptions<FreshdeskOptions> options,
    TimeProvider time,
    ILogger<FreshdeskHelpdesk> logger) : IHelpdesk
{
    public const string ProviderName = FreshdeskServiceCollectionExtensions.ProviderName;

    private const string TicketsPath = "api/v2/tickets";
    private const string TicketPath = "api/v2/tickets/{id}";
    private const string NotesPath = "api/v2/tickets/{id}/notes";
    private const string ConversationsPath = "api/v2/tickets/{id}/conversations";
    private const string GroupsPath = "api/v2/groups";
    private const int MaxGroupPages = 20;
    private const string ReplyPath = "api/v2/tickets/{id}/reply";
    private const string SearchPath = "api/v2/search/tickets";

    private const int OpenStatus = 2;
    private const int ResolvedStatus = 4;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private readonly FreshdeskOptions _options = options.Value;

    public string Name => ProviderName;

    public TimeSpan LookupDelay => _options.LookupDelay;

    /// <summary>
    /// The tag that carries a case key on its ticket: "rw" and the first 30 lowercase hex digits (120 bits) of the
    /// SHA-256 of the key, 32 characters in all, the same for the same key on every call and every process.
    /// Why not the key itself ("rw-" + key with ':' replaced): the key (a GUID, the breach kind and a number) is 45+
    /// characters, and Freshdesk does not document a tag length limit for the API, while its validator is reported to
    /// cap tags at 32 characters (unverified); a tag it cut or refused would lose the key. Why only [a-z0-9]: Filter
    /// Tickets quotes string values in single quotes inside a double-quoted query (<c>"tag:'x'"</c>), tags are split
    /// on commas in the agent UI and matched case-insensitively, so quotes, commas, colons, spaces and capitals are out,
    /// and without a hyphen the value is one token whatever analyzer the search index uses. The readable case key is
    /// in the internal note.
    /// </summary>
    public static string CaseTag(string externalId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(externalId));
        return "rw" + Convert.ToHexStringLower(hash)[..30];
    }

    /// <summary>Plain text as Freshdesk HTML: encoded, line breaks as &lt;br&gt;.</summary>
    public static string Html(string text) =>
        WebUtility.HtmlEncode(text ?? "").ReplaceLineEndings("\n").Replace("\n", "<br>", StringComparison.Ordinal);

    /// <summary>Low 1, Normal 2 (Freshdesk "Medium"), High 3, Urgent 4.</summary>
    public static int Priority(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => 1,
        TicketPriority.High => 3,
        TicketPriority.Urgent => 4,
        _ => 2,
    };

    /// <summary>2 Open, 3 Pending, 4 Resolved (our Solved), 5 Closed; null for the account's custom statuses.</summary>
    public static HelpdeskTicketStatus? Status(int status) => status switch
    {
        2 => HelpdeskTicketStatus.Open,
        3 => HelpdeskTicketStatus.Pending,
        4 => HelpdeskTicketStatus.Solved,
        5 => HelpdeskTicketStatus.Closed,
        _ => null,
    };

    /// <summary>Heads the private note holding the apology in draft mode (Tickets:Mode=Draft).</summary>
    internal const string DraftNotice = "Drafted apology, not sent to the customer: review it and send it as the reply.\n\n";

    public async Task<ConnectorResult<TicketRef>> OpenTicketAsync(TicketDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (string.IsNullOrWhiteSpace(draft.ExternalId))
        {
            return new ConnectorError(ConnectorErrorKind.Rejected, "Freshdesk ticket create: the case key is empty");
        }

        var tag = CaseTag(draft.ExternalId);
        var apology = Html(draft.PublicBody);
        var body = new FreshdeskCreateTicket
        {
            Email = draft.RequesterEmail,
            Name = string.IsNullOrWhiteSpace(draft.RequesterName) ? null : draft.RequesterName,
            Subject = draft.Subject,
            // A Freshdesk description is the requester's side of the ticket, readable in the customer portal: in draft
            // mode it carries the subject only, and the apology waits in a private note for the agent to send.
            Description = draft.SendPublicly ? apology : Html(draft.Subject),
            Status = OpenStatus,
            Priority = Priority(draft.Priority),
            Source = _options.TicketSource,
            Tags = [.. draft.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Append(tag).Distinct(StringComparer.OrdinalIgnoreCase)],
        };

        using var rest = Rest();
        var response = await SendAsync(rest, Method.Post, TicketsPath, null, body, "ticket create", cancellationToken);
        if (!Succeeded(response))
        {
            var error = Failure("Freshdesk ticket create", response, draft);
            logger.OpenFailed(draft.ExternalId, error.Kind, error.Message);
            return error;
        }

        if (Read<FreshdeskTicket>(response.Content)?.Id is not { } id || id <= 0)
        {
            // The ticket was most likely created: say how to find it rather than inviting a second create.
            var error = HttpErrors.Malformed("Freshdesk ticket create", $"HTTP {(int)response.StatusCode} without a ticket id; the ticket may exist with tag {tag}");
            logger.OpenFailed(draft.ExternalId, error.Kind, error.Message);
            return error;
        }

        logger.TicketOpened(draft.ExternalId, id);
        var ticket = Ref(id);

        // The ticket exists: the follow-on writes are best effort, because a second ticket must never happen.
        try
        {
            if (draft.SendPublicly)
            {
                // An API-created ticket's description is not e-mailed as an agent reply: the reply is what the customer gets.
                var reply = await SendAsync(rest, Method.Post, ReplyPath, ticket.Id, new FreshdeskReply(apology), "reply", cancellationToken);
                if (!Succeeded(reply))
                {
                    var error = Failure("Freshdesk reply", reply, draft);
                    logger.FollowOnFailed(draft.ExternalId, id, "public reply (the apology e-mail)", error.Kind, error.Message);
                }
            }

            else
            {
                var held = await SendAsync(rest, Method.Post, NotesPath, ticket.Id, new FreshdeskNote(Html(DraftNotice + draft.PublicBody), Private: true), "note", cancellationToken);
                if (!Succeeded(held))
                {
                    var error = Failure("Freshdesk note", held, draft);
                    logger.FollowOnFailed(draft.ExternalId, id, "drafted apology note", error.Kind, error.Message);
                }
            }

            var note = await SendAsync(rest, Method.Post, NotesPath, ticket.Id, new FreshdeskNote(Html(draft.InternalNote), Private: true), "note", cancellationToken);
            if (!Succeeded(note))
            {
                var error = Failure("Freshdesk note", note, draft);
                logger.FollowOnFailed(draft.ExternalId, id, "internal note", error.Kind, error.Message);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down after the create: hand the ticket back rather than lose it.
            logger.FollowOnFailed(draft.ExternalId, id, "reply or internal note", ConnectorErrorKind.Transient, "cancelled");
        }

        return ticket;
    }

    public async Task<ConnectorResult<TicketRef?>> FindTicketAsync(string externalId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(externalId))
        {
            return new ConnectorError(ConnectorErrorKind.Rejected, "Freshdesk ticket search: the case key is empty");
        }

        var tag = CaseTag(externalId);
        using var rest = Rest();
        var request = new RestRequest(SearchPath).AddQueryParameter("query", $"\"tag:'{tag}'\"");
        var response = await ExecuteAsync(rest, request, "ticket search", cancellationToken);
        if (!Succeeded(response))
        {
            var error = Failure("Freshdesk ticket search", response, null);
            logger.FindFailed(externalId, error.Kind, error.Message);
            return error;
        }

        if (Read<FreshdeskSearchResult>(response.Content)?.Results is not { } results)
        {
            var error = HttpErrors.Malformed("Freshdesk ticket search", "the answer has no results array");
            logger.FindFailed(externalId, error.Kind, error.Message);
            return error;
        }

        // Results without tags are trusted (the search matched them); results with tags must carry ours.
        var ids = results
            .Where(t => t?.Id is > 0 && (t.Tags is null || t.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)))
            .Select(t => t!.Id!.Value)
            .ToList();
        if (ids.Count == 0)
        {
            return ConnectorResult.Success<TicketRef?>(null);
        }

        var first = ids.Min();
        logger.TicketFound(externalId, ids.Count, first);
        return Ref(first);
    }

    public async Task<ConnectorResult<TicketRef>> AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(comment);
        if (!IsTicketId(ticket.Id))
        {
            return NotFound(ticket);
        }

        using var rest = Rest();
        var response = comment.Public
            ? await SendAsync(rest, Method.Post, ReplyPath, ticket.Id, new FreshdeskReply(Html(comment.Body)), "reply", cancellationToken)
            : await SendAsync(rest, Method.Post, NotesPath, ticket.Id, new FreshdeskNote(Html(comment.Body), Private: true), "note", cancellationToken);
        return Succeeded(response) ? ticket : Failed(comment.Public ? "reply" : "note", ticket, response);
    }

    public async Task<ConnectorResult<HelpdeskTicketStatus>> GetStatusAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        var read = await ReadTicketAsync(ticket, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        if (read.Value?.Status is not { } status)
        {
            var error = HttpErrors.Malformed($"Freshdesk ticket {ticket.Id}", "the answer has no status");
            logger.CallFailed("ticket read", ticket.Id, error.Kind, error.Message);
            return error;
        }

        if (Status(status) is { } known)
        {
            return known;
        }

        logger.CustomStatus(ticket.Id, status);
        return HelpdeskTicketStatus.Open;
    }

    /// <summary>The ticket's <c>tags</c> field.</summary>
    public async Task<ConnectorResult<IReadOnlyList<string>>> GetTagsAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        var read = await ReadTicketAsync(ticket, cancellationToken);
        return read.IsSuccess
            ? ConnectorResult.Success<IReadOnlyList<string>>([.. (read.Value?.Tags ?? []).OfType<string>()])
            : read.Error!;
    }

    /// <summary>One ticket as Freshdesk answers it (null when the answer has no body to read).</summary>
    private async Task<ConnectorResult<FreshdeskTicket?>> ReadTicketAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (!IsTicketId(ticket.Id))
        {
            return NotFound(ticket);
        }

        using var rest = Rest();
        var response = await ExecuteAsync(rest, new RestRequest(TicketPath).AddUrlSegment("id", ticket.Id), "ticket read", cancellationToken);
        return Succeeded(response) ? ConnectorResult.Success(Read<FreshdeskTicket>(response.Content)) : Failed("ticket read", ticket, response);
    }

    public async Task<ConnectorResult<TicketRef>> ReopenAsync(TicketRef ticket, TicketComment note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(note);
        if (!IsTicketId(ticket.Id))
        {
            return NotFound(ticket);
        }

        using var rest = Rest();
        var noted = await SendAsync(rest, Method.Post, NotesPath, ticket.Id, new FreshdeskNote(Html(note.Body), Private: true), "note", cancellationToken);
        if (!Succeeded(noted))
        {
            return Failed("reopen note", ticket, noted);
        }

        var reopened = await SendAsync(rest, Method.Put, TicketPath, ticket.Id, new FreshdeskTicketUpdate { Status = OpenStatus }, "reopen", cancellationToken);
        return Succeeded(reopened) ? ticket : Failed("reopen", ticket, reopened);
    }

    public async Task<ConnectorResult<SolveOutcome>> SolveAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var status = await GetStatusAsync(ticket, cancellationToken);
        if (!status.IsSuccess)
        {
            return status.Error!;
        }

        if (status.Value is HelpdeskTicketStatus.Solved or HelpdeskTicketStatus.Closed)
        {
            return SolveOutcome.AlreadyDone;
        }

        // The customer has the last word when the newest public conversation came in from outside.
        using var rest = Rest();
        var response = await ExecuteAsync(rest, new RestRequest(ConversationsPath).AddUrlSegment("id", ticket.Id), "conversations read", cancellationToken);
        if (!Succeeded(response))
        {
            return Failed("conversations read", ticket, response);
        }

        var newestPublic = (Read<List<FreshdeskConversation?>>(response.Content) ?? [])
            .Where(c => c is not null && c.Private != true).OrderByDescending(c => c!.CreatedAt).Take(2).ToList();
        if (SolvePolicy.CustomerHasTheLastWord([.. newestPublic.Select(c => c!.Incoming == true)]))
        {
            return SolveOutcome.LeftOpenCustomerReplied;
        }

        var resolved = await SendAsync(rest, Method.Put, TicketPath, ticket.Id, new FreshdeskTicketUpdate { Status = ResolvedStatus }, "resolve", cancellationToken);
        return Succeeded(resolved) ? SolveOutcome.Solved : Failed("resolve", ticket, resolved);
    }

    public async Task<ConnectorResult<HelpdeskGroup?>> FindGroupAsync(string idOrName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrName);
        using var rest = Rest();
        var wanted = idOrName.Trim();
        for (var page = 1; page <= MaxGroupPages; page++)
        {
            var request = new RestRequest(GroupsPath).AddQueryParameter("per_page", "100").AddQueryParameter("page", page.ToString(CultureInfo.InvariantCulture));
            var response = await ExecuteAsync(rest, request, "group list", cancellationToken);
            if (!Succeeded(response))
            {
                return Failed("group list", new TicketRef(ProviderName, "-"), response);
            }

            var groups = Read<List<FreshdeskGroup?>>(response.Content);
            if (groups is null)
            {
                return HttpErrors.Malformed("Freshdesk group list", "the answer is not a list of groups");
            }

            var found = groups.FirstOrDefault(g => g?.Id is not null
                && (g.Id.Value.ToString(CultureInfo.InvariantCulture) == wanted || string.Equals(g.Name?.Trim(), wanted, StringComparison.OrdinalIgnoreCase)));
            if (found is not null)
            {
                return new HelpdeskGroup(found.Id!.Value.ToString(CultureInfo.InvariantCulture), found.Name ?? "");
            }

            if (groups.Count < 100)
            {
                break;
            }
        }

        return (HelpdeskGroup?)null;
    }

    public async Task<ConnectorResult<TicketRef>> EscalateAsync(TicketRef ticket, TicketEscalation escalation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(escalation);
        if (!IsTicketId(ticket.Id))
        {
            return NotFound(ticket);
        }

        using var rest = Rest();

        // PUT replaces the whole tags array: read the tags first so the case tag and the agents' tags survive.
        var read = await ExecuteAsync(rest, new RestRequest(TicketPath).AddUrlSegment("id", ticket.Id), "ticket read", cancellationToken);
        if (!Succeeded(read))
        {
            return Failed("escalation read", ticket, read);
        }

        if (Read<FreshdeskTicket>(read.Content) is not { Id: > 0 } current)
        {
            var error = HttpErrors.Malformed($"Freshdesk ticket {ticket.Id}", "the answer is not a ticket");
            logger.CallFailed("escalation read", ticket.Id, error.Kind, error.Message);
            return error;
        }

        long? groupId = null;
        if (!string.IsNullOrWhiteSpace(escalation.Group))
        {
            if (long.TryParse(escalation.Group, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
            {
                groupId = parsed;
            }
            else
            {
                logger.GroupNotNumeric(ticket.Id, escalation.Group);
            }
        }

        var tags = (current.Tags ?? []).OfType<string>();
        if (!string.IsNullOrWhiteSpace(escalation.Tag))
        {
            tags = tags.Append(escalation.Tag);
        }

        var update = new FreshdeskTicketUpdate
        {
            Priority = Priority(escalation.Priority),
            Tags = [.. tags.Distinct(StringComparer.OrdinalIgnoreCase)],
            GroupId = groupId,
        };
        var updated = await SendAsync(rest, Method.Put, TicketPath, ticket.Id, update, "escalation", cancellationToken);
        if (!Succeeded(updated))
        {
            return Failed("escalation", ticket, updated);
        }

        var noted = await SendAsync(rest, Method.Post, NotesPath, ticket.Id, new FreshdeskNote(Html(escalation.Note), Private: true), "note", cancellationToken);
        return Succeeded(noted) ? ticket : Failed("escalation note", ticket, noted);
    }

    private RestClient Rest() =>
        // RestSharp over the factory-managed HttpClient: the client is not disposed with the RestClient.
        new(http, new RestClientOptions(_options.BaseUrl)
        {
            // Freshdesk: the API key as user name and any password ("X"): Authorization: Basic base64("{key}:X").
            Authenticator = new HttpBasicAuthenticator(_options.ApiKey, "X"),
        }, disposeHttpClient: false);

    private Task<RestResponse> SendAsync<TBody>(RestClient rest, Method method, string path, string? ticketId, TBody body, string operation, CancellationToken cancellationToken)
    {
        var request = new RestRequest(path, method).AddStringBody(JsonSerializer.Serialize(body, Json), ContentType.Json);
        if (ticketId is not null)
        {
            request.AddUrlSegment("id", ticketId);
        }

        return ExecuteAsync(rest, request, operation, cancellationToken);
    }

    private async Task<RestResponse> ExecuteAsync(RestClient rest, RestRequest request, string operation, CancellationToken cancellationToken)
    {
        request.AddHeader("Accept", "application/json");
        var started = time.GetTimestamp();
        var response = await rest.ExecuteAsync(request, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = time.GetElapsedTime(started);
        logger.Called(operation, (int)response.StatusCode, (long)elapsed.TotalMilliseconds);
        return response;
    }

    private static bool Succeeded(RestResponse response) => response.IsSuccessStatusCode && response.ResponseStatus == ResponseStatus.Completed;

    private ConnectorError Failed(string operation, TicketRef ticket, RestResponse response)
    {
        var error = Failure($"Freshdesk {operation} for ticket {ticket.Id}", response, null);
        logger.CallFailed(operation, ticket.Id, error.Kind, error.Message);
        return error;
    }

    /// <summary>
    /// An HTTP failure as a result, with Freshdesk's own explanation: for validation errors (400, and 422 should it
    /// come) each field, code and message. Messages are scrubbed of e-mail addresses and of the requester's name, so
    /// the error can be shown on the case without personal data.
    /// </summary>
    private static ConnectorError Failure(string what, RestResponse response, TicketDraft? draft)
    {
        var error = HttpErrors.FromResponse(response, what);
        if (error.Kind is ConnectorErrorKind.Transient || Read<FreshdeskErrorBody>(response.Content) is not { } body)
        {
            return error;
        }

        string? detail = null;
        if (body.Errors is { Count: > 0 } errors)
        {
            var fields = errors.OfType<FreshdeskFieldError>()
                .Select(e => $"{e.Field ?? "?"} {e.Code ?? "?"}" + (string.IsNullOrWhiteSpace(e.Message) ? "" : $" ({Scrub(e.Message, draft)})"));
            detail = $"{Scrub(body.Description ?? "Validation failed", draft)}: {string.Join("; ", fields)}";
        }
        else if (body.Code is not null || body.Message is not null)
        {
            detail = string.Join(": ", new[] { body.Code, body.Message is null ? null : Scrub(body.Message, draft) }.Where(s => !string.IsNullOrWhiteSpace(s)));
        }
        else if (body.Description is not null)
        {
            detail = Scrub(body.Description, draft);
        }

        return string.IsNullOrWhiteSpace(detail) ? error : error with { Message = $"{error.Message} (Freshdesk {detail})" };
    }

    private static string Scrub(string text, TicketDraft? draft)
    {
        var scrubbed = EmailLike().Replace(text, "[e-mail]");
        if (draft is not null)
        {
            foreach (var personal in new[] { draft.RequesterEmail, draft.RequesterName })
            {
                if (!string.IsNullOrWhiteSpace(personal) && personal.Length > 2)
                {
                    scrubbed = scrubbed.Replace(personal, "[requester]", StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        return scrubbed;
    }

    private static T? Read<T>(string? content)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(content, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsTicketId(string? id) => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;

    private static TicketRef Ref(long id) => new(ProviderName, id.ToString(CultureInfo.InvariantCulture));

    private static ConnectorError NotFound(TicketRef ticket) => new(ConnectorErrorKind.NotFound, $"Freshdesk ticket '{ticket.Id}' is not a Freshdesk ticket id");

    [GeneratedRegex(@"[^\s@<>()""',;:]+@[^\s@<>()""',;:]+", RegexOptions.CultureInvariant)]
    private static partial Regex EmailLike();
}
