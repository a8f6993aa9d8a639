using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Recovery;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Intake;

/// <summary>One scan someone pushed to us (an aggregator, a carrier's webhook, an in-house system), already normalized.</summary>
internal sealed record PushedScan(CarrierCode Carrier, string TrackingNumber, TrackingEvent Event, DateOnly? EstimatedDelivery);

/// <summary>What a push did: scans received, shipments that took them, and the numbers nobody registered.</summary>
internal sealed record TrackingPushResult(int Scans, int Shipments, IReadOnlyList<(CarrierCode Carrier, string TrackingNumber)> Unknown);

/// <summary>
/// Pushed scans go in where polled answers go in: each watched shipment's stored tracking plus the new scans becomes one
/// answer, and the batch goes through <see cref="TrackingApplier"/> (detector, cases, owed helpdesk writes, one save).
/// A push carries only what is new, so it is merged with what is known; scans already known change nothing.
/// </summary>
internal sealed class TrackingPush(IDbContextFactory<RecoveryDbContext> dbFactory, TrackingApplier applier, ILogger<TrackingPush> logger)
{
    public async Task<TrackingPushResult> ApplyAsync(IReadOnlyList<PushedScan> scans, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scans);
        var byParcel = scans.GroupBy(s => (Carrier: s.Carrier.ToWireName(), s.TrackingNumber)).ToDictionary(g => g.Key, g => g.ToList());
        var numbers = byParcel.Keys.Select(k => k.TrackingNumber).Distinct(StringComparer.Ordinal).ToList();

        List<(Guid Id, string Carrier, string TrackingNumber, string? TrackingJson, bool Watched)> registered;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            registered = [.. (await db.Shipments.AsNoTracking()
                    .Where(s => numbers.Contains(s.TrackingNumber))
                    .Select(s => new { s.Id, s.Carrier, s.TrackingNumber, Json = s.NextCheckAt != null ? s.TrackingJson : null, Watched = s.NextCheckAt != null })
                    .ToListAsync(cancellationToken))
                .Select(s => (s.Id, s.Carrier, s.TrackingNumber, s.Json, s.Watched))];
        }

        var answers = new List<TrackingAnswer>();
        foreach (var shipment in registered)
        {
            // Final shipments (NextCheckAt null) are not watched any more: a late scan for them changes nothing.
            if (!shipment.Watched || !byParcel.TryGetValue((shipment.Carrier, shipment.TrackingNumber), out var pushed))
            {
                continue;
            }

            TrackingSnapshot? known = null;
            if (shipment.TrackingJson is { } json)
            {
                try
                {
                    known = TrackingSnapshotJson.Deserialize(json);
                }
                catch (System.Text.Json.JsonException ex)
                {
                    // The stored picture is unreadable: the pushed scans alone are still the truth we have.
                    logger.StoredTrackingUnreadable(ex, shipment.Id);
                }
            }

            answers.Add(new TrackingAnswer(shipment.Id, ConnectorResult.Success(Merge(known, pushed))));
        }

        var applied = answers.Count == 0 ? 0 : await applier.ApplyAsync(answers, cancellationToken);
        var matched = registered.Select(r => (r.Carrier, r.TrackingNumber)).ToHashSet();
        var unknown = byParcel.Keys.Where(k => !matched.Contains(k)).Select(k => (byParcel[k][0].Carrier, k.TrackingNumber)).ToList();
        logger.TrackingPushed(scans.Count, applied, unknown.Count);
        return new TrackingPushResult(scans.Count, applied, unknown);
    }

    /// <summary>The known picture with the pushed scans added: the latest scan sets the status; an estimate sent replaces the old.</summary>
    internal static TrackingSnapshot Merge(TrackingSnapshot? known, IReadOnlyList<PushedScan> pushed)
    {
        var first = pushed[0];
        var events = (known?.Events ?? []).Concat(pushed.Select(p => p.Event))
            .DistinctBy(e => (e.At.ToString(), e.Status, e.Description))
            .ToList();
        // A scan that says nothing of the parcel's state (UPS Track Alert "U": a new delivery date) does not reset it.
        var ordered = events.OrderBy(e => e.At.Instant ?? DateTimeOffset.MinValue).ToList();
        var latest = ordered.LastOrDefault(e => e.Status != TrackingStatus.Unknown) ?? ordered[^1];
        var estimate = pushed.LastOrDefault(p => p.EstimatedDelivery is not null)?.EstimatedDelivery;
        return (known ?? new TrackingSnapshot { Carrier = first.Carrier, TrackingNumber = first.TrackingNumber }) with
        {
            Events = events,
            Status = latest.Status,
            Reason = latest.Reason,
            EstimatedDelivery = estimate is { } day ? DeliveryEstimate.OnDay(day) : known?.EstimatedDelivery,
            DeliveredAt = latest.Status == TrackingStatus.Delivered ? latest.At : known?.DeliveredAt,
        };
    }
}
