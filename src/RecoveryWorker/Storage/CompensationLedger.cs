using Microsoft.EntityFrameworkCore;

namespace RecoveryWorker.Storage;

/// <summary>
/// Writes to the compensation ledger. An entry is proposed in the save that opens its case, and each later step is a
/// conditional update on the state it leaves, so two workers (or a worker and an agent) cannot both take one step.
/// </summary>
internal static class CompensationLedger
{
    /// <summary>Who the worker's own steps are recorded as.</summary>
    public const string Worker = "worker";

    /// <summary>The entry for a newly opened case, or null when its remedy carries no money (an apology only).</summary>
    public static CompensationRecord? Propose(CaseRecord @case, string carrier, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (@case.RemedyAmount is not > 0 || @case.RemedyKind is null || @case.RemedyCurrency is null)
        {
            return null;
        }

        return new CompensationRecord
        {
            Id = Guid.NewGuid(),
            CaseId = @case.Id,
            Kind = @case.RemedyKind,
            Amount = @case.RemedyAmount.Value,
            Currency = @case.RemedyCurrency,
            Carrier = carrier,
            BreachType = @case.BreachType,
            ProposedAt = now,
            ProposedBy = Worker,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// Moves the entry to <paramref name="to"/> if it is in a state that may; false when it is not (already there,
    /// or past it), which callers read as "someone else took the step".
    /// </summary>
    public static async Task<bool> MoveAsync(RecoveryDbContext db, Guid id, string to, string by, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var from = CompensationStatuses.From(to).ToList();
        var entries = db.Compensations.Where(c => c.Id == id && from.Contains(c.Status));
        var moved = to switch
        {
            CompensationStatuses.Offered => await entries.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, to).SetProperty(c => c.OfferedAt, now).SetProperty(c => c.OfferedBy, by).SetProperty(c => c.UpdatedAt, now).SetProperty(c => c.Reason, c => reason ?? c.Reason), cancellationToken),
            CompensationStatuses.Granted => await entries.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, to).SetProperty(c => c.GrantedAt, now).SetProperty(c => c.GrantedBy, by).SetProperty(c => c.UpdatedAt, now).SetProperty(c => c.Reason, c => reason ?? c.Reason), cancellationToken),
            CompensationStatuses.Redeemed => await entries.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, to).SetProperty(c => c.RedeemedAt, now).SetProperty(c => c.RedeemedBy, by).SetProperty(c => c.UpdatedAt, now).SetProperty(c => c.Reason, c => reason ?? c.Reason), cancellationToken),
            CompensationStatuses.Withdrawn => await entries.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, to).SetProperty(c => c.WithdrawnAt, now).SetProperty(c => c.WithdrawnBy, by).SetProperty(c => c.UpdatedAt, now).SetProperty(c => c.Reason, c => reason ?? c.Reason), cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(to), to, "Not a step an entry can take."),
        };
        return moved == 1;
    }

    /// <summary>Offers every still-proposed entry of a case: the apology that names them reached the customer.</summary>
    public static async Task<int> OfferAsync(RecoveryDbContext db, Guid caseId, string by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Compensations.Where(c => c.CaseId == caseId && c.Status == CompensationStatuses.Proposed)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CompensationStatuses.Offered).SetProperty(c => c.OfferedAt, now).SetProperty(c => c.OfferedBy, by).SetProperty(c => c.UpdatedAt, now), cancellationToken);
    }

    /// <summary>True when the case's remedy has been issued (granted or redeemed): only then may a message say so.</summary>
    public static Task<bool> IssuedAsync(RecoveryDbContext db, Guid caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Compensations.AnyAsync(c => c.CaseId == caseId && (c.Status == CompensationStatuses.Granted || c.Status == CompensationStatuses.Redeemed), cancellationToken);
    }
}
