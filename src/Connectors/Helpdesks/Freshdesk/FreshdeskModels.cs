using System.Text.Json.Serialization;

namespace RecoveryWorker.Connectors.Helpdesks.Freshdesk;

// Shaped like Freshdesk API v2 JSON (official docs: Create a Ticket, View a Ticket, Filter Tickets, Create a Note,
// Create a Reply, error responses). Answers are nullable everywhere: Freshdesk sends null for blank fields.

/// <summary>A ticket as Freshdesk returns it; only the fields the connector reads.</summary>
internal sealed record FreshdeskTicket
{
    [JsonPropertyName("id")]
    public long? Id { get; init; }

    /// <summary>2 Open, 3 Pending, 4 Resolved, 5 Closed; other numbers are the account's custom statuses.</summary>
    [JsonPropertyName("status")]
    public int? Status { get; init; }

    [JsonPropertyName("priority")]
    public int? Priority { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<string?>? Tags { get; init; }
}

/// <summary>The body of GET /api/v2/search/tickets: <c>{"results":[...],"total":n}</c>.</summary>
internal sealed record FreshdeskSearchResult
{
    [JsonPropertyName("results")]
    public IReadOnlyList<FreshdeskTicket?>? Results { get; init; }

    [JsonPropertyName("total")]
    public int? Total { get; init; }
}

/// <summary>
/// Freshdesk's error body: <c>{"description":"Validation failed","errors":[{"field","message","code"}]}</c> for
/// 400 validation errors, <c>{"code","message"}</c> for others (401 invalid_credentials, 403 access_denied...).
/// </summary>
internal sealed record FreshdeskErrorBody
{
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<FreshdeskFieldError?>? Errors { get; init; }

    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

internal sealed record FreshdeskFieldError
{
    [JsonPropertyName("field")]
    public string? Field { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("code")]
    public string? Code { get; init; }
}

/// <summary>POST /api/v2/tickets.</summary>
internal sealed record FreshdeskCreateTicket
{
    [JsonPropertyName("email")]
    public required string Email { get; init; }

    /// <summary>The requester's name, used when Freshdesk creates the contact. Documented, but missing from the unofficial spec.</summary>
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonPropertyName("subject")]
    public required string Subject { get; init; }

    /// <summary>HTML.</summary>
    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("status")]
    public required int Status { get; init; }

    [JsonPropertyName("priority")]
    public required int Priority { get; init; }

    [JsonPropertyName("source")]
    public required int Source { get; init; }

    [JsonPropertyName("tags")]
    public required IReadOnlyList<string> Tags { get; init; }
}

/// <summary>POST /api/v2/tickets/{id}/notes.</summary>
internal sealed record FreshdeskNote([property: JsonPropertyName("body")] string Body, [property: JsonPropertyName("private")] bool Private);

/// <summary>POST /api/v2/tickets/{id}/reply.</summary>
internal sealed record FreshdeskReply([property: JsonPropertyName("body")] string Body);

/// <summary>PUT /api/v2/tickets/{id}: only the fields we change are sent (tags replaces the whole array).</summary>
internal sealed record FreshdeskTicketUpdate
{
    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Status { get; init; }

    [JsonPropertyName("priority")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Priority { get; init; }

    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }

    [JsonPropertyName("group_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? GroupId { get; init; }
}

/// <summary>One conversation of GET /api/v2/tickets/{id}/conversations (List All Conversations of a Ticket).</summary>
internal sealed record FreshdeskConversation
{
    /// <summary>True when it came from outside (the customer's e-mail), false for an agent's reply or note.</summary>
    [JsonPropertyName("incoming")]
    public bool? Incoming { get; init; }

    [JsonPropertyName("private")]
    public bool? Private { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>One group of GET /api/v2/groups (List All Groups).</summary>
internal sealed record FreshdeskGroup
{
    [JsonPropertyName("id")]
    public long? Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
