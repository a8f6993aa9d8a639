using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Domain;

/// <summary>A carrier event with its instant settled.</summary>
internal sealed record TimelineEvent(DateTimeOffset Instant, TrackingEvent Event)
{
    /// <summary>False when the carrier gave no offset and the instant was read in the promise's zone.</summary>
    public bool OffsetFromCarrier => Event.At.Offset is not null;
}

/// <summary>
/// A snapshot put in order: carriers send events newest-first, oldest-first, shuffled by late-arriving scans, and
/// repeated across pages. Every rule reads this instead of the raw list, so none has to care.
/// </summary>
internal sealed class TrackingTimeline
{
    private TrackingTimeline(IReadOnlyList<TimelineEvent> events, TrackingStatus status, ExceptionReason? reason, DateTimeOffset? deliveredAt)
    {
        Events = events;
        Status = status;
        Reason = reason;
        DeliveredAt = deliveredAt;
    }

    /// <summary>Events oldest first, duplicates removed.</summary>
    public IReadOnlyList<TimelineEvent> Events { get; }

    /// <summary>The current status: the carrier's summary when it gave one, else the latest event's.</summary>
    public TrackingStatus Status { get; }

    public ExceptionReason? Reason { get; }

    /// <summary>When the parcel was delivered, or null while it is not.</summary>
    public DateTimeOffset? DeliveredAt { get; }

    public TimelineEvent? LastEvent => Events.Count == 0 ? null : Events[^1];

    public TimelineEvent? LastDeliveryEvent => Events.LastOrDefault(e => e.Event.Status == TrackingStatus.Delivered);

    /// <summary>
    /// The carrier has physically had the parcel: any scan other than label creation. An unclassified scan counts,
    /// because the carrier would not scan what it does not hold.
    /// </summary>
    public bool CarrierHasParcel => Events.Any(e => e.Event.Status is not (TrackingStatus.LabelCreated or TrackingStatus.Cancelled));

    public TimelineEvent? FirstLabelEvent => Events.FirstOrDefault(e => e.Event.Status == TrackingStatus.LabelCreated);

    public bool HasReason(ExceptionReason reason) => Reason == reason || Events.Any(e => e.Event.Reason == reason);

    public static TrackingTimeline From(TrackingSnapshot snapshot, TimeZoneInfo zoneForUnzonedTimes)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(zoneForUnzonedTimes);

        var events = Ordered(snapshot.Events, zoneForUnzonedTimes);

        var latest = events.Length == 0 ? null : events[^1];
        var status = snapshot.Status != TrackingStatus.Unknown ? snapshot.Status : latest?.Event.Status ?? TrackingStatus.Unknown;
        var reason = snapshot.Status != TrackingStatus.Unknown ? snapshot.Reason : latest?.Event.Reason;

        // The first delivery scan is the moment of delivery; later ones are re-scans (photo, signature upload).
        var deliveredAt = snapshot.DeliveredAt?.ToInstant(zoneForUnzonedTimes)
            ?? Array.Find(events, e => e.Event.Status == TrackingStatus.Delivered)?.Instant;
        if (deliveredAt is null && status == TrackingStatus.Delivered)
        {
            // Summary says delivered with no time: the newest scan is the best bound we have.
            deliveredAt = latest?.Instant;
        }

        return new TrackingTimeline(events, status, reason, deliveredAt);
    }

    /// <summary>
    /// Events with their instants, the first of each repeat kept (same instant, status, code, wording and place), in
    /// time order, carrier order kept among equal instants. Written out rather than with LINQ: this runs for every
    /// shipment of every tracking batch, and a snapshot holds a handful of events, so a small stable insertion sort
    /// with no allocation but the result is the fastest way.
    /// </summary>
    private static TimelineEvent[] Ordered(IReadOnlyList<TrackingEvent> source, TimeZoneInfo zone)
    {
        var buffer = new TimelineEvent[source.Count];
        var count = 0;
        for (var i = 0; i < source.Count; i++)
        {
            var e = source[i];
            var instant = e.At.ToInstant(zone);
            if (IsRepeat(buffer, count, instant, e))
            {
                continue;
            }

            var item = new TimelineEvent(instant, e);
            var at = count++;
            while (at > 0 && buffer[at - 1].Instant > instant)
            {
                buffer[at] = buffer[at - 1];
                at--;
            }

            buffer[at] = item;
        }

        return count == buffer.Length ? buffer : buffer[..count];
    }

    private static bool IsRepeat(TimelineEvent[] seen, int count, DateTimeOffset instant, TrackingEvent e)
    {
        for (var i = 0; i < count; i++)
        {
            var other = seen[i].Event;
            if (seen[i].Instant.UtcTicks == instant.UtcTicks && other.Status == e.Status
                && string.Equals(other.CarrierCode, e.CarrierCode, StringComparison.Ordinal)
                && string.Equals(other.Description, e.Description, StringComparison.Ordinal)
                && string.Equals(other.Location, e.Location, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
