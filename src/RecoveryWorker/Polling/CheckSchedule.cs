using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Polling;

/// <summary>
/// When to look at a shipment next: exactly at the moment it would turn late or a stall or missed pickup would begin,
/// often near the deadline or while in trouble, rarely while the deadline is far, and never once the parcel reached
/// a final state.
/// </summary>
internal sealed class CheckSchedule(IOptions<PollingOptions> polling, IOptions<DetectionOptions> detection)
{
    private readonly PollingOptions _polling = polling.Value;
    private readonly TimeSpan _lateGrace = detection.Value.LateGrace;

    /// <param name="breachDueAt">When a rule turns true by the clock alone (a stall, a label never picked up), if ever:
    /// the check comes no later than that.</param>
    /// <param name="awaitingPickup">The carrier has not scanned the parcel yet: the first scan tells the service it
    /// travels on (a wrong service is found then), so the shipment is looked at as often as near its deadline.</param>
    /// <param name="pushedUntil">Until when the carrier pushes this parcel's scans (a Track Alert subscription): until
    /// then the news comes by itself and a poll is only a safety net, every <see cref="PollingOptions.PushedInterval"/>,
    /// and no later than the subscription's end. The deadline and <paramref name="breachDueAt"/> still decide.</param>
    public DateTimeOffset? Next(DateTimeOffset promisedBy, TrackingStatus status, bool inTrouble, DateTimeOffset now, DateTimeOffset? breachDueAt = null, bool awaitingPickup = false, DateTimeOffset? pushedUntil = null)
    {
        if (status is TrackingStatus.Delivered or TrackingStatus.ReturnedToSender or TrackingStatus.Cancelled)
        {
            return null;
        }

        // The first instant at which "late" is true: checking here tells the customer at the earliest honest moment.
        var turnsLate = promisedBy + _lateGrace + TimeSpan.FromSeconds(1);
        var untilDeadline = promisedBy - now;
        var interval = inTrouble || status == TrackingStatus.Exception || untilDeadline <= TimeSpan.Zero ? _polling.TroubleInterval
            : untilDeadline <= _polling.NearWindow ? _polling.NearInterval
            : untilDeadline <= _polling.FarWindow ? _polling.Interval
            : _polling.FarInterval;
        if (awaitingPickup && interval > _polling.NearInterval)
        {
            interval = _polling.NearInterval;
        }

        var pushed = pushedUntil is { } until && until > now;
        if (pushed)
        {
            interval = _polling.PushedInterval;
        }

        var next = now + interval;
        if (pushed && next > pushedUntil!.Value)
        {
            next = pushedUntil.Value;   // the subscription ends (and may not be renewed): polled as usual from then
        }

        if (now < turnsLate && next > turnsLate)
        {
            next = turnsLate;
        }

        return breachDueAt is { } due && due > now && due < next ? due : next;
    }
}
