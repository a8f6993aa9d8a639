using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Domain.Remedies;
using RecoveryWorker.FollowUps;
using RecoveryWorker.Polling;
using RecoveryWorker.Storage;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.Recovery;

/// <summary>
/// Applies one carrier answer to one shipment: stores the tracking, runs the breach rules, and carries out the
/// case decision. Every step re-reads the store, so running it twice for the same answer changes nothing more.
/// </summary>
internal sealed class ShipmentChecker(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    BreachDetector detector,
    RemedyPolicy remedies,
    CheckSchedule schedule,
    CaseNotifier notifier,
    IBackgroundJobClient jobs,
    IOptions<PollingOptions> polling,
    TimeProvider time,
    ILogger<ShipmentChecker> logger)
{
    public async Task CheckAsync(Guid shipmentId, ConnectorResult<TrackingSnapshot> answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shipment = await db.Shipments.FindAsync([shipmentId], cancellationToken);
        if (shipment is null || shipment.NextCheckAt is null)
        {
            return; // gone, or already final: a late duplicate of this batch has nothing to do
        }

        var now = time.GetUtcNow();
        var snapshot = answer switch
        {
            { IsSuccess: true, Value: { } value } => value,
            // The carrier does not know the number yet: that is information (nothing picked up), not a failure.
            { Error.Kind: ConnectorErrorKind.NotFound } => new TrackingSnapshot { Carrier = shipment.CarrierCode(), TrackingNumber = shipment.TrackingNumber },
            _ => null,
        };
        if (snapshot is null)
        {
            var error = answer.Error!;
            shipment.ConsecutiveCheckFailures++;
            shipment.LastCheckError = $"{error.Kind}: {error.Message}";
            shipment.NextCheckAt = now + (error.RetryAfter ?? polling.Value.RetryAfterFailure);
            shipment.CheckLeaseUntil = null;
            await db.SaveChangesAsync(cancellationToken);
            logger.TrackingFailed(shipment.Id, shipment.Carrier, shipment.TrackingNumber, error.Kind.ToString(), error.Message);
            return;
        }

        var promise = shipment.ToPromise();
        var timeline = TrackingTimeline.From(snapshot, promise.TimeZone);
        RecordTracking(shipment, snapshot, timeline, now);

        var previousCaseAt = await db.Cases
            .Where(c => c.CustomerId == shipment.CustomerId && c.ShipmentId != shipment.Id)
            .OrderByDescending(c => c.DetectedAt)
            .Select(c => (DateTimeOffset?)c.DetectedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var breaches = detector.Detect(promise, snapshot, previousCaseAt);
        var records = await db.Cases.Include(c => c.FollowUps).Where(c => c.ShipmentId == shipment.Id).ToListAsync(cancellationToken);
        var cases = records.ToDictionary(r => r.Key, r => r.ToDomain());

        CaseRecord? opened = null;
        switch (CaseDecider.Decide(shipment.Id, cases.Values, breaches))
        {
            case CaseDecision.Open open:
                var @case = new RecoveryCase(open.Key, open.Breach, now);
                opened = RecordMapping.NewRecord(@case, shipment.CustomerId, remedies.Choose(open.Breach, promise));
                db.Cases.Add(opened);
                records.Add(opened);
                break;

            case CaseDecision.Update update:
                var updated = records.Single(r => r.Key == update.Case.Key.ToString());
                update.Case.Update(update.Breach, now);
                if (updated.TicketId is not null)
                {
                    var eventKey = $"update-{update.Breach.Type.ToWireName()}-{update.Case.Severity.ToWireName()}";
                    await notifier.PostAsync(WithBreach(updated, update.Case), shipment, new CaseMessage(eventKey, PublicTemplate: null, NextFollowUp(updated, now)), cancellationToken);
                }

                updated.Apply(update.Case);
                logger.CaseUpdated(updated.Key, updated.BreachType, updated.Severity);
                break;

            case CaseDecision.Clear clear when clear.Case.Status != CaseStatus.TicketPending:
                // While the ticket is being created, wait: clearing now would leave an orphan apology behind.
                var cleared = records.Single(r => r.Key == clear.Case.Key.ToString());
                if (cleared.TicketId is not null)
                {
                    await notifier.PostAsync(cleared, shipment, new CaseMessage("cleared", MessageTemplates.Cleared, NextUpdateBy: null) { Delivery = timeline.DeliveredAt is null ? null : timeline.LastDeliveryEvent }, cancellationToken);
                }

                var resolution = $"{clear.Case.Breach.Type.ToWireName()} no longer holds ({timeline.Status})";
                clear.Case.Resolve(resolution, now);
                cleared.Apply(clear.Case);
                FollowUpBook.CancelOpen(cleared, now, "not needed: case cleared");
                logger.CaseCleared(cleared.Key, resolution);
                break;
        }

        // Delivered while a ticketed case is open: say so now, not at the next scheduled follow-up.
        var arrival = timeline.DeliveredAt is not null
            ? records.FirstOrDefault(r => r.TicketId is not null && r.ResolvedAt is null && r.FollowUps.All(f => f.DoneAt is not null || f.DueAt > now))
            : null;
        var arrivalFollowUp = arrival is null ? null : FollowUpBook.AddNow(arrival, now);

        var inTrouble = records.Any(r => r.ResolvedAt is null);
        shipment.NextCheckAt = schedule.Next(shipment.PromisedBy, timeline.Status, inTrouble, now);
        shipment.CheckLeaseUntil = null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (opened is not null)
        {
            // The unique case key: another worker opened this case first. Its ticket job is on the way.
            return;
        }

        var status = shipment.TrackingStatus ?? "";
        logger.Tracked(shipment.Id, status, shipment.NextCheckAt);
        if (opened is not null)
        {
            logger.BreachDetected(opened.Key, opened.BreachType, opened.Severity, shipment.Carrier, status);
            await db.SetTicketJobAsync(opened.Id, jobs.Enqueue<OpenTicketJob>(j => j.RunAsync(opened.Id, CancellationToken.None)), cancellationToken);
        }

        if (arrivalFollowUp is not null)
        {
            await db.SetFollowUpJobAsync(arrivalFollowUp.Id, jobs.Enqueue<FollowUpCheckJob>(j => j.RunAsync(arrivalFollowUp.Id, CancellationToken.None)), cancellationToken);
        }
    }

    private static void RecordTracking(ShipmentRecord shipment, TrackingSnapshot snapshot, TrackingTimeline timeline, DateTimeOffset now)
    {
        shipment.TrackingJson = TrackingSnapshotJson.Serialize(snapshot);
        shipment.TrackingStatus = timeline.Status.ToString();
        shipment.LastEventAt = timeline.LastEvent?.Instant;
        shipment.DeliveredAt = timeline.DeliveredAt;
        shipment.LastCheckedAt = now;
        shipment.LastCheckError = null;
        shipment.ConsecutiveCheckFailures = 0;
    }

    // The note about an update must state the new facts, so render it from the updated case.
    private static CaseRecord WithBreach(CaseRecord record, RecoveryCase @case)
    {
        var copy = record.Copy();
        copy.Apply(@case);
        return copy;
    }

    private static DateTimeOffset? NextFollowUp(CaseRecord record, DateTimeOffset now) =>
        record.FollowUps.Where(f => f.DoneAt is null && f.DueAt > now).OrderBy(f => f.DueAt).Select(f => (DateTimeOffset?)f.DueAt).FirstOrDefault();
}
