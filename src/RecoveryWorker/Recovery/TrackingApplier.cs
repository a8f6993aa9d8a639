using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Claims;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Claims;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Domain.Remedies;
using RecoveryWorker.Jobs;
using RecoveryWorker.Observability;
using RecoveryWorker.Polling;
using RecoveryWorker.Storage;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.Recovery;

/// <summary>One carrier answer (or failure) for one shipment, from a poll or a push.</summary>
internal sealed record TrackingAnswer(Guid ShipmentId, ConnectorResult<TrackingSnapshot> Result);

/// <summary>
/// The batch entry point of tracking: applies a whole batch of answers at once, whatever their source. One query for
/// the batch's shipments, one for their cases (with follow-ups and owed effects), one for the earlier cases of
/// customers whose parcels broke a promise; the pure detector and case decider over all of them in memory; one save
/// (batched statements) for the lot, owed helpdesk writes included (the outbox); then the jobs it owes, enqueued
/// together. Tracking never calls the helpdesk. Everything is re-read, so applying the same answers twice changes
/// nothing more; a conflict with a concurrent writer re-applies the batch, then isolates the shipment that conflicts.
/// </summary>
internal sealed class TrackingApplier(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    BreachDetector detector,
    ClaimRules claims,
    RemedyPolicy remedies,
    CheckSchedule schedule,
    CaseMessages messages,
    IRecoveryJobs jobs,
    IOptions<PollingOptions> polling,
    IOptions<TicketOptions> tickets,
    IOptions<RemedyOptions> remedyOptions,
    CompensationBudget budget,
    TimeProvider time,
    RecoveryMetrics metrics,
    ILogger<TrackingApplier> logger)
{
    private const int WholeBatchAttempts = 3;

    /// <summary>Applies the answers; returns how many shipments took them (gone or final ones are skipped).</summary>
    public async Task<int> ApplyAsync(IReadOnlyCollection<TrackingAnswer> answers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var latest = answers.GroupBy(a => a.ShipmentId).Select(g => g.Last()).ToList();
        if (latest.Count == 0)
        {
            return 0;
        }

        for (var attempt = 1; attempt < WholeBatchAttempts; attempt++)
        {
            try
            {
                return await ApplyOnceAsync(latest, cancellationToken);
            }
            catch (DbUpdateException ex)
            {
                // A concurrent writer moved a case on (version) or opened the same case first (unique key): re-read and
                // decide again; what the other writer did is now part of what we read.
                logger.BatchConflict(latest.Count, attempt, ex.InnerException?.Message ?? ex.Message);
            }
        }

        // Still conflicting: apply one shipment at a time, so one contested shipment cannot hold back the rest.
        var applied = 0;
        foreach (var answer in latest)
        {
            try
            {
                applied += await ApplyOnceAsync([answer], cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another worker moved this shipment's case on, or opened it first (its delivery job is on the way).
                logger.ShipmentConflict(answer.ShipmentId);
            }
        }

        return applied;
    }

    private async Task<int> ApplyOnceAsync(List<TrackingAnswer> answers, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = answers.Select(a => a.ShipmentId).ToList();
        var shipments = await db.Shipments.Where(s => ids.Contains(s.Id) && s.NextCheckAt != null).ToDictionaryAsync(s => s.Id, cancellationToken);
        if (shipments.Count == 0)
        {
            return 0; // gone, or already final: a late duplicate of this batch has nothing to do
        }

        var shipmentIds = shipments.Keys.ToList();
        var cases = await db.Cases.Where(c => shipmentIds.Contains(c.ShipmentId)).ToListAsync(cancellationToken);
        if (cases.Count > 0)
        {
            // Their follow-ups and owed effects, attached to the tracked cases by EF (fix-up): only when there are cases,
            // which most batches of parcels on their way have none of.
            var caseIds = cases.Select(c => c.Id).ToList();
            await db.FollowUps.Where(f => caseIds.Contains(f.CaseId)).LoadAsync(cancellationToken);
            await db.OwedEffects.Where(e => caseIds.Contains(e.CaseId)).LoadAsync(cancellationToken);
            await db.Compensations.Where(c => caseIds.Contains(c.CaseId)).LoadAsync(cancellationToken); // what messages may say was issued
        }

        var casesByShipment = cases.ToLookup(c => c.ShipmentId);

        var now = time.GetUtcNow();
        var work = new List<Checked>(answers.Count);
        foreach (var answer in answers)
        {
            if (!shipments.TryGetValue(answer.ShipmentId, out var shipment))
            {
                continue;
            }

            try
            {
                work.Add(Check(shipment, answer.Result));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One parcel's surprise must not stop the others: left as it was, its lease runs out and it is retried.
                logger.ShipmentFailed(ex, shipment.Id);
                Revert(db, shipment.Id);
            }
        }

        // The repeat-customer rule needs the customer's earlier cases: asked only for parcels that broke a promise.
        var previousCaseAt = await PreviousCasesAsync(db, work.Where(w => w.Snapshot is not null && w.Breaches.Count > 0).Select(w => w.Shipment).ToList(), cancellationToken);

        var owed = new Owed();
        foreach (var item in work.Where(w => w.Snapshot is not null).ToList())
        {
            try
            {
                await DecideAsync(db, item, casesByShipment[item.Shipment.Id].ToList(), previousCaseAt, owed, now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not DbUpdateException)
            {
                logger.ShipmentFailed(ex, item.Shipment.Id);
                Revert(db, item.Shipment.Id);
                work.Remove(item);
            }
        }

        // Carrier guarantee claims, in the same save as the case decisions: a late guaranteed parcel's claim exists
        // exactly when its tracking does.
        var claimed = await ClaimBook.OpenOrUpdateAsync(db, ClaimDecisions(work), now, cancellationToken);

        var opened = owed.Opened.Select(o => o.Record).Where(r => db.Entry(r).State == EntityState.Added).ToList();
        var limited = budget.Limited(opened);
        if (limited.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            // The budget's decision and the save that commits it hold the currency's lock (one connection for both).
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await CompensationBudget.LockAsync(db, limited, take: true, cancellationToken);
                await budget.ApplyAsync(db, opened, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                await CompensationBudget.LockAsync(db, limited, take: false, CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }

        await EnqueueAsync(db, owed, cancellationToken);
        foreach (var claim in claimed)
        {
            if (claim.OpenedAt == now)
            {
                logger.ClaimOpened(claim.Id, claim.Carrier, claim.TrackingNumber, claim.Reason, claim.Status, claim.Exclusion is null ? "" : $" ({claim.Exclusion})", claim.FileBy);
                metrics.ClaimOpened(claim.Carrier, claim.Status, claim.Exclusion);
            }
            else
            {
                logger.ClaimReassessed(claim.Id, claim.Carrier, claim.TrackingNumber, claim.Status, claim.Exclusion is null ? "" : $" ({claim.Exclusion})");
            }
        }

        foreach (var item in work)
        {
            metrics.Checked(item.Shipment.Carrier, item.Snapshot is null ? item.Error!.Kind : null);
            if (item.Snapshot is not null && item.Shipment.NextCheckAt is null)
            {
                // Read only while it was not final, so this is the moment it became final: counted once.
                metrics.PromiseSettled(item.Shipment.Carrier, kept: item.Breaches.Count == 0);
            }

            if (item.Snapshot is null)
            {
                logger.TrackingFailed(item.Shipment.Id, item.Shipment.Carrier, item.Shipment.TrackingNumber, item.Error!.Kind.ToString(), item.Error.Message);
            }
            else
            {
                logger.Tracked(item.Shipment.Id, item.Shipment.TrackingStatus ?? "", item.Shipment.NextCheckAt);
            }
        }

        foreach (var (record, shipment) in owed.Opened)
        {
            logger.BreachDetected(record.Key, record.BreachType, record.Severity, shipment.Carrier, shipment.TrackingStatus ?? "");
            metrics.BreachOpened(record.BreachType, shipment.Carrier);
            if (record.RemedyAmount > 0)
            {
                metrics.Compensation(CompensationStatuses.Proposed, record.RemedyKind ?? "", record.RemedyAmount.Value, record.RemedyCurrency ?? "");
            }
        }

        return work.Count;
    }

    /// <summary>The claims the checked parcels earn now (most earn none: no query is made for them).</summary>
    private List<(ShipmentRecord, ClaimDecision)> ClaimDecisions(List<Checked> work)
    {
        var decisions = new List<(ShipmentRecord, ClaimDecision)>();
        foreach (var item in work)
        {
            if (item.Snapshot is null || item.Shipment.CancelledAt is not null)
            {
                continue;
            }

            var facts = new ClaimFacts(item.Snapshot.Carrier, item.Promise, item.Snapshot, item.Timeline, item.Shipment.ShippingCost, item.Shipment.Currency);
            if (claims.Decide(facts) is { } decision)
            {
                decisions.Add((item.Shipment, decision));
            }
        }

        return decisions;
    }

    /// <summary>Records the answer on the shipment and runs the rules (first pass: without the customer's history).</summary>
    private Checked Check(ShipmentRecord shipment, ConnectorResult<TrackingSnapshot> answer)
    {
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
            return new Checked(shipment, null, null!, null!, [], error);
        }

        var promise = shipment.ToPromise();
        var timeline = TrackingTimeline.From(snapshot, promise.TimeZone);
        var breaches = detector.Detect(promise, snapshot, timeline);
        RecordTracking(shipment, snapshot, timeline, now);
        return new Checked(shipment, snapshot, promise, timeline, breaches, null);
    }

    private async Task DecideAsync(RecoveryDbContext db, Checked item, List<CaseRecord> records, Dictionary<Guid, DateTimeOffset> previousCaseAt, Owed owed, DateTimeOffset now)
    {
        var shipment = item.Shipment;
        var timeline = item.Timeline;
        var breaches = item.Breaches.Count > 0 && previousCaseAt.TryGetValue(shipment.Id, out var previous)
            ? detector.Detect(item.Promise, item.Snapshot!, timeline, previous)
            : item.Breaches;
        var cases = records.ToDictionary(r => r.Key, r => r.ToDomain());

        switch (CaseDecider.Decide(shipment.Id, cases.Values, breaches))
        {
            case CaseDecision.Open open:
                var @case = new RecoveryCase(open.Key, open.Breach, now);
                var opened = RecordMapping.NewRecord(@case, shipment.CustomerId, remedies.Choose(open.Breach, item.Promise));
                if (remedyOptions.Value.Issuer == RemedyIssuer.Shopify && opened.RemedyKind == nameof(RemedyKind.ShippingRefund) && opened.RemedyAmount > 0)
                {
                    // Owed before the ticket: the apology is composed once the refund is issued (or known to be refused).
                    OwedEffects.Add(opened, opened.Key + ":remedy", OwedEffectKinds.IssueRemedy, now);
                }

                OwedEffects.Add(opened, OwedEffects.TicketKey(opened), OwedEffectKinds.OpenTicket, now);
                db.Cases.Add(opened);
                if (CompensationLedger.Propose(opened, shipment.Carrier, now) is { } proposed)
                {
                    db.Compensations.Add(proposed); // proposed in the save that opens the case; offered once the apology is out
                }

                records.Add(opened);
                owed.Opened.Add((opened, shipment));
                owed.Deliveries.Add(opened.Id);
                break;

            case CaseDecision.Update update:
                var updated = records.Single(r => r.Key == update.Case.Key.ToString());
                update.Case.Update(update.Breach, now);
                var nextFollowUp = NextFollowUp(updated, now);
                updated.Apply(update.Case);
                if (updated.TicketId is not null)
                {
                    // The note about an update states the new facts: rendered from the updated case.
                    var eventKey = $"update-{update.Breach.Type.ToWireName()}-{update.Case.Severity.ToWireName()}";
                    await messages.AddAsync(updated, shipment, new CaseMessage(eventKey, PublicTemplate: null, nextFollowUp) { RemedyIssued = Issued(db, updated.Id) }, now);
                    owed.Deliveries.Add(updated.Id);
                }

                logger.CaseUpdated(updated.Key, updated.BreachType, updated.Severity);
                break;

            case CaseDecision.Clear clear when clear.Case.Status != CaseStatus.TicketPending:
                // While the ticket is being created, wait: clearing now would leave an orphan apology behind.
                var cleared = records.Single(r => r.Key == clear.Case.Key.ToString());
                if (cleared.TicketId is not null)
                {
                    await messages.AddAsync(cleared, shipment, new CaseMessage("cleared", MessageTemplates.Cleared, NextUpdateBy: null) { Delivery = timeline.DeliveredAt is null ? null : timeline.LastDeliveryEvent, RemedyIssued = Issued(db, cleared.Id) }, now);
                    if (timeline.DeliveredAt is not null && tickets.Value.SolveOnArrival)
                    {
                        OwedEffects.Add(cleared, $"{cleared.Key}:solve", OwedEffectKinds.Solve, now);
                    }

                    owed.Deliveries.Add(cleared.Id);
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
        if (arrival is not null)
        {
            owed.FollowUps.Add(FollowUpBook.AddNow(arrival, now));
        }

        var inTrouble = records.Any(r => r.ResolvedAt is null);
        var breachDueAt = inTrouble ? null : detector.NextBreachAt(item.Promise, timeline, item.Snapshot!.Carrier);
        shipment.NextCheckAt = schedule.Next(shipment.PromisedBy, timeline.Status, inTrouble, now, breachDueAt, awaitingPickup: !timeline.CarrierHasParcel, pushedUntil: shipment.PushSubscribedUntil);
    }

    private static async Task<Dictionary<Guid, DateTimeOffset>> PreviousCasesAsync(RecoveryDbContext db, List<ShipmentRecord> breached, CancellationToken cancellationToken)
    {
        if (breached.Count == 0)
        {
            return [];
        }

        var customers = breached.Select(s => s.CustomerId).Distinct(StringComparer.Ordinal).ToList();
        var earlier = await db.Cases.AsNoTracking().Where(c => customers.Contains(c.CustomerId))
            .Select(c => new { c.CustomerId, c.ShipmentId, c.DetectedAt }).ToListAsync(cancellationToken);
        var result = new Dictionary<Guid, DateTimeOffset>();
        foreach (var shipment in breached)
        {
            var latest = earlier.Where(c => c.CustomerId == shipment.CustomerId && c.ShipmentId != shipment.Id).Select(c => (DateTimeOffset?)c.DetectedAt).Max();
            if (latest is { } at)
            {
                result[shipment.Id] = at;
            }
        }

        return result;
    }

    /// <summary>Enqueues the delivery of new owed effects and the arrival follow-ups, and notes their job ids.</summary>
    private async Task EnqueueAsync(RecoveryDbContext db, Owed owed, CancellationToken cancellationToken)
    {
        if (owed.Deliveries.Count > 0)
        {
            await db.SetEffectsJobsAsync([.. owed.Deliveries.Select(caseId => (caseId, jobs.DeliverEffects(caseId)))], cancellationToken);
        }

        if (owed.FollowUps.Count > 0)
        {
            await db.SetFollowUpJobsAsync([.. owed.FollowUps.Select(f => (f.Id, jobs.FollowUp(f.Id)))], cancellationToken);
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
        shipment.CheckLeaseUntil = null;
    }

    /// <summary>Puts one shipment and its cases back as they were read, so a surprise in one parcel saves nothing of it.</summary>
    /// <summary>From the ledger entries loaded with the batch's cases.</summary>
    private static bool Issued(RecoveryDbContext db, Guid caseId) =>
        db.Compensations.Local.Any(c => c.CaseId == caseId && c.Status is CompensationStatuses.Granted or CompensationStatuses.Redeemed);

    private static void Revert(RecoveryDbContext db, Guid shipmentId)
    {
        var cases = db.ChangeTracker.Entries<CaseRecord>().Where(c => c.Entity.ShipmentId == shipmentId).Select(c => c.Entity).ToList();
        var caseIds = cases.Select(c => c.Id).ToHashSet();
        var detached = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            var belongs = entry.Entity switch
            {
                ShipmentRecord s => s.Id == shipmentId,
                CaseRecord c => caseIds.Contains(c.Id),
                FollowUpRecord f => caseIds.Contains(f.CaseId),
                OwedEffectRecord e => caseIds.Contains(e.CaseId),
                CompensationRecord l => caseIds.Contains(l.CaseId),
                _ => false,
            };
            if (!belongs)
            {
                continue;
            }

            if (entry.State == EntityState.Added)
            {
                entry.State = EntityState.Detached;
                detached.Add(entry.Entity);
            }
            else
            {
                entry.DetectChanges();
                entry.CurrentValues.SetValues(entry.OriginalValues);
                entry.State = EntityState.Unchanged;
            }
        }

        // New rows hang off their case's collections too: take them out, or the next save would find them again.
        foreach (var @case in cases)
        {
            @case.FollowUps.RemoveAll(detached.Contains);
            @case.OwedEffects.RemoveAll(detached.Contains);
        }
    }

    private static DateTimeOffset? NextFollowUp(CaseRecord record, DateTimeOffset now) =>
        record.FollowUps.Where(f => f.DoneAt is null && f.DueAt > now).OrderBy(f => f.DueAt).Select(f => (DateTimeOffset?)f.DueAt).FirstOrDefault();

    /// <summary>One shipment's answer, read once: the promise and timeline every later step uses (null on a failed check).</summary>
    private sealed record Checked(ShipmentRecord Shipment, TrackingSnapshot? Snapshot, DeliveryPromise Promise, TrackingTimeline Timeline, IReadOnlyList<PromiseBreach> Breaches, ConnectorError? Error);

    /// <summary>The jobs a batch owes once it is saved.</summary>
    private sealed class Owed
    {
        public HashSet<Guid> Deliveries { get; } = [];

        public List<FollowUpRecord> FollowUps { get; } = [];

        public List<(CaseRecord Record, ShipmentRecord Shipment)> Opened { get; } = [];
    }
}
