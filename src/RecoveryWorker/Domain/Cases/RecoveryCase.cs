using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Domain.Cases;

/// <summary>
/// One broken promise of one shipment and what we are doing about it. The legal moves:
/// <code>
/// Detected -> TicketPending -> TicketOpened -> FollowingUp -> Resolved
///                                  |               |     \-> Escalated -> Resolved
///                                  +---------------+-----> Escalated / Resolved
/// Detected -> Resolved             (the trouble cleared before any ticket was asked for)
/// </code>
/// Each move is a method that refuses illegal ones with <see cref="CaseTransitionException"/>, so a
/// duplicated or late job cannot, say, open a second ticket for a case that already has one.
/// </summary>
internal sealed class RecoveryCase
{
    private readonly HashSet<BreachType> _typesSeen = [];

    public RecoveryCase(CaseKey key, PromiseBreach breach, DateTimeOffset detectedAt)
    {
        ArgumentNullException.ThrowIfNull(breach);
        if (breach.Type != key.OpenedAs)
        {
            throw new ArgumentException($"Case {key} must open with a {key.OpenedAs.ToWireName()} breach, not {breach.Type.ToWireName()}.", nameof(breach));
        }

        Key = key;
        Breach = breach;
        Severity = breach.Severity;
        DetectedAt = detectedAt;
        UpdatedAt = detectedAt;
        _typesSeen.Add(breach.Type);
    }

    /// <summary>Rebuilds a stored case exactly as it was; no transition rules apply to what already happened.</summary>
    public static RecoveryCase Restore(
        CaseKey key,
        PromiseBreach breach,
        Severity severity,
        CaseStatus status,
        IEnumerable<BreachType> typesSeen,
        string? ticketId,
        DateTimeOffset detectedAt,
        DateTimeOffset updatedAt,
        DateTimeOffset? resolvedAt,
        string? resolution,
        string? escalationReason,
        TicketClaim ticketClaim = TicketClaim.None,
        DateTimeOffset? ticketAttemptAt = null,
        string? ticketError = null)
    {
        var restored = new RecoveryCase(key, breach with { Type = key.OpenedAs }, detectedAt)
        {
            Breach = breach,
            Severity = severity,
            Status = status,
            TicketId = ticketId,
            UpdatedAt = updatedAt,
            ResolvedAt = resolvedAt,
            Resolution = resolution,
            EscalationReason = escalationReason,
            TicketClaim = ticketClaim,
            TicketAttemptAt = ticketAttemptAt,
            TicketError = ticketError,
        };
        restored._typesSeen.UnionWith(typesSeen);
        restored._typesSeen.Add(breach.Type);
        return restored;
    }

    public CaseKey Key { get; }

    public CaseStatus Status { get; private set; } = CaseStatus.Detected;

    /// <summary>The breach that heads the case now (a late case becomes delivered-late when the parcel arrives).</summary>
    public PromiseBreach Breach { get; private set; }

    /// <summary>The worst severity the case has reached; it never goes down, so an escalation is never undone by a better day.</summary>
    public Severity Severity { get; private set; }

    /// <summary>Every breach type this case has carried.</summary>
    public IReadOnlySet<BreachType> TypesSeen => _typesSeen;

    public string? TicketId { get; private set; }

