using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecoveryWorker.Connectors.Helpdesks.Zendesk;

// Shaped like the Zendesk Support OAS (zendesk-support-oas.yaml): TicketCreateRequest / TicketUpdateRequest wrap a
// TicketObject in "ticket"; TicketResponse and TicketsResponse carry it back. Snake case on the wire. Everything read
// is nullable: Zendesk omits fields freely, and a missing field must never throw.

internal static class ZendeskJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The body of POST /api/v2/tickets and PUT /api/v2/tickets/{id}.</summary>
internal sealed record ZendeskTicketRequest(ZendeskTicketWrite Ticket);

/// <summary>The TicketObject members we write; null members are left out of the JSON.</summary>
internal sealed record ZendeskTicketWrite
{
    public string? Subject { get; init; }

    public ZendeskCommentWrite? Comment { get; init; }

    /// <summary>Write only: creates the end user when Zendesk does not know the e-mail yet.</summary>
    public ZendeskRequesterWrite? Requester { get; init; }

    /// <summary>Set semantics: replaces the ticket's tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    public string? Priority { get; init; }

    public string? Status { get; init; }

    public string? ExternalId { get; init; }

    public long? GroupId { get; init; }

    /// <summary>With <see cref="UpdatedStamp"/>: Zendesk answers 409 instead of applying an update made on stale data.</summary>
    public bool? SafeUpdate { get; init; }

    /// <summary>The ticket's updated_at as read, echoed verbatim.</summary>
    public string? UpdatedStamp { get; init; }
}

internal sealed record ZendeskCommentWrite(string Body, bool Public);

internal sealed record ZendeskRequesterWrite(string Name, string Email);

/// <summary>TicketResponse: the body of GET /api/v2/tickets/{id} and of the create.</summary>
internal sealed record ZendeskTicketEnvelope
{
    public ZendeskTicket? Ticket { get; init; }
}

/// <summary>TicketsResponse: the body of GET /api/v2/tickets?external_id=.</summary>
internal sealed record ZendeskTicketList
{
    public IReadOnlyList<ZendeskTicket?>? Tickets { get; init; }

    /// <summary>Offset pagination: the URL of the next page, null on the last.</summary>
    public string? NextPage { get; init; }

    public int? Count { get; init; }

    /// <summary>Cursor pagination (requested with page[size]): has_more and the cursor of the next page.</summary>
    public ZendeskPageMeta? Meta { get; init; }
}

internal sealed record ZendeskPageMeta
{
    public bool? HasMore { get; init; }

    public string? AfterCursor { get; init; }
}

internal sealed record ZendeskTicket
{
    public long? Id { get; init; }

    /// <summary>new, open, pending, hold, solved, closed (the status category when custom statuses are on).</summary>
    public string? Status { get; init; }

    public string? ExternalId { get; init; }

    /// <summary>The end user the ticket is for (our customer).</summary>
    public long? RequesterId { get; init; }

    /// <summary>An array of strings; the spec also allows a single string.</summary>
    public JsonElement? Tags { get; init; }

    /// <summary>Kept as text: it goes back verbatim as updated_stamp.</summary>
    public string? UpdatedAt { get; init; }
}

/// <summary>The body of GET /api/v2/tickets/{id}/comments (ListTicketComments): the members we read.</summary>
internal sealed record ZendeskCommentsEnvelope
{
    public IReadOnlyList<ZendeskCommentRead?>? Comments { get; init; }
}

internal sealed record ZendeskCommentRead
{
    public long? AuthorId { get; init; }

    public bool? Public { get; init; }
}

/// <summary>The body of GET /api/v2/groups (ListGroups), offset pagination.</summary>
internal sealed record ZendeskGroupsPage
{
    public IReadOnlyList<ZendeskGroup?>? Groups { get; init; }

    public string? NextPage { get; init; }
}

internal sealed record ZendeskGroup
{
    public long? Id { get; init; }

    public string? Name { get; init; }

    public bool? Deleted { get; init; }
}
