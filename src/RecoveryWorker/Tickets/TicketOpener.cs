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
/// Opens exactly one ticket per case. The case is claimed (Detected -> TicketPending) and saved before the
/// helpdesk is called; the helpdesk is asked with the case key as idempotency key, so a retry after a crash at any
/// point finds the ticket it already made instead of making a second. Ticket id, compensation and the follow-up
/// plan are saved together.
/// </summary>
internal sealed class TicketOpener(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    TicketComposer composer,
    IHelpdesk helpdesk,
    IBackgroundJobClient jobs,
    IOptions<FollowUpOptions> followUps,
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
            await db.SaveChangesAsync(cancellationToken); // the claim: a concurrent copy of this job now fails on Version
        }
        else if (@case.Status != CaseStatus.TicketPending)
        {
            return; // opened already, or cleared before we got here
        }

        var shipment = await db.Shipments.FirstAsync(s => s.Id == record.ShipmentId, cancellationToken);
        var schedule = followUps.Value.EffectiveSchedule;
        var now = time.GetUtcNow();
        var draft = await composer.ComposeAsync(CaseNotifier.Context(record, shipment, now + schedule[0]), cancellationToken);

        var result = await helpdesk.OpenTicketAsync(draft, cancellationToken);
        if (!result.IsSuccess)
        {
            record.TicketError = $"{result.Error!.Kind}: {result.Error.Message}";
            await db.SaveChangesAsync(cancellationToken);
            logger.TicketFailed(record.Key, result.Error.Kind.ToString(), result.Error.Message);
            throw new HelpdeskCallFailedException(record.Key, result.Error);
        }

        now = time.GetUtcNow();
        var ticket = result.Value!;
        @case.TicketOpened(ticket.Id, now);
        record.Apply(@case);
        record.Helpdesk = ticket.Helpdesk;
        record.TicketError = null;
        if (record.RemedyAmount > 0 && !await db.Compensations.AnyAsync(c => c.CaseId == record.Id && c.Kind == record.RemedyKind, cancellationToken))
        {
            db.Compensations.Add(new CompensationRecord { Id = Guid.NewGuid(), CaseId = record.Id, Kind = record.RemedyKind!, Amount = record.RemedyAmount.Value, Currency = record.RemedyCurrency!, GrantedAt = now });
        }

        var planned = FollowUpBook.Plan(record, schedule, now);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var followUp in planned)
        {
            await db.SetFollowUpJobAsync(followUp.Id, jobs.Schedule<FollowUpCheckJob>(j => j.RunAsync(followUp.Id, CancellationToken.None), followUp.DueAt), cancellationToken);
        }
        var remedyAmount = string.Create(CultureInfo.InvariantCulture, $"{record.RemedyAmount:0.00} {record.RemedyCurrency}");
        logger.TicketOpened(ticket.Id, ticket.Helpdesk, record.Key, record.RemedyKind ?? "", remedyAmount, planned.Count);
    }
}
