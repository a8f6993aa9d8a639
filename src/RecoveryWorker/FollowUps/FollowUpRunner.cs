using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Polling;
using RecoveryWorker.Recovery;
using RecoveryWorker.Storage;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.FollowUps;

/// <summary>
/// Keeps the promise the apology made: re-tracks the parcel, reads the ticket, then tells the customer it arrived
/// (and resolves the case), or gives the facts as they are now and the next step, escalating when it stays broken
/// past the last follow-up or for a repeat customer. A follow-up that finds its work done does nothing.
/// </summary>
internal sealed class FollowUpRunner(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    CarrierTrackers trackers,
    ShipmentChecker checker,
    CaseNotifier notifier,
    IHelpdesk helpdesk,
    IOptions<FollowUpOptions> options,
    TimeProvider time,
    ILogger<FollowUpRunner> logger)
{
    public async Task RunAsync(Guid followUpId, CancellationToken cancellationToken)
    {
        Guid caseId;
        ShipmentRecord shipment;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var pending = await db.FollowUps.AsNoTracking().FirstOrDefaultAsync(f => f.Id == followUpId, cancellationToken);
            if (pending is null || pending.DoneAt is not null)
            {
                return;
            }

            caseId = pending.CaseId;
            var caseRecord = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == caseId, cancellationToken);
            shipment = await db.Shipments.AsNoTracking().FirstAsync(s => s.Id == caseRecord.ShipmentId, cancellationToken);
        }

        // Re-track first (through the same path as a sweep), so the case reflects the parcel as it is now.
        var tracker = trackers.Find(shipment.CarrierCode());
        if (tracker is not null && shipment.NextCheckAt is not null)
        {
            var answers = await tracker.TrackAsync([shipment.TrackingNumber], cancellationToken);
            await checker.CheckAsync(shipment.Id, answers[shipment.TrackingNumber], cancellationToken);
        }

        await using var work = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await work.Cases.Include(c => c.FollowUps).FirstAsync(c => c.Id == caseId, cancellationToken);
        var followUp = record.FollowUps.Single(f => f.Id == followUpId);
        shipment = await work.Shipments.FirstAsync(s => s.Id == record.ShipmentId, cancellationToken);
        if (followUp.DoneAt is not null)
        {
            return; // the re-track resolved the case and closed this follow-up with it
        }

        var now = time.GetUtcNow();
        var @case = record.ToDomain();
        var outcome = await FollowUpAsync(record, @case, shipment, followUp, now, cancellationToken);
        followUp.DoneAt = now;
        followUp.Outcome = outcome;
        record.Apply(@case);
        await work.SaveChangesAsync(cancellationToken);
        logger.FollowUpRan(followUp.Sequence, record.Key, outcome);
    }

    private async Task<string> FollowUpAsync(CaseRecord record, RecoveryCase @case, ShipmentRecord shipment, FollowUpRecord followUp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!@case.IsOpen)
        {
            return "nothing to do: case already resolved";
        }

        if (@case.TicketId is null)
        {
            return "nothing to do: no ticket yet";
        }

        var tracking = shipment.Tracking();
        var timeline = tracking is null ? null : TrackingTimeline.From(tracking, PromiseZones.Resolve(shipment.PromiseTimeZone));
        var eventKey = "fu" + followUp.Sequence;

        if (timeline?.DeliveredAt is not null)
        {
            await notifier.PostAsync(record, shipment, new CaseMessage(eventKey, MessageTemplates.Arrived, NextUpdateBy: null) { Delivery = timeline.LastDeliveryEvent }, cancellationToken);
            var resolution = "delivered; customer told";
            @case.Resolve(resolution, now);
            FollowUpBook.CancelOpen(record, now, "not needed: delivered");
            logger.CaseResolved(record.Key, resolution);
            return "delivered: arrival reply sent, case resolved";
        }

        var nextDue = FollowUpBook.NextDue(record, followUp.Id);
        var ticketStatus = await helpdesk.GetStatusAsync(new TicketRef(record.Helpdesk ?? helpdesk.Name, @case.TicketId), cancellationToken);
        var ticketNote = "";
        if (ticketStatus.IsSuccess && ticketStatus.Value is HelpdeskTicketStatus.Solved or HelpdeskTicketStatus.Closed)
        {
            // An agent marked the ticket done while the promise is still broken: follow through, do not let it drop.
            var why = $"Reopened by RecoveryWorker: this ticket was {ticketStatus.Value} but the parcel is still not delivered ({@case.Breach.Type.ToWireName()}). The customer is still waiting; follow-up {followUp.Sequence} is posting an update now.";
            var reopened = await notifier.ReopenAsync(record, eventKey, why, cancellationToken);
            ticketNote = reopened.IsSuccess
                ? $" (ticket was {ticketStatus.Value}: reopened with a note)"
                : $" (ticket is {ticketStatus.Value} and {helpdesk.Name} would not reopen it: {reopened.Error!.Message})";
            if (reopened.IsSuccess)
            {
                logger.TicketReopened(@case.TicketId, record.Key, ticketStatus.Value.ToString()!);
            }
            else
            {
                logger.TicketNotReopened(@case.TicketId, record.Key, reopened.Error!.Message);
            }
        }

        var escalate = @case.Status != CaseStatus.Escalated && (nextDue is null || record.RepeatCustomer);
        if (escalate)
        {
            var reason = nextDue is null
                ? $"still {@case.Breach.Type.ToWireName()} after the last follow-up"
                : $"repeat customer, still {@case.Breach.Type.ToWireName()}";
            await notifier.EscalateAsync(record, reason, options.Value.SupervisorGroup, cancellationToken);
            @case.Escalate(reason, now);
            record.EscalationReason = reason;
            logger.CaseEscalated(record.Key, reason);
        }
        else if (@case.Status != CaseStatus.Escalated)
        {
            @case.FollowedUp(now);
        }

        await notifier.PostAsync(record, shipment, new CaseMessage(eventKey, MessageTemplates.Update, nextDue) { Escalated = @case.Status == CaseStatus.Escalated }, cancellationToken);
        return $"still {@case.Breach.Type.ToWireName()}: update sent{(escalate ? ", escalated" : "")}{ticketNote}";
    }
}
