using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Intake;
using RecoveryWorker.Jobs;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Recovery;

/// <summary>What an admin's action on a case did, or why it could not.</summary>
internal enum CaseActionOutcome
{
    Done,
    NotFound,

    /// <summary>The case is not in a state the action applies to (resolved already; no rejected ticket to retry).</summary>
    NotApplicable,

    /// <summary>A ticket create is out at the helpdesk: try again once it has landed.</summary>
    TicketInFlight,
}

/// <summary>
/// An admin's hand on a case, each with a reason that is recorded on the case (its resolution, or the note the agents
/// see on the ticket, naming who): resolve it by hand (no customer message; an internal note), or send again a ticket
/// the helpdesk rejected once its cause is fixed. Stopping to watch the shipment is <see cref="ShipmentChanges"/>.
/// </summary>
internal sealed class CaseActions(IDbContextFactory<RecoveryDbContext> dbFactory, IRecoveryJobs jobs, TimeProvider time, ILogger<CaseActions> logger)
{
    public async Task<CaseActionOutcome> ResolveByHandAsync(Guid caseId, string reason, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Cases.Include(c => c.FollowUps).Include(c => c.OwedEffects).AsSplitQuery().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (record is null)
        {
            return CaseActionOutcome.NotFound;
        }

        var @case = record.ToDomain();
        if (!@case.IsOpen)
        {
            return CaseActionOutcome.NotApplicable;
        }

        if (!@case.CanWithdraw)
        {
            return CaseActionOutcome.TicketInFlight;
        }

        var now = time.GetUtcNow();
        var why = $"resolved by hand by {actor}: {reason.Trim()}";
        ShipmentChanges.Close(record, @case, why, now, $"This case was {why}. RecoveryWorker will not write to the customer again about it; nothing was sent to the customer about this.", "resolved-by-hand");
        await db.SaveChangesAsync(cancellationToken); // on the case's version: a concurrent change makes this fail, never both
        if (record.TicketId is not null)
        {
            await db.SetEffectsJobsAsync([(record.Id, jobs.DeliverEffects(record.Id))], cancellationToken);
        }

        logger.CaseActedOn(record.Key, "resolved by hand", actor);
        return CaseActionOutcome.Done;
    }

    /// <summary>Sends the ticket create again after the helpdesk rejected it (a fixed requester, group or field).</summary>
    public async Task<CaseActionOutcome> RetryRejectedTicketAsync(Guid caseId, string reason, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Cases.Include(c => c.OwedEffects).FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (record is null)
        {
            return CaseActionOutcome.NotFound;
        }

        var rejected = record.OwedEffects.FirstOrDefault(e => e.Kind == OwedEffectKinds.OpenTicket && e.State == OwedEffectStates.Rejected);
        if (record.TicketClaim != TicketClaim.Rejected || rejected is null || record.ResolvedAt is not null)
        {
            return CaseActionOutcome.NotApplicable;
        }

        rejected.State = OwedEffectStates.Pending;
        rejected.Attempts = 0;
        rejected.LastError = $"sent again by {actor}: {reason.Trim()} (it was rejected: {rejected.LastError})";
        record.Version = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
        await db.SetEffectsJobsAsync([(record.Id, jobs.DeliverEffects(record.Id))], cancellationToken);
        logger.CaseActedOn(record.Key, "ticket sent again", actor);
        return CaseActionOutcome.Done;
    }
}
