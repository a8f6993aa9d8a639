using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Polling;

/// <summary>
/// When to look at a shipment next: exactly at the moment it would turn late, often near the deadline or while in
/// trouble, rarely while the deadline is far, and never once the parcel reached a final state.
/// </summary>
internal sealed class CheckSchedule(IOptions<PollingOptions> polling, IOptions<DetectionOptions> detection)
{
    private readonly PollingOptions _polling = polling.Value;
    private readonly TimeSpan _lateGrace = detection.Value.LateGrace;

    public DateTimeOffset? Next(DateTimeOffset promisedBy, TrackingStatus status, bool inTrouble, DateTimeOffset now)
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

        var next = now + interval;
        return now < turnsLate && next > turnsLate ? turnsLate : next;
    }
}
