using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;
using RestSharp;
using RestSharp.Authenticators;

namespace RecoveryWorker.Connectors.Helpdesks.Zendesk;

/// <summary>
/// Apology tickets in Zendesk Support over its Ticketing API, authenticated with "{email}/token" and an API token.
/// A create carries the case key both as Idempotency-Key (a retry within Zendesk's key window returns the first
/// ticket) and as external_id (the consistent list filter finds it afterwards). Writes are sent once per call: the
/// HttpClient retries reads only. Vendor failures are results; only cancellation throws.
/// </summary>
internal sealed class ZendeskHelpdesk(HttpClient http, IOptions<ZendeskOptions> options, TimeProvider time, ILogger<ZendeskHelpdesk> logger) : IHelpdesk
{
    public const string ProviderName = "Zendesk";

    private const string TicketsPath = "api/v2/tickets";

    private const string TicketPath = "api/v2/tickets/{id}";
    private const string CommentsPath = "api/v2/tickets/{id}/comments";
    private const string GroupsPath = "api/v2/groups";
    private const string IdempotentRequestError = "IdempotentRequestError";

    /// <summary>A case key is on one ticket, a few at worst: this many pages means something else is wrong.</summary>
    private const int MaxLookupPages = 20;

    private static readonly Dictionary<string, HelpdeskTicketStatus> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["new"] = HelpdeskTicketStatus.New,
        ["open"] = HelpdeskTicketStatus.Open,
        ["pending"] = HelpdeskTicketStatus.Pending,
        ["hold"] = HelpdeskTicketStatus.OnHold,
        ["solved"] = HelpdeskTicketStatus.Solved,
        ["closed"] = HelpdeskTicketStatus.Closed,
    };

    private readonly ZendeskOptions _options = options.Value;

    public string Name => ProviderName;

    /// <summary>GET /api/v2/tickets?external_id= is a list filter on the database, not the search index: no lag.</summary>
    public TimeSpan LookupDelay => TimeSpan.Zero;

    public async Task<ConnectorResult<TicketRef>> OpenTicketAsync(TicketDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var call = $"Zendesk create for case {draft.ExternalId}";
        if (string.IsNullOrWhiteSpace(draft.ExternalId))
        {
            return new ConnectorError(ConnectorErrorKind.Rejected, "Zendesk create: the draft has no external id, so it could not be made idempotent");
        }

        using var rest = NewClient();
        var body = new ZendeskTicketWrite
        {
            Subject = draft.Subject,
            Comment = new ZendeskCommentWrite(draft.PublicBody, draft.SendPublicly),
            Requester = new ZendeskRequesterWrite(draft.RequesterName, draft.RequesterEmail),
            Tags = draft.Tags,
            Priority = Priority(draft.Priority),
            ExternalId = draft.ExternalId,
        };
        var request = Json(new RestRequest(TicketsPath, Method.Post), body).AddHeader("Idempotency-Key", draft.ExternalId);
        var response = await SendAsync(rest, request, call, cancellationToken);

        if (Succeeded(response))
        {
            if (Read<ZendeskTicketEnvelope>(response.Content)?.Ticket?.Id is not { } id)
            {
                // Zendesk said the ticket was made: the worker must not create again before someone looks.
                return Malformed(call, $"HTTP {(int)response.StatusCode} without a ticket id; the ticket probably exists");
            }

            var ticket = Ref(id);
            var lookup = Header(response, "x-idempotency-lookup") ?? "none";
            logger.TicketOpened(ticket.Id, draft.ExternalId, lookup);

            // Also on a replay ("hit"): the call that made the ticket may have died before its note. A second
            // private note is a small cost; an agent without the facts is a bigger one.
            return await AddNoteAfterCreateAsync(rest, ticket, draft, cancellationToken);
        }

        if (response.StatusCode == HttpStatusCode.BadRequest && ZendeskErrorText.Code(response.Content) == IdempotentRequestError)
        {
            return await AdoptAsync(rest, draft, cancellationToken);
        }

        return Failed(call, response, draft.RequesterEmail, draft.RequesterName);
    }

    public async Task<ConnectorResult<TicketRef?>> FindTicketAsync(string externalId, CancellationToken cancellationToken)
    {
        using var rest = NewClient();
        return await FindAsync(rest, externalId, cancellationToken);
    }

    public async Task<ConnectorResult<TicketRef>> AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(comment);

        // Zendesk has no idempotency for updates; the comment's key is the worker's own bookkeeping.
        using var rest = NewClient();
        var what = comment.Public ? "public reply" : "internal note";
        return await UpdateAsync(rest, ticket, $"Zendesk {what} on ticket {ticket.Id}", new ZendeskTicketWrite { Comment = new(comment.Body, comment.Public) }, cancellationToken);
    }

    public async Task<ConnectorResult<HelpdeskTicketStatus>> GetStatusAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        using var rest = NewClient();
        var read = await GetTicketAsync(rest, ticket, $"Zendesk status of ticket {ticket.Id}", cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        return read.Value!.Status is { } status && Statuses.TryGetValue(status, out var mapped)
            ? mapped
            : Malformed($"Zendesk status of ticket {ticket.Id}", $"unexpected status '{read.Value.Status}'");
    }

    /// <summary>Read from the ticket itself (GET tickets/{id}.json carries its tags), the same call the status uses.</summary>
    public async Task<ConnectorResult<IReadOnlyList<string>>> GetTagsAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        using var rest = NewClient();
        var read = await GetTicketAsync(rest, ticket, $"Zendesk tags of ticket {ticket.Id}", cancellationToken);
        return read.IsSuccess ? ConnectorResult.Success<IReadOnlyList<string>>(Tags(read.Value!.Tags)) : read.Error!;
    }

    public async Task<ConnectorResult<TicketRef>> ReopenAsync(TicketRef ticket, TicketComment note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(note);
        using var rest = NewClient();
        var call = $"Zendesk reopen of ticket {ticket.Id}";
        var result = await UpdateAsync(rest, ticket, call, new ZendeskTicketWrite { Status = "open", Comment = new(note.Body, Public: false) }, cancellationToken);

        // Zendesk locks closed tickets: any update answers 422 (a reply to one makes a follow-up ticket instead).
        if (result.Error is not { Kind: ConnectorErrorKind.Rejected } error || !error.Message.Contains("HTTP 422", StringComparison.Ordinal))
        {
            return result;
        }

        return error with
        {
            Message = error.Message.Contains("closed", StringComparison.OrdinalIgnoreCase)
                ? $"{call}: the ticket is closed, and Zendesk does not let closed tickets be updated or reopened ({error.Message})"
                : $"{call}: refused; Zendesk answers so for a closed ticket, which cannot be updated or reopened ({error.Message})",
        };
    }

    public async Task<ConnectorResult<SolveOutcome>> SolveAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        using var rest = NewClient();
        var call = $"Zendesk solve of ticket {ticket.Id}";
        var read = await GetTicketAsync(rest, ticket, call, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        if (read.Value!.Status is "solved" or "closed")
        {
            return SolveOutcome.AlreadyDone;
        }

        // The newest public comments, newest first: if the newest is the requester's, the customer has the last word.
        var comments = await SendAsync(rest, new RestRequest(CommentsPath).AddUrlSegment("id", ticket.Id).AddQueryParameter("sort_order", "desc").AddQueryParameter("per_page", "20"), call, cancellationToken);
        if (!Succeeded(comments))
        {
            return Failed(call, comments);
        }

        var newestPublic = (Read<ZendeskCommentsEnvelope>(comments.Content)?.Comments ?? []).Where(c => c?.Public == true).Take(2).ToList();
        if (read.Value.RequesterId is { } requester && SolvePolicy.CustomerHasTheLastWord([.. newestPublic.Select(c => c!.AuthorId == requester)]))
        {
            return SolveOutcome.LeftOpenCustomerReplied;
        }

        var solved = await UpdateAsync(rest, ticket, call, new ZendeskTicketWrite { Status = "solved" }, cancellationToken);
        return solved.IsSuccess ? SolveOutcome.Solved : solved.Error!;
    }

    public async Task<ConnectorResult<HelpdeskGroup?>> FindGroupAsync(string idOrName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrName);
        using var rest = NewClient();
        const string call = "Zendesk group list";
        for (var page = 1; page <= MaxLookupPages; page++)
        {
            var request = new RestRequest(GroupsPath).AddQueryParameter("per_page", "100").AddQueryParameter("page", page.ToString(CultureInfo.InvariantCulture));
            var response = await SendAsync(rest, request, call, cancellationToken);
            if (!Succeeded(response))
            {
                return Failed(call, response);
            }

            if (Read<ZendeskGroupsPage>(response.Content) is not { Groups: { } groups } read)
            {
                return Malformed(call, "no groups array");
            }

            var found = groups.FirstOrDefault(g => g is { Id: not null, Deleted: not true }
                && (g.Id.Value.ToString(CultureInfo.InvariantCulture) == idOrName.Trim() || string.Equals(g.Name?.Trim(), idOrName.Trim(), StringComparison.OrdinalIgnoreCase)));
            if (found is not null)
            {
                return new HelpdeskGroup(found.Id!.Value.ToString(CultureInfo.InvariantCulture), found.Name ?? "");
            }

            if (read.NextPage is null)
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
        using var rest = NewClient();
        var call = $"Zendesk escalation of ticket {ticket.Id}";

        // The spec's TicketUpdateRequest (a plain TicketObject) has no additional_tags; only the bulk
        // TicketsUpdateRequest does. So read the tags, send the merged set, and let safe_update + updated_stamp make
        // Zendesk refuse (409) rather than drop a tag someone added in between.
        var read = await GetTicketAsync(rest, ticket, call, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var tags = Tags(read.Value!.Tags);
        if (!string.IsNullOrWhiteSpace(escalation.Tag) && !tags.Contains(escalation.Tag, StringComparer.OrdinalIgnoreCase))
        {
            tags.Add(escalation.Tag);
        }

        long? groupId = null;
        if (long.TryParse(escalation.Group, NumberStyles.None, CultureInfo.InvariantCulture, out var group))
        {
            groupId = group;
        }
        else if (!string.IsNullOrWhiteSpace(escalation.Group))
        {
            logger.GroupNotNumeric(ticket.Id, escalation.Group);
        }

        var body = new ZendeskTicketWrite
        {
            Priority = Priority(escalation.Priority),
            Tags = tags,
            GroupId = groupId,
            Comment = new(escalation.Note, Public: false),
            SafeUpdate = read.Value.UpdatedAt is null ? null : true,
            UpdatedStamp = read.Value.UpdatedAt,
        };
        var result = await UpdateAsync(rest, ticket, call, body, cancellationToken);
        return result.Error is { Kind: ConnectorErrorKind.Rejected } error && error.Message.Contains("HTTP 409", StringComparison.Ordinal)
            ? error with { Kind = ConnectorErrorKind.Transient, Message = $"{call}: the ticket changed between reading its tags and updating it (HTTP 409); nothing was applied, try again" }
            : result;
    }

    private async Task<ConnectorResult<TicketRef>> AddNoteAfterCreateAsync(RestClient rest, TicketRef ticket, TicketDraft draft, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(draft.InternalNote))
        {
            return ticket;
        }

        var note = await UpdateAsync(rest, ticket, $"Zendesk internal note on new ticket {ticket.Id}", new ZendeskTicketWrite { Comment = new(draft.InternalNote, Public: false) }, cancellationToken);
        if (note.Error is { } error)
        {
            // The ticket exists: failing the create would make the worker open a second one.
            logger.NoteAfterCreateFailed(ticket.Id, draft.ExternalId, error.Kind, error.Message);
        }

        return ticket;
    }

    /// <summary>
    /// Zendesk refused a create whose key it has seen with a different body (our retried drafts differ in wording):
    /// the first create went through, so the ticket carrying the case key is ours.
    /// </summary>
    private async Task<ConnectorResult<TicketRef>> AdoptAsync(RestClient rest, TicketDraft draft, CancellationToken cancellationToken)
    {
        var found = await FindAsync(rest, draft.ExternalId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error! with { Message = $"Zendesk create for case {draft.ExternalId}: the idempotency key was used before, and the lookup by external id failed: {found.Error.Message}" };
        }

        if (found.Value is not { } ticket)
        {
            // The first request with this key may still be in flight. Transient: the worker looks again before creating.
            logger.IdempotencyConflictWithoutTicket(draft.ExternalId);
            return new ConnectorError(
                ConnectorErrorKind.Transient,
                $"Zendesk create for case {draft.ExternalId}: Zendesk refused the idempotency key as reused with a different body ({IdempotentRequestError}), and no ticket carries that external id yet");
        }

        logger.TicketAdopted(draft.ExternalId, ticket.Id);
        return await AddNoteAfterCreateAsync(rest, ticket, draft, cancellationToken);
    }

    private async Task<ConnectorResult<TicketRef?>> FindAsync(RestClient rest, string externalId, CancellationToken cancellationToken)
    {
        var call = $"Zendesk lookup of case {externalId}";
        if (string.IsNullOrWhiteSpace(externalId))
        {
            return new ConnectorError(ConnectorErrorKind.Rejected, "Zendesk lookup: the external id is empty");
        }

        // External ids need not be unique, so the answer may span pages: read them all, with cursor pagination
        // (Zendesk's recommended kind: meta.has_more and meta.after_cursor), or offset pages (next_page) when
        // that is what comes back. Only the cursor or page number is taken from a link, never its host.
        var tickets = new List<ZendeskTicket?>();
        var request = FindRequest(externalId);
        for (var page = 1; ; page++)
        {
            var response = await SendAsync(rest, request, call, cancellationToken);
            if (!Succeeded(response))
            {
                return Failed(call, response);
            }

            if (Read<ZendeskTicketList>(response.Content) is not { Tickets: { } pageTickets } list)
            {
                return Malformed(call, "no tickets array");
            }

            tickets.AddRange(pageTickets);
            if (list.Meta is { HasMore: true } meta)
            {
                if (string.IsNullOrEmpty(meta.AfterCursor))
                {
                    return Malformed(call, "meta.has_more without an after_cursor");
                }

                request = FindRequest(externalId).AddQueryParameter("page[after]", meta.AfterCursor);
            }
            else if (list.Meta is null && NextPageNumber(list.NextPage) is { } next)
            {
                request = FindRequest(externalId).AddQueryParameter("page", next);
            }
            else
            {
                break;
            }

            if (page == MaxLookupPages)
            {
                return Malformed(call, $"more than {MaxLookupPages} pages of tickets for one external id");
            }
        }

        var ids = tickets.Select(t => t?.Id).OfType<long>().Order().ToList();
        if (ids.Count < tickets.Count)
        {
            return Malformed(call, "a ticket without an id");
        }

        if (ids.Count == 0)
        {
            return ConnectorResult.Success<TicketRef?>(null);
        }

        var first = Ref(ids[0]);
        if (ids.Count > 1)
        {
            logger.SeveralTickets(ids.Count, externalId, first.Id);
        }

        return first;
    }

    private static RestRequest FindRequest(string externalId) =>
        new RestRequest(TicketsPath).AddQueryParameter("external_id", externalId).AddQueryParameter("page[size]", "100");

    /// <summary>The page number in an offset next_page link (".../tickets.json?external_id=...&amp;page=2").</summary>
    private static string? NextPageNumber(string? nextPage) =>
        Uri.TryCreate(nextPage, UriKind.Absolute, out var uri)
            ? System.Web.HttpUtility.ParseQueryString(uri.Query)["page"] is { } number && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n.ToString(CultureInfo.InvariantCulture)
                : null
            : null;

    private async Task<ConnectorResult<ZendeskTicket>> GetTicketAsync(RestClient rest, TicketRef ticket, string call, CancellationToken cancellationToken)
    {
        if (!TryId(ticket, out var id))
        {
            return NotATicket(ticket);
        }

        var response = await SendAsync(rest, new RestRequest(TicketPath).AddUrlSegment("id", id), call, cancellationToken);
        if (!Succeeded(response))
        {
            return Failed(call, response);
        }

        return Read<ZendeskTicketEnvelope>(response.Content)?.Ticket is { } read
            ? read
            : Malformed(call, "no ticket object");
    }

    private async Task<ConnectorResult<TicketRef>> UpdateAsync(RestClient rest, TicketRef ticket, string call, ZendeskTicketWrite body, CancellationToken cancellationToken)
    {
        if (!TryId(ticket, out var id))
        {
            return NotATicket(ticket);
        }

        var request = Json(new RestRequest(TicketPath, Method.Put).AddUrlSegment("id", id), body);
        var response = await SendAsync(rest, request, call, cancellationToken);
        return Succeeded(response) ? ticket : Failed(call, response);
    }

    private async Task<RestResponse> SendAsync(RestClient rest, RestRequest request, string call, CancellationToken cancellationToken)
    {
        request.AddHeader("Accept", "application/json");
        var started = time.GetTimestamp();
        var response = await rest.ExecuteAsync(request, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var elapsedMs = (long)time.GetElapsedTime(started).TotalMilliseconds;
        logger.Called(call, (int)response.StatusCode, elapsedMs);
        return response;
    }

    private RestClient NewClient()
    {
        // RestSharp over the factory-managed HttpClient; Basic auth as Zendesk wants it: "{email}/token:{api token}".
        var restOptions = new RestClientOptions(_options.BaseUrl)
        {
            Authenticator = new HttpBasicAuthenticator($"{_options.Email}/token", _options.ApiToken),
        };
        return new RestClient(http, restOptions, disposeHttpClient: false);
    }

    /// <summary>An HTTP failure as a result; for a 4xx, Zendesk's own explanation with personal data blanked out.</summary>
    private ConnectorError Failed(string call, RestResponse response, params string?[] personalData)
    {
        var error = HttpErrors.FromResponse(response, call);
        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500 && ZendeskErrorText.From(response.Content, personalData) is { } vendor)
        {
            error = error with { Message = $"{error.Message} (Zendesk: {vendor})" };
        }

        logger.CallFailed(call, error.Kind, error.Message);
        return error;
    }

    private ConnectorError Malformed(string call, string reason)
    {
        logger.AnswerMalformed(call, reason);
        return HttpErrors.Malformed(call, reason);
    }

    private static RestRequest Json(RestRequest request, ZendeskTicketWrite ticket) =>
        request.AddStringBody(JsonSerializer.Serialize(new ZendeskTicketRequest(ticket), ZendeskJson.Options), ContentType.Json);

    private static bool Succeeded(RestResponse response) => response.IsSuccessStatusCode && response.ResponseStatus == ResponseStatus.Completed;

    private static T? Read<T>(string? content)
        where T : class
    {
        try
        {
            return string.IsNullOrWhiteSpace(content) ? null : JsonSerializer.Deserialize<T>(content, ZendeskJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(RestResponse response, string name) =>
        response.Headers?.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value?.ToString();

    private static List<string> Tags(JsonElement? tags) => tags switch
    {
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList(),
        { ValueKind: JsonValueKind.String } single when single.GetString() is { Length: > 0 } tag => [tag],
        _ => [],
    };

    private static string Priority(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => "low",
        TicketPriority.High => "high",
        TicketPriority.Urgent => "urgent",
        _ => "normal",
    };

    private static TicketRef Ref(long id) => new(ProviderName, Id(id));

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static bool TryId(TicketRef ticket, out long id) => long.TryParse(ticket.Id, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private static ConnectorError NotATicket(TicketRef ticket) => new(ConnectorErrorKind.NotFound, $"'{ticket.Id}' is not a Zendesk ticket id");
}
