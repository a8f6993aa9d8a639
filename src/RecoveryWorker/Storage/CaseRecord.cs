namespace RecoveryWorker.Storage;

/// <summary>A recovery case as stored. <see cref="Key"/> is unique: a second insert of the same case fails.</summary>
internal sealed class CaseRecord
{
    public Guid Id { get; set; }

    /// <summary><c>{shipmentId}:{breachType}:{episode}</c>.</summary>
    public required string Key { get; set; }

    public Guid ShipmentId { get; set; }

    /// <summary>Copied from the shipment so the repeat-customer check is one indexed query.</summary>
    public required string CustomerId { get; set; }

    public required string OpenedAs { get; set; }

    public int Episode { get; set; }

    /// <summary>The breach heading the case now (wire name).</summary>
    public required string BreachType { get; set; }

    public required string Severity { get; set; }

    public required string Status { get; set; }

    /// <summary>Comma-separated wire names of every breach type the case carried.</summary>
    public required string TypesSeen { get; set; }

    public bool RepeatCustomer { get; set; }

    public bool CarrierRefundEligible { get; set; }

    /// <summary>The evidence of the current breach as JSON, for the API and for follow-up messages.</summary>
    public required string EvidenceJson { get; set; }

    public string? Helpdesk { get; set; }

    public string? TicketId { get; set; }

    /// <summary>The Hangfire job delivering this case's owed effects; the sweep re-creates it if it is lost.</summary>
    public string? EffectsJobId { get; set; }

    /// <summary>The ticket claim: see <see cref="Domain.Cases.TicketClaim"/>.</summary>
    public Domain.Cases.TicketClaim TicketClaim { get; set; }

    /// <summary>When the last create was sent (InFlight, Unknown): the lease and the lookup delay count from here.</summary>
    public DateTimeOffset? TicketAttemptAt { get; set; }

    /// <summary>Why the last ticket attempt failed, shown on the case until one succeeds.</summary>
    public string? TicketError { get; set; }

    public string? RemedyKind { get; set; }

    public decimal? RemedyAmount { get; set; }

    public decimal? AgentBudget { get; set; }

    public string? RemedyCurrency { get; set; }

    public bool RemedyCapped { get; set; }

    /// <summary>"daily" or "monthly" when the compensation budget was spent and the case proposes the fallback remedy.</summary>
    public string? RemedyHeldBy { get; set; }

    public DateTimeOffset DetectedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? Resolution { get; set; }

    public string? EscalationReason { get; set; }

    /// <summary>When the personal data in this case's helpdesk writes (greetings, the agent's note) was erased.</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; set; }

    /// <summary>Optimistic concurrency: two workers saving the same case cannot both win.</summary>
    public Guid Version { get; set; }

    public List<FollowUpRecord> FollowUps { get; set; } = [];

    /// <summary>The outbox rows of this case: helpdesk writes decided and not yet (or already) delivered.</summary>
    public List<OwedEffectRecord> OwedEffects { get; set; } = [];

    /// <summary>A detached copy, for rendering a message from a state not yet saved.</summary>
    public CaseRecord Copy() => (CaseRecord)MemberwiseClone();
}
