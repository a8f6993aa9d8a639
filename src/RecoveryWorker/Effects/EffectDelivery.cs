using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Jobs;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.Effects;

/// <summary>What became of one owed effect's delivery attempt.</summary>
internal sealed record EffectOutcome(DateTimeOffset? NotBefore, string? RejectedBecause)
{
    public static EffectOutcome Done { get; } = new(null, null);

    public static EffectOutcome Deferred(DateTimeOffset notBefore) => new(notBefore, null);

    public static EffectOutcome Rejected(string reason) => new(null, reason);

    /// <summary>Refused for good before anything was sent, and nothing later can change that: recorded, not retried.</summary>
    public static EffectOutcome Abandoned(string reason) => new(null, reason) { ForGood = true };

    public bool ForGood { get; private init; }
}

/// <summary>
/// Sends the owed helpdesk writes of one case (the outbox), oldest first, each marked delivered as soon as the
/// helpdesk confirmed it: the ticket through <see cref="TicketOpener"/>'s claim, comments, escalations and reopens
/// through the ledger of sent comments (Zendesk and Freshdesk take no idempotency key for those). A refusal that
/// heals (429) waits for the time the helpdesk named; an outage fails the job so Hangfire retries it with backoff,
/// and the effects stay owed meanwhile (visible at /api/cases/{id}). Order is kept: a write waits for those before it.
/// </summary>
internal sealed class EffectDelivery(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    TicketOpener opener,
    RemedyIssuing issuing,
    IHelpdesk helpdesk,
    IRecoveryJobs jobs,
    EscalationGroups groups,
    IOptions<TicketOptions> tickets,
    TimeProvider time,
    ILogger<EffectDelivery> logger)
{
    /// <summary>When another job holds a case's next write, look again this much later.</summary>
    private static readonly TimeSpan HeldElsewhereRetry = TimeSpan.FromSeconds(15);

    public async Task DeliverAsync(Guid caseId, CancellationToken cancellationToken)
    {
        using var activity = RecoveryTelemetry.DeliverEffects(caseId);
        List<OwedEffectRecord> owed;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            owed = await db.OwedEffects.AsNoTracking().Where(e => e.CaseId == caseId && e.State == OwedEffectStates.Pending)
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.Ordinal).ToListAsync(cancellationToken);
        }

        foreach (var effect in owed)
        {
            // Another delivery job of this case may be sending it: the order holds, so this one looks again shortly.
            var outcome = effect.Kind == OwedEffectKinds.OpenTicket || await ClaimAsync(effect.Id, cancellationToken)
                ? await DeliverOneAsync(effect, cancellationToken)
                : EffectOutcome.Deferred(time.GetUtcNow() + HeldElsewhereRetry);
            if (outcome.NotBefore is { } notBefore)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await db.SetEffectsJobAsync(caseId, jobs.DeliverEffects(caseId, notBefore), cancellationToken);
                return;
            }

            if (outcome.RejectedBecause is { } reason && effect.Kind == OwedEffectKinds.OpenTicket && !outcome.ForGood)
            {
                // No ticket: what follows it cannot be written. The effect stays owed; the job fails without retries
                // (visible in the dashboard), and requeueing it once the cause is fixed tries again.
                await RecordAttemptAsync(effect.Id, reason, cancellationToken);
                throw new TicketRejectedException(effect.Key, new ConnectorError(ConnectorErrorKind.Rejected, reason));
            }

            await MarkAsync(effect, outcome.RejectedBecause, cancellationToken);
        }
    }

    private async Task<EffectOutcome> DeliverOneAsync(OwedEffectRecord effect, CancellationToken cancellationToken)
    {
        if (effect.Kind == OwedEffectKinds.OpenTicket)
        {
            try
            {
                return await opener.OpenAsync(effect.CaseId, cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another job moved the case on between our read and our claim (a follow-up, a tracking batch, a second
                // delivery job): nothing was sent; look again shortly rather than fail and spend a Hangfire retry.
                return EffectOutcome.Deferred(time.GetUtcNow() + HeldElsewhereRetry);
            }
            catch (HelpdeskCallFailedException ex)
            {
                await RecordAttemptAsync(effect.Id, $"{ex.Error.Kind}: {ex.Error.Message}", cancellationToken);
                throw;
            }
        }

        if (effect.Kind == OwedEffectKinds.IssueRemedy)
        {
            try
            {
                return await issuing.IssueAsync(effect.CaseId, cancellationToken);
            }
            catch (RemedyIssueFailedException ex)
            {
                // The ticket waits behind it (order is kept): an apology must not announce a refund still in doubt.
                await RecordAttemptAsync(effect.Id, $"{ex.Error.Kind}: {ex.Error.Message}", cancellationToken);
                throw;
            }
        }

        CaseRecord? record;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.SentComments.AnyAsync(c => c.Key == effect.Key, cancellationToken))
            {
                return EffectOutcome.Done; // confirmed before (a crash between the helpdesk's answer and this mark)
            }

            record = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == effect.CaseId, cancellationToken);
        }

        if (record?.TicketId is null)
        {
            return EffectOutcome.Rejected("the case has no ticket to write on");
        }

        var ticket = new TicketRef(record.Helpdesk ?? helpdesk.Name, record.TicketId);
        var error = effect.Kind switch
        {
            OwedEffectKinds.Comment => (await helpdesk.AddCommentAsync(ticket, new TicketComment(effect.Body ?? "", effect.Public, effect.Key), cancellationToken)).Error,
            OwedEffectKinds.Escalate => (await helpdesk.EscalateAsync(ticket, new TicketEscalation(TicketPriority.Urgent, "promise-escalated", await GroupIdAsync(record, effect.Group, cancellationToken), effect.Body ?? "Escalated"), cancellationToken)).Error,
            OwedEffectKinds.Reopen => (await helpdesk.ReopenAsync(ticket, new TicketComment(effect.Body ?? "", Public: false, effect.Key), cancellationToken)).Error,
            OwedEffectKinds.Solve => await SolveAsync(ticket, record, cancellationToken),
            _ => throw new InvalidOperationException($"Owed effect {effect.Key} has unknown kind '{effect.Kind}'."),
        };

        if (error is null)
        {
            if (effect.Kind == OwedEffectKinds.Reopen)
            {
                logger.TicketReopened(record.TicketId, record.Key, "done in the helpdesk");
            }

            return EffectOutcome.Done;
        }

        if (error.Kind == ConnectorErrorKind.Rejected && effect.Kind is OwedEffectKinds.Reopen or OwedEffectKinds.Solve)
        {
            // A ticket the helpdesk will not reopen or solve (closed for good meanwhile): recorded, not retried forever.
            if (effect.Kind == OwedEffectKinds.Reopen)
            {
                logger.TicketNotReopened(record.TicketId, record.Key, error.Message);
                await CorrectFollowUpOutcomeAsync(effect, error.Message, cancellationToken);
            }

            return EffectOutcome.Rejected(error.Message);
        }

        await RecordAttemptAsync(effect.Id, $"{error.Kind}: {error.Message}", cancellationToken);
        if (error.Kind == ConnectorErrorKind.RateLimited)
        {
            return EffectOutcome.Deferred(time.GetUtcNow() + (error.RetryAfter ?? TimeSpan.FromSeconds(30)));
        }

        logger.HelpdeskFailed(record.Key, error.Kind.ToString(), error.Message);
        throw new HelpdeskCallFailedException(record.Key, error);
    }

    /// <summary>Sets the ticket solved (or leaves it to an agent, as the helpdesk decides); null when that went through.</summary>
    private async Task<ConnectorError?> SolveAsync(TicketRef ticket, CaseRecord record, CancellationToken cancellationToken)
    {
        var solved = await helpdesk.SolveAsync(ticket, cancellationToken);
        if (solved.IsSuccess)
        {
            logger.TicketSolved(ticket.Id, record.Key, solved.Value);
        }

        return solved.Error;
    }

    /// <summary>The helpdesk's id of the escalation group; null (no group, a warning) when it has none by that name.</summary>
    private async Task<string?> GroupIdAsync(CaseRecord record, string? group, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(group))
        {
            return null;
        }

        var found = await groups.FindAsync(helpdesk, group, cancellationToken);
        if (found is { IsSuccess: true, Value: { } known })
        {
            return known.Id;
        }

        if (!found.IsSuccess && found.Error!.IsRetryable)
        {
            throw new HelpdeskCallFailedException(record.Key, found.Error); // the escalation waits for the helpdesk
        }

        logger.GroupMissing(record.Key, group, helpdesk.Name, found.Error?.Message ?? "no such group");
        return null;
    }

    /// <summary>Delivered (or refused for good): the row says so, and a confirmed comment enters the ledger with it.</summary>
    private async Task MarkAsync(OwedEffectRecord effect, string? rejectedBecause, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var row = await db.OwedEffects.FirstAsync(e => e.Id == effect.Id, cancellationToken);
        row.State = rejectedBecause is null ? OwedEffectStates.Delivered : OwedEffectStates.Rejected;
        row.LastError = rejectedBecause ?? row.LastError;
        row.DeliveredAt = now;
        row.Attempts++;
        if (rejectedBecause is null && effect.Kind != OwedEffectKinds.OpenTicket && !await db.SentComments.AnyAsync(c => c.Key == effect.Key, cancellationToken))
        {
            db.SentComments.Add(new SentCommentRecord { Key = effect.Key, CaseId = effect.CaseId, SentAt = now });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent copy of this job recorded it first: it is recorded either way.
        }
    }

    /// <summary>Takes the effect for this job, unless another live job holds it (a conditional update).</summary>
    private async Task<bool> ClaimAsync(Guid effectId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lost = now - tickets.Value.InFlightLease;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OwedEffects.Where(e => e.Id == effectId && e.State == OwedEffectStates.Pending && (e.ClaimedAt == null || e.ClaimedAt <= lost))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimedAt, now), cancellationToken) == 1;
    }

    /// <summary>A failed attempt: counted, its error kept for the case view, and the claim released for the retry.</summary>
    private async Task RecordAttemptAsync(Guid effectId, string error, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.OwedEffects.Where(e => e.Id == effectId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Attempts, e => e.Attempts + 1).SetProperty(e => e.LastError, error).SetProperty(e => e.ClaimedAt, (DateTimeOffset?)null), cancellationToken);
    }

    private async Task CorrectFollowUpOutcomeAsync(OwedEffectRecord effect, string reason, CancellationToken cancellationToken)
    {
        if (effect.FollowUpId is not { } followUpId)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.Id == followUpId, cancellationToken);
        if (followUp?.Outcome is { } outcome)
        {
            followUp.Outcome = outcome.Replace(": reopened with a note)", $" and {helpdesk.Name} would not reopen it: {reason})", StringComparison.Ordinal);
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
