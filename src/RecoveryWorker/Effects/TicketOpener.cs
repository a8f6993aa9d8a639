using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Jobs;
using RecoveryWorker.Observability;
using RecoveryWorker.Recovery;
using RecoveryWorker.Retention;
using RecoveryWorker.Storage;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.Effects;

/// <summary>
/// Delivers the owed "open the ticket" of a case: exactly one ticket, on an engine that runs jobs at least once. The
/// create is claimed on the case before the helpdesk is called (<see cref="RecoveryCase.ClaimTicket"/>: Pending ->
/// InFlight, saved as a conditional update on the case's version, so only one worker sends it), and carries the case
/// key as external id and idempotency key. A create that got no answer may have made the ticket: the case goes to
/// Unknown, and the next attempt looks the ticket up by the case key (after the helpdesk's index delay) and adopts
/// it, creating only if it is absent. Ticket id, compensation and follow-up plan are saved together.
/// </summary>
internal sealed class TicketOpener(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    TicketComposer composer,
    IHelpdesk helpdesk,
    IRecoveryJobs jobs,
    IOptions<FollowUpOptions> followUps,
    IOptions<TicketOptions> tickets,
    TimeProvider time,
    RecoveryMetrics metrics,
    ILogger<TicketOpener> logger)
{
    public async Task<EffectOutcome> OpenAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Cases.Include(c => c.FollowUps).FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (record is null)
        {
            return EffectOutcome.Done;
        }

        var @case = record.ToDomain();
        if (@case.Status is CaseStatus.Detected or CaseStatus.TicketPending && @case.TicketClaim is TicketClaim.None or TicketClaim.Pending or TicketClaim.Rejected
            && await db.Shipments.AnyAsync(s => s.Id == record.ShipmentId && s.PersonalDataErasedAt != null, cancellationToken))
        {
            // The customer's name and e-mail were erased before a ticket existed: there is no one to open it for, and a
            // helpdesk refuses a requester without an e-mail. The case's later writes find no ticket and are recorded
            // as refused too; the case (facts, statistics) stays. A create already sent goes on to be looked up.
            logger.TicketNotOpenedCustomerErased(record.Key);
            await WithdrawUnofferedAsync(db, record.Id, "no ticket: the customer's personal data was erased", cancellationToken);
            return EffectOutcome.Abandoned("not opened: the customer's personal data was erased");
        }

        if (@case.Status == CaseStatus.Detected)
        {
            @case.RequestTicket(time.GetUtcNow());
            record.Apply(@case);
            await db.SaveChangesAsync(cancellationToken); // a concurrent copy of this job now fails on Version
        }
        else if (@case.Status != CaseStatus.TicketPending || @case.TicketClaim == TicketClaim.Done)
        {
            if (record.TicketId is null)
            {
                // Cleared before any apology was written: the remedy it would have named is withdrawn, not left proposed.
                await WithdrawUnofferedAsync(db, record.Id, "the case cleared before its ticket was opened", cancellationToken);
            }

            return EffectOutcome.Done; // opened already, or cleared before we got here
        }

        var now = time.GetUtcNow();
        if (@case.TicketClaim is TicketClaim.InFlight or TicketClaim.Unknown)
        {
            var attemptAt = @case.TicketAttemptAt ?? now;
            var leaseEnds = attemptAt + tickets.Value.InFlightLease;
            if (@case.TicketClaim == TicketClaim.InFlight && now < leaseEnds)
            {
                return Defer(record, leaseEnds, "another attempt is sending the create");
            }

            // The last create may have made the ticket: look before creating again, once the helpdesk's lookup sees it.
            var lookAt = attemptAt + helpdesk.LookupDelay;
            if (now < lookAt)
            {
                return Defer(record, lookAt, $"{helpdesk.Name} needs {helpdesk.LookupDelay} to index a ticket before it can be looked up");
            }

            var found = await helpdesk.FindTicketAsync(record.Key, cancellationToken);
            if (!found.IsSuccess)
            {
                return await FailAsync(db, record, @case, found.Error!, sentCreate: false, cancellationToken);
            }

            if (found.Value is { } existing)
            {
                await CompleteAsync(db, record, @case, existing, cancellationToken);
                logger.TicketAdopted(existing.Id, existing.Helpdesk, record.Key);
                return EffectOutcome.Done;
            }
        }

        // The claim: of two workers here for one case, only the one whose conditional update lands sends the create.
        @case.ClaimTicket(now);
        record.Apply(@case);
        await db.SaveChangesAsync(cancellationToken);

        var shipment = await db.Shipments.AsNoTracking().FirstAsync(s => s.Id == record.ShipmentId, cancellationToken);
        var context = ApologyContexts.For(record, shipment, now + followUps.Value.EffectiveSchedule[0]) with { RemedyIssued = await CompensationLedger.IssuedAsync(db, record.Id, cancellationToken) };
        var draft = await composer.ComposeAsync(context, cancellationToken);
        var result = await helpdesk.OpenTicketAsync(draft, cancellationToken);
        if (!result.IsSuccess)
        {
            return await FailAsync(db, record, @case, result.Error!, sentCreate: true, cancellationToken);
        }

        await CompleteAsync(db, record, @case, result.Value!, cancellationToken);
        return EffectOutcome.Done;
    }

    private async Task CompleteAsync(RecoveryDbContext db, CaseRecord record, RecoveryCase @case, TicketRef ticket, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        @case.TicketOpened(ticket.Id, now);
        record.Apply(@case);
        record.Helpdesk = ticket.Helpdesk;
        if (!await db.Compensations.AnyAsync(c => c.CaseId == record.Id, cancellationToken)
            && CompensationLedger.Propose(record, await db.Shipments.Where(s => s.Id == record.ShipmentId).Select(s => s.Carrier).FirstAsync(cancellationToken), now) is { } proposed)
        {
            db.Compensations.Add(proposed); // a case opened before the ledger kept its own entries
        }

        var planned = FollowUpBook.Plan(record, followUps.Value.EffectiveSchedule, now);
        await db.SaveChangesAsync(cancellationToken);
        if (tickets.Value.Mode == TicketMode.Send)
        {
            // The apology that names the remedy went out with the ticket. In Draft mode the agent sends it: the
            // follow-ups watch for the ticket's "apology sent" tag instead.
            if (await CompensationLedger.OfferAsync(db, record.Id, CompensationLedger.Worker, now, cancellationToken) > 0 && record.RemedyAmount is { } amount)
            {
                metrics.Compensation(CompensationStatuses.Offered, record.RemedyKind ?? "", amount, record.RemedyCurrency ?? "");
                logger.CompensationOffered(record.Key, "sent with the ticket");
            }
        }

        foreach (var followUp in planned)
        {
            await db.SetFollowUpJobAsync(followUp.Id, jobs.FollowUp(followUp.Id, followUp.DueAt), cancellationToken);
        }

        metrics.TicketOpened(helpdesk.Name);
        var remedyAmount = string.Create(CultureInfo.InvariantCulture, $"{record.RemedyAmount:0.00} {record.RemedyCurrency}");
        logger.TicketOpened(ticket.Id, ticket.Helpdesk, record.Key, record.RemedyKind ?? "", remedyAmount, planned.Count);
    }

    private async Task WithdrawUnofferedAsync(RecoveryDbContext db, Guid caseId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Compensations.Where(c => c.CaseId == caseId && c.Status == CompensationStatuses.Proposed)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CompensationStatuses.Withdrawn).SetProperty(c => c.WithdrawnAt, now)
                .SetProperty(c => c.WithdrawnBy, CompensationLedger.Worker).SetProperty(c => c.Reason, reason).SetProperty(c => c.UpdatedAt, now), cancellationToken);
    }

    /// <summary>Records why the call failed on the case, then says what comes next: a wait, a retry, or a refusal.</summary>
    private async Task<EffectOutcome> FailAsync(RecoveryDbContext db, CaseRecord record, RecoveryCase @case, ConnectorError error, bool sentCreate, CancellationToken cancellationToken)
    {
        metrics.TicketFailed(helpdesk.Name, error.Kind);
        @case.TicketCallFailed(error.Kind, $"{error.Kind}: {error.Message}", sentCreate);
        record.Apply(@case);
        await db.SaveChangesAsync(cancellationToken);
        switch (error.Kind)
        {
            case ConnectorErrorKind.RateLimited:
                return Defer(record, time.GetUtcNow() + (error.RetryAfter ?? TimeSpan.FromSeconds(30)), $"{helpdesk.Name} asked us to wait (429)");

            case ConnectorErrorKind.Transient or ConnectorErrorKind.Malformed when sentCreate:
                logger.TicketUnknown(record.Key, error.Kind.ToString(), error.Message);
                throw new HelpdeskCallFailedException(record.Key, error);

            case ConnectorErrorKind.Rejected when sentCreate:
                logger.TicketRejected(helpdesk.Name, record.Key, error.Message);
                return EffectOutcome.Rejected(error.Message);

            case ConnectorErrorKind.Unauthorized:
                logger.HelpdeskUnauthorized(helpdesk.Name, record.Key, error.Message);
                throw new HelpdeskCallFailedException(record.Key, error);

            default:
                logger.TicketFailed(record.Key, error.Kind.ToString(), error.Message);
                throw new HelpdeskCallFailedException(record.Key, error);
        }
    }

    /// <summary>The next attempt waits until it can do something, instead of spending the job's retries waiting.</summary>
    private EffectOutcome Defer(CaseRecord record, DateTimeOffset notBefore, string reason)
    {
        logger.TicketDeferred(record.Key, notBefore, reason);
        return EffectOutcome.Deferred(notBefore);
    }
}
