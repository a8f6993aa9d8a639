using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Jobs;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.Recovery;

/// <summary>
/// Keeps the promise the apology made: re-tracks the parcel, reads the ticket, then decides to tell the customer it
/// arrived (and resolve the case), or give the facts as they are now and the next step, escalating when it stays
/// broken past the last follow-up or for a repeat customer. What it decides to write is owed (the outbox), saved with
/// the case change and the follow-up's outcome in one transaction, and sent by the delivery job. A follow-up that
/// finds its work done does nothing.
/// </summary>
internal sealed class FollowUpRunner(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    TrackingBatch tracking,
    CaseMessages messages,
    IHelpdesk helpdesk,
    IRecoveryJobs jobs,
    IOptions<FollowUpOptions> options,
    IOptions<TicketOptions> tickets,
    TimeProvider time,
    ILogger<FollowUpRunner> logger)
{
    public async Task RunAsync(Guid followUpId, CancellationToken cancellationToken)
    {
        using var activity = RecoveryTelemetry.FollowUp(followUpId);
        // A tracking batch or a delivery may move the case on between our read and our save (the case version
        // refuses our save then): read again and decide again, rather than fail and wait for Hangfire's retry.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunOnceAsync(followUpId, cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                logger.FollowUpConflict(followUpId, attempt);
            }
        }
    }

    private async Task RunOnceAsync(Guid followUpId, CancellationToken cancellationToken)
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

        // Re-track first (through the same batch entry point as a sweep), so the case reflects the parcel as it is now.
        if (shipment.NextCheckAt is not null)
        {
            await tracking.RefreshAsync(shipment, cancellationToken);
        }

        await using var work = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await work.Cases.Include(c => c.FollowUps).Include(c => c.OwedEffects).AsSplitQuery().FirstAsync(c => c.Id == caseId, cancellationToken);
        var followUp = record.FollowUps.Single(f => f.Id == followUpId);
        shipment = await work.Shipments.AsNoTracking().FirstAsync(s => s.Id == record.ShipmentId, cancellationToken);
        if (followUp.DoneAt is not null)
        {
            return; // the re-track resolved the case and closed this follow-up with it
        }

        var now = time.GetUtcNow();
        var @case = record.ToDomain();
        var owedBefore = record.OwedEffects.Count;
        var issued = await CompensationLedger.IssuedAsync(work, record.Id, cancellationToken);
        await OfferIfAgentSentAsync(work, record, now, cancellationToken);
        var outcome = await FollowUpAsync(record, @case, shipment, followUp, issued, now, cancellationToken);
        followUp.DoneAt = now;
        followUp.Outcome = outcome;
        record.Apply(@case);
        await work.SaveChangesAsync(cancellationToken);
        if (record.OwedEffects.Count > owedBefore)
        {
            await work.SetEffectsJobAsync(record.Id, jobs.DeliverEffects(record.Id), cancellationToken);
        }

        logger.FollowUpRan(followUp.Sequence, record.Key, outcome);
    }

    /// <summary>
    /// Draft mode: the agent sends the apology, and tags the ticket when they have. Until that tag is seen, the remedy
    /// stays proposed: nothing is offered that the customer was not told. A helpdesk that cannot answer now is asked
    /// again at the next follow-up.
    /// </summary>
    private async Task OfferIfAgentSentAsync(RecoveryDbContext db, CaseRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (tickets.Value.Mode != TicketMode.Draft || record.TicketId is null
            || !await db.Compensations.AnyAsync(c => c.CaseId == record.Id && c.Status == CompensationStatuses.Proposed, cancellationToken))
        {
            return;
        }

        var tag = tickets.Value.ApologySentTag;
        var tags = await helpdesk.GetTagsAsync(new TicketRef(record.Helpdesk ?? helpdesk.Name, record.TicketId), cancellationToken);
        if (tags.IsSuccess && tags.Value!.Contains(tag, StringComparer.OrdinalIgnoreCase)
            && await CompensationLedger.OfferAsync(db, record.Id, $"agent (tag {tag})", now, cancellationToken) > 0)
        {
            logger.CompensationOffered(record.Key, "the agent tagged the ticket " + tag);
        }
    }

    private async Task<string> FollowUpAsync(CaseRecord record, RecoveryCase @case, ShipmentRecord shipment, FollowUpRecord followUp, bool issued, DateTimeOffset now, CancellationToken cancellationToken)
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
            await messages.AddAsync(record, shipment, new CaseMessage(eventKey, MessageTemplates.Arrived, NextUpdateBy: null) { Delivery = timeline.LastDeliveryEvent, RemedyIssued = issued }, now, followUp.Id);
            if (tickets.Value.SolveOnArrival)
            {
                OwedEffects.Add(record, $"{record.Key}:solve", OwedEffectKinds.Solve, now, followUpId: followUp.Id);
            }

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
            // Should the helpdesk refuse (a closed ticket), the delivery records that on this follow-up's outcome.
            var why = $"Reopened by RecoveryWorker: this ticket was {ticketStatus.Value} but the parcel is still not delivered ({@case.Breach.Type.ToWireName()}). The customer is still waiting; follow-up {followUp.Sequence} is posting an update now.";
            OwedEffects.Add(record, $"{record.Key}:{eventKey}:reopen", OwedEffectKinds.Reopen, now, why, followUpId: followUp.Id);
            ticketNote = $" (ticket was {ticketStatus.Value}: reopened with a note)";
        }

        var escalate = @case.Status != CaseStatus.Escalated && (nextDue is null || record.RepeatCustomer);
        if (escalate)
        {
            var reason = nextDue is null
                ? $"still {@case.Breach.Type.ToWireName()} after the last follow-up"
                : $"repeat customer, still {@case.Breach.Type.ToWireName()}";
            OwedEffects.Add(record, $"{record.Key}:escalation", OwedEffectKinds.Escalate, now, "Escalated: " + reason, group: options.Value.SupervisorGroup, followUpId: followUp.Id);
            @case.Escalate(reason, now);
            record.EscalationReason = reason;
            logger.CaseEscalated(record.Key, reason);
        }
        else if (@case.Status != CaseStatus.Escalated)
        {
            @case.FollowedUp(now);
        }

        await messages.AddAsync(record, shipment, new CaseMessage(eventKey, MessageTemplates.Update, nextDue) { Escalated = @case.Status == CaseStatus.Escalated, RemedyIssued = issued }, now, followUp.Id);
        return $"still {@case.Breach.Type.ToWireName()}: update sent{(escalate ? ", escalated" : "")}{ticketNote}";
    }
}
