using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.FollowUps;
using RecoveryWorker.Recovery;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Tickets;

/// <summary>
/// Opens exactly one ticket per case, on an engine that runs jobs at least once. The create is claimed in the store
/// before the helpdesk is called (<see cref="TicketClaim"/>: Pending -> InFlight, a conditional update on the case's
/// version, so only one worker sends it), and carries the case key as external id and idempotency key. A create
/// that got no answer may have made the ticket: the case goes to Unknown, and the next attempt looks the ticket up
/// by the case key (after the helpdesk's index delay) and adopts it, creating only if it is absent. Ticket id,
/// compensation and follow-up plan are saved together.
/// </summary>
internal sealed class TicketOpener(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    TicketComposer composer,
    IHelpdesk helpdesk,
    IBackgroundJobClient jobs,
    IOptions<FollowUpOptions> followUps,
    IOptions<TicketOptions> tickets,
    TimeProvider time,
    ILogger<TicketOpener> logger)
{
    public async Task OpenAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Cases.Include(c => c.FollowUps).FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (record is null)
        {
            return;
        }

        var @case = record.ToDomain();
        if (@case.Status == CaseStatus.Detected)
        {
            @case.RequestTicket(time.GetUtcNow());
            record.Apply(@case);
            record.TicketClaim = TicketClaim.Pending;
            await db.SaveChangesAsync(cancellationToken); // a concurrent copy of this job now fails on Version
        }
        else if (@case.Status != CaseStatus.TicketPending || record.TicketClaim == TicketClaim.Done)
        {
            return; // opened already, or cleared before we got here
        }

        var now = time.GetUtcNow();
        if (record.TicketClaim is TicketClaim.InFlight or TicketClaim.Unknown)
        {
            var attemptAt = record.TicketAttemptAt ?? now;
            var leaseEnds = attemptAt + tickets.Value.InFlightLease;
            if (record.TicketClaim == TicketClaim.InFlight && now < leaseEnds)
            {
                await DeferAsync(db, record, leaseEnds, "another attempt is sending the create", cancellationToken);
                return;
            }

            // The last create may have made the ticket: look before creating again, once the helpdesk's lookup sees it.
            var lookAt = attemptAt + helpdesk.LookupDelay;
            if (now < lookAt)
            {
                await DeferAsync(db, record, lookAt, $"{helpdesk.Name} needs {helpdesk.LookupDelay} to index a ticket before it can be looked up", cancellationToken);
                return;
            }

            var found = await helpdesk.FindTicketAsync(record.Key, cancellationToken);
            if (!found.IsSuccess)
            {
                await FailAsync(db, record, found.Error!, sentCreate: false, cancellationToken);
                return;
            }

            if (found.Value is { } existing)
            {
                await CompleteAsync(db, record, @case, existing, cancellationToken);
                logger.TicketAdopted(existing.Id, existing.Helpdesk, record.Key);
                return;
            }
        }

        // The claim: of two workers here for one case, only the one whose conditional update lands sends the create.
        record.TicketClaim = TicketClaim.InFlight;
        record.TicketAttemptAt = now;
        record.Version = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);

        var shipment = await db.Shipments.AsNoTracking().FirstAsync(s => s.Id == record.ShipmentId, cancellationToken);
        var draft = await composer.ComposeAsync(CaseNotifier.Context(record, shipment, now + followUps.Value.EffectiveSchedule[0]), cancellationToken);
        var result = await helpdesk.OpenTicketAsync(draft, cancellationToken);
        if (!result.IsSuccess)
        {
            await FailAsync(db, record, result.Error!, sentCreate: true, cancellationToken);
            return;
        }

        await CompleteAsync(db, record, @case, result.Value!, cancellationToken);
    }

    private async Task CompleteAsync(RecoveryDbContext db, CaseRecord record, RecoveryCase @case, TicketRef ticket, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        @case.TicketOpened(ticket.Id, now);
        record.Apply(@case);
        record.Helpdesk = ticket.Helpdesk;
        record.TicketClaim = TicketClaim.Done;
        record.TicketError = null;
        if (record.RemedyAmount > 0 && !await db.Compensations.AnyAsync(c => c.CaseId == record.Id && c.Kind == record.RemedyKind, cancellationToken))
        {
            db.Compensations.Add(new CompensationRecord { Id = Guid.NewGuid(), CaseId = record.Id, Kind = record.RemedyKind!, Amount = record.RemedyAmount.Value, Currency = record.RemedyCurrency!, GrantedAt = now });
        }

        var planned = FollowUpBook.Plan(record, followUps.Value.EffectiveSchedule, now);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var followUp in planned)
        {
            await db.SetFollowUpJobAsync(followUp.Id, jobs.Schedule<FollowUpCheckJob>(j => j.RunAsync(followUp.Id, CancellationToken.None), followUp.DueAt), cancellationToken);
        }

        var remedyAmount = string.Create(CultureInfo.InvariantCulture, $"{record.RemedyAmount:0.00} {record.RemedyCurrency}");
        logger.TicketOpened(ticket.Id, ticket.Helpdesk, record.Key, record.RemedyKind ?? "", remedyAmount, planned.Count);
    }

    /// <summary>
    /// Records why the call failed and decides what comes next. Only a create that got no answer leaves the ticket's
    /// existence in doubt (Unknown); a refusal (429, 401/403, 404) means nothing was made (back to Pending); a 4xx
    /// validation error is final until someone fixes its cause (Rejected).
    /// </summary>
    private async Task FailAsync(RecoveryDbContext db, CaseRecord record, ConnectorError error, bool sentCreate, CancellationToken cancellationToken)
    {
        record.TicketError = $"{error.Kind}: {error.Message}";
        record.Version = Guid.NewGuid();
        if (sentCreate)
        {
            record.TicketClaim = error.Kind switch
            {
                ConnectorErrorKind.Transient or ConnectorErrorKind.Malformed => TicketClaim.Unknown,
                ConnectorErrorKind.Rejected => TicketClaim.Rejected,
                _ => TicketClaim.Pending, // refused outright (429, 401/403, 404 from a wrong base URL): nothing was made
            };
        }

        await db.SaveChangesAsync(cancellationToken);
        switch (error.Kind)
        {
            case ConnectorErrorKind.RateLimited:
                await DeferAsync(db, record, time.GetUtcNow() + (error.RetryAfter ?? TimeSpan.FromSeconds(30)), $"{helpdesk.Name} asked us to wait (429)", cancellationToken);
                return;

            case ConnectorErrorKind.Transient or ConnectorErrorKind.Malformed when sentCreate:
                logger.TicketUnknown(record.Key, error.Kind.ToString(), error.Message);
                throw new HelpdeskCallFailedException(record.Key, error);

            case ConnectorErrorKind.Rejected when sentCreate:
                logger.TicketRejected(helpdesk.Name, record.Key, error.Message);
                throw new TicketRejectedException(record.Key, error);

            case ConnectorErrorKind.Unauthorized:
                logger.HelpdeskUnauthorized(helpdesk.Name, record.Key, error.Message);
                throw new HelpdeskCallFailedException(record.Key, error);

            default:
                logger.TicketFailed(record.Key, error.Kind.ToString(), error.Message);
                throw new HelpdeskCallFailedException(record.Key, error);
        }
    }

    /// <summary>Schedules the next attempt for when it can do something, instead of spending the job's retries waiting.</summary>
    private async Task DeferAsync(RecoveryDbContext db, CaseRecord record, DateTimeOffset notBefore, string reason, CancellationToken cancellationToken)
    {
        var caseId = record.Id;
        await db.SetTicketJobAsync(caseId, jobs.Schedule<OpenTicketJob>(j => j.RunAsync(caseId, CancellationToken.None), notBefore), cancellationToken);
        logger.TicketDeferred(record.Key, notBefore, reason);
    }
}
