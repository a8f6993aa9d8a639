namespace RecoveryWorker.Storage;

/// <summary>A ticket of the local helpdesk, shaped like a remote helpdesk would hold it.</summary>
internal sealed class LocalTicketRecord
{
    public long Id { get; set; }

    /// <summary>The case key; unique, so opening the same case's ticket twice returns the first.</summary>
    public required string ExternalId { get; set; }

    public required string RequesterName { get; set; }

    public required string RequesterEmail { get; set; }

    public required string Subject { get; set; }

    /// <summary>The first comment: the apology (public when sent, internal in draft mode).</summary>
    public required string Body { get; set; }

    public bool BodyIsPublic { get; set; }

    /// <summary>Space-separated, like Zendesk tags.</summary>
    public required string Tags { get; set; }

    public required string Priority { get; set; }

    public required string Status { get; set; }

    public string? Group { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the requester's name and e-mail and the texts (body, comments) were erased.</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; set; }

    public List<LocalTicketCommentRecord> Comments { get; set; } = [];
}

/// <summary>A comment on a local ticket; unique on (ticket, idempotency key).</summary>
internal sealed class LocalTicketCommentRecord
{
    public long Id { get; set; }

    public long TicketId { get; set; }

    public required string IdempotencyKey { get; set; }

    public bool Public { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