    public DateTimeOffset DetectedAt { get; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public string? Resolution { get; private set; }

    public string? EscalationReason { get; private set; }

    /// <summary>Where the one ticket of this case stands; see <see cref="Cases.TicketClaim"/>.</summary>
    public TicketClaim TicketClaim { get; private set; }

    /// <summary>When the last create was sent (InFlight, Unknown): the lease and the lookup delay count from here.</summary>
    public DateTimeOffset? TicketAttemptAt { get; private set; }

    /// <summary>Why the last ticket attempt failed, shown on the case until one succeeds.</summary>
    public string? TicketError { get; private set; }

    public bool IsOpen => Status != CaseStatus.Resolved;

    /// <summary>The case may be closed because the trouble went away by itself: only while it never was plain lateness.</summary>
    public bool CanClear => IsOpen && _typesSeen.All(t => t.CanClear());

    public void RequestTicket(DateTimeOffset at)
    {
        Require(Status == CaseStatus.Detected, "request a ticket");
        TicketClaim = TicketClaim.Pending;
        Move(CaseStatus.TicketPending, at);
    }

    /// <summary>
    /// Takes the claim to send the create: only one attempt holds it (the store saves it as a conditional update on
    /// the case's version). From Pending, from Unknown once the lookup found nothing, from an InFlight whose holder is
    /// taken for lost (its lease ran out), or from Rejected when someone requeued the delivery after fixing the cause.
    /// </summary>
    public void ClaimTicket(DateTimeOffset at)
    {
        Require(Status == CaseStatus.TicketPending && TicketClaim is not (TicketClaim.None or TicketClaim.Done), "claim the ticket create");
        TicketClaim = TicketClaim.InFlight;
        TicketAttemptAt = at;
    }

    /// <summary>
    /// Records a failed ticket call. Only a create that got no answer leaves the ticket's existence in doubt
    /// (Unknown); a refusal (429, 401/403, 404) means nothing was made (back to Pending); a validation error is final
    /// until someone fixes its cause (Rejected). A failed lookup changes only the error.
    /// </summary>
    public void TicketCallFailed(ConnectorErrorKind kind, string error, bool sentCreate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        Require(Status == CaseStatus.TicketPending, "record a failed ticket call");
        TicketError = error;
        if (sentCreate)
        {
            TicketClaim = kind switch
            {
                ConnectorErrorKind.Transient or ConnectorErrorKind.Malformed => TicketClaim.Unknown,
                ConnectorErrorKind.Rejected => TicketClaim.Rejected,
                _ => TicketClaim.Pending,
            };
        }
    }

    public void TicketOpened(string ticketId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ticketId);
        Require(Status == CaseStatus.TicketPending, "record an opened ticket");
        TicketId = ticketId;
        TicketClaim = TicketClaim.Done;
        TicketError = null;
        Move(CaseStatus.TicketOpened, at);
    }

    /// <summary>A follow-up ran and the case is still open. Repeated follow-ups keep it here.</summary>
    public void FollowedUp(DateTimeOffset at)
    {
        Require(Status is CaseStatus.TicketOpened or CaseStatus.FollowingUp, "follow up");
        Move(CaseStatus.FollowingUp, at);
    }

    public void Escalate(string reason, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Require(Status is CaseStatus.TicketOpened or CaseStatus.FollowingUp, "escalate");
        EscalationReason = reason;
        Move(CaseStatus.Escalated, at);
    }

    /// <summary>
    /// Whether the case can be closed without a word to the customer now: no create is out at the helpdesk (one being
    /// sent, or sent without an answer, may still make a ticket, so it must land first).
    /// </summary>
    public bool CanWithdraw => IsOpen && !(Status == CaseStatus.TicketPending && TicketClaim is TicketClaim.InFlight or TicketClaim.Unknown);

    /// <summary>
    /// Closes the case because there is nothing to recover any more (the order was cancelled): from any open state in
    /// which no ticket create is out. A ticket that was never created never will be.
    /// </summary>
    public void Withdraw(string resolution, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resolution);
        Require(CanWithdraw, "withdraw");
        if (Status == CaseStatus.TicketPending)
        {
            TicketClaim = TicketClaim.None;
        }

        Resolution = resolution;
        ResolvedAt = at;
        Move(CaseStatus.Resolved, at);
    }

    /// <summary>Closes the case: the parcel arrived and the customer was told, or the breach cleared.</summary>
    public void Resolve(string resolution, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resolution);
        Require(Status is CaseStatus.Detected or CaseStatus.TicketOpened or CaseStatus.FollowingUp or CaseStatus.Escalated, "resolve");
        Resolution = resolution;
        ResolvedAt = at;
        Move(CaseStatus.Resolved, at);
    }

    /// <summary>
    /// Points the case at the breach that now heads it (late became delivered-late, a stall became late).
    /// Returns false when nothing a customer or agent would care about changed.
    /// </summary>
    public bool Update(PromiseBreach breach, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(breach);
        Require(IsOpen, "take a new breach");
        if (breach.Type == Breach.Type && breach.Severity <= Severity)
        {
            return false;
        }

        Breach = breach;
        Severity = breach.Severity > Severity ? breach.Severity : Severity;
        _typesSeen.Add(breach.Type);
        UpdatedAt = at;
        return true;
    }

    private void Require(bool allowed, string move)
    {
        if (!allowed)
        {
            throw new CaseTransitionException(Key, Status, move);
        }
    }

    private void Move(CaseStatus to, DateTimeOffset at)
    {
        Status = to;
        UpdatedAt = at;
    }
}
