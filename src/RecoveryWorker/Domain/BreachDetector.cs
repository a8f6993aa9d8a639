using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Domain;

/// <summary>
/// Decides which promises are broken. Pure: the same promise, tracking and clock give the same answer, with no
/// I/O, so every rule is tested without a carrier, a database or a scheduler.
/// </summary>
internal sealed class BreachDetector(IOptions<DetectionOptions> options, BusinessCalendars calendars, ServiceCatalog services, TimeProvider time)
{
    private readonly DetectionOptions _options = options.Value;

    /// <param name="promise">What was promised.</param>
    /// <param name="tracking">The carrier's latest snapshot.</param>
    /// <param name="customerPreviousCaseAt">When this customer's most recent earlier case (other shipments) opened, if any.</param>
    /// <returns>Every breach that holds now, the one that should head a case first.</returns>
    public IReadOnlyList<PromiseBreach> Detect(DeliveryPromise promise, TrackingSnapshot tracking, DateTimeOffset? customerPreviousCaseAt = null)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(tracking);
        return Detect(promise, tracking, TrackingTimeline.From(tracking, promise.TimeZone), customerPreviousCaseAt);
    }

    /// <summary>The same, for a caller that has put the snapshot in order already (the tracking batch does).</summary>
    /// <param name="timeline"><c>TrackingTimeline.From(tracking, promise.TimeZone)</c>.</param>
    public IReadOnlyList<PromiseBreach> Detect(DeliveryPromise promise, TrackingSnapshot tracking, TrackingTimeline timeline, DateTimeOffset? customerPreviousCaseAt = null)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(timeline);

        var now = time.GetUtcNow();
        var calendar = calendars.For(tracking.Carrier);
        List<PromiseBreach>? breaches = null; // most parcels are fine: no list for them

        if (timeline.DeliveredAt is { } deliveredAt)
        {
            AddIfBroken(ref breaches, DeliveredLate(promise, timeline, deliveredAt));
        }
        else if (timeline.Status is TrackingStatus.ReturnedToSender or TrackingStatus.Cancelled)
        {
            // The parcel will not arrive at all: that is the story, whatever the clock says.
            AddIfBroken(ref breaches, Exception(promise, timeline));
        }
        else
        {
            AddIfBroken(ref breaches, now > promise.PromisedBy + _options.LateGrace ? Late(promise, timeline, now) : AtRisk(promise, tracking, timeline));
            AddIfBroken(ref breaches, NotPickedUp(promise, timeline, calendar, now));
            AddIfBroken(ref breaches, Stalled(promise, timeline, calendar, now));
            AddIfBroken(ref breaches, Exception(promise, timeline));
        }

        AddIfBroken(ref breaches, ServiceMismatch(promise, tracking));

        if (breaches is null)
        {
            return [];
        }

        var repeat = customerPreviousCaseAt is { } previous && previous <= now && now - previous <= _options.RepeatWindow;
        var guaranteed = services.IsCarrierGuaranteed(promise.ServiceCode);
        for (var i = 0; i < breaches.Count; i++)
        {
            var b = breaches[i];
            var refundable = b.Type.IsLateness() && guaranteed && !timeline.HasReason(ExceptionReason.WeatherOrDisaster);
            if (repeat || refundable)
            {
                breaches[i] = b with { Severity = repeat ? b.Severity.Raise() : b.Severity, RepeatCustomer = repeat, CarrierRefundEligible = refundable };
            }
        }

        // Stable, like the ordering it replaces: equal precedence keeps the order the rules ran in.
        return [.. breaches.OrderBy(b => b.Type.Precedence())];
    }

    /// <summary>
    /// The next instant at which a rule turns true with no new scan at all: the label waits past
    /// <c>NotPickedUpAfter</c>, or the parcel stays quiet past <c>StalledAfter</c> (business time). The check schedule
    /// looks exactly then, so these breaches are found when they happen rather than at the next routine check.
    /// Null when no such instant lies ahead (the parcel arrived, or the breach holds already).
    /// </summary>
    public DateTimeOffset? NextBreachAt(DeliveryPromise promise, TrackingTimeline timeline, CarrierCode carrier)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(timeline);
        if (timeline.DeliveredAt is not null || timeline.Status is TrackingStatus.ReturnedToSender or TrackingStatus.Cancelled)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var calendar = calendars.For(carrier);
        DateTimeOffset? at = null;
        if (AwaitsPickup(timeline))
        {
            at = calendar.AfterBusinessTime(LabelAt(promise, timeline), _options.NotPickedUpAfter, promise.TimeZone);
        }
        else if (QuietSince(timeline) is { } last)
        {
            at = calendar.AfterBusinessTime(last.Instant, _options.StalledAfter, promise.TimeZone);
        }

        // The rules compare with "more than", so the breach holds from just after this instant.
        return at is { } flip && flip >= now ? flip + TimeSpan.FromSeconds(1) : null;
    }

    /// <summary>The label exists and the carrier has not had the parcel yet (the never-picked-up rule's ground).</summary>
    private static bool AwaitsPickup(TrackingTimeline timeline) =>
        !timeline.CarrierHasParcel && timeline.Status is not TrackingStatus.Cancelled;

    /// <summary>Age the label from its creation scan when the carrier reports one, else from when the business says it shipped.</summary>
    private static DateTimeOffset LabelAt(DeliveryPromise promise, TrackingTimeline timeline) =>
        timeline.FirstLabelEvent?.Instant ?? promise.ShippedAt;

    /// <summary>
    /// The last scan of a parcel on the move (the stalled rule's ground); null when it is not moving in the carrier's
    /// hands: waiting at a pickup point is the customer's move, and an exception is reported as itself.
    /// </summary>
    private static TimelineEvent? QuietSince(TrackingTimeline timeline) =>
        timeline.CarrierHasParcel
        && timeline.Status is TrackingStatus.PickedUp or TrackingStatus.InTransit or TrackingStatus.OutForDelivery or TrackingStatus.Unknown
            ? timeline.LastEvent
            : null;

    private static void AddIfBroken(ref List<PromiseBreach>? breaches, PromiseBreach? breach)
    {
        if (breach is not null)
        {
            (breaches ??= new List<PromiseBreach>(2)).Add(breach);
        }
    }

    private PromiseBreach? DeliveredLate(DeliveryPromise promise, TrackingTimeline timeline, DateTimeOffset deliveredAt)
    {
        // Delivered exactly at the deadline keeps the promise; a minute after breaks it (past any grace).
        if (deliveredAt <= promise.PromisedBy + _options.LateGrace)
        {
            return null;
        }

        var lateness = deliveredAt - promise.PromisedBy;
        return new PromiseBreach(BreachType.DeliveredLate, LatenessSeverity(lateness, promise), new BreachEvidence
        {
            Deadline = promise.PromisedBy,
            DeliveredAt = deliveredAt,
            Lateness = lateness,
            Event = timeline.LastDeliveryEvent ?? timeline.LastEvent,
            Status = TrackingStatus.Delivered,
        });
    }

    private PromiseBreach Late(DeliveryPromise promise, TrackingTimeline timeline, DateTimeOffset now)
    {
        var lateness = now - promise.PromisedBy;
        return new PromiseBreach(BreachType.Late, LatenessSeverity(lateness, promise), new BreachEvidence
        {
            Deadline = promise.PromisedBy,
            Lateness = lateness,
            Event = timeline.LastEvent,
            Status = timeline.Status,
            Reason = timeline.Reason,
        });
    }

    private PromiseBreach? AtRisk(DeliveryPromise promise, TrackingSnapshot tracking, TrackingTimeline timeline)
    {
        var zone = promise.TimeZone;
        var limit = promise.PromisedBy + _options.AtRiskMargin;
        var estimate = tracking.EstimatedDelivery;
        var estimateMissesDeadline = estimate switch
        {
            // A day-only estimate means "some time that day": only a later day says it will miss.
            { Date: { } day } => day > DateOnly.FromDateTime(promise.LocalDeadline.DateTime),
            { WindowEnd: { } end } => end.ToInstant(zone) > limit,
            _ => false,
        };
        var commitment = tracking.CommitmentTime?.ToInstant(zone);
        var commitmentMissesDeadline = commitment > limit;
        var carrierSaysDelayed = tracking.CarrierReportsDelay
            || (timeline.Status == TrackingStatus.Exception && timeline.Reason == ExceptionReason.Delayed);

        if (!estimateMissesDeadline && !commitmentMissesDeadline && !carrierSaysDelayed)
        {
            return null;
        }

        // How late it would be, at the least: a window or commitment by its end, a day-only estimate from the
        // start of that day (it may come early that day; calling it "by midnight" would inflate every severity).
        DateTimeOffset? earliestLateArrival = commitmentMissesDeadline ? commitment
            : estimate is { WindowEnd: { } windowEnd } ? windowEnd.ToInstant(zone)
            : estimate is { Date: { } estimatedDay } ? CarrierTimestamp.FromWallClock(estimatedDay.ToDateTime(TimeOnly.MinValue)).ToInstant(zone)
            : null;
        var projectedLateness = earliestLateArrival > promise.PromisedBy ? earliestLateArrival - promise.PromisedBy : null;
        var severity = projectedLateness >= _options.MajorLateness ? Severity.Major : Severity.Minor;
        return new PromiseBreach(BreachType.AtRisk, severity, new BreachEvidence
        {
            Deadline = promise.PromisedBy,
            EstimatedBy = commitmentMissesDeadline ? commitment : estimate?.WindowEnd?.ToInstant(zone),
            EstimatedDay = commitmentMissesDeadline ? null : estimate?.Date,
            Lateness = projectedLateness,
            CarrierReportedDelay = carrierSaysDelayed,
            Event = timeline.LastEvent,
            Status = timeline.Status,
        });
    }

    private PromiseBreach? NotPickedUp(DeliveryPromise promise, TrackingTimeline timeline, BusinessCalendar calendar, DateTimeOffset now)
    {
        if (!AwaitsPickup(timeline))
        {
            return null;
        }

        var labelAt = LabelAt(promise, timeline);
        if (now - labelAt <= _options.NotPickedUpAfter)
        {
            return null; // business time never exceeds the time on the clock: no need to count it
        }

        var waiting = calendar.BusinessTimeBetween(labelAt, now, promise.TimeZone);
        if (waiting <= _options.NotPickedUpAfter)
        {
            return null;
        }

        return new PromiseBreach(BreachType.NotPickedUp, WaitingSeverity(waiting, _options.NotPickedUpAfter), new BreachEvidence
        {
            Deadline = promise.PromisedBy,
            BusinessTimeWaiting = waiting,
            Event = timeline.FirstLabelEvent,
            Status = timeline.Status,
        });
    }

    private PromiseBreach? Stalled(DeliveryPromise promise, TrackingTimeline timeline, BusinessCalendar calendar, DateTimeOffset now)
    {
        if (QuietSince(timeline) is not { } last)
        {
            return null;
        }

        if (now - last.Instant <= _options.StalledAfter)
        {
            return null; // business time never exceeds the time on the clock: no need to count it
        }

        var quiet = calendar.BusinessTimeBetween(last.Instant, now, promise.TimeZone);
        if (quiet <= _options.StalledAfter)
        {
            return null;
        }

        return new PromiseBreach(BreachType.Stalled, WaitingSeverity(quiet, _options.StalledAfter), new BreachEvidence
        {
            Deadline = promise.PromisedBy,
            BusinessTimeWaiting = quiet,
            Event = last,
            Status = timeline.Status,
        });
    }

    private static PromiseBreach? Exception(DeliveryPromise promise, TrackingTimeline timeline)
    {
        var isException = timeline.Status is TrackingStatus.ReturnedToSender or TrackingStatus.Cancelled
            || (timeline.Status == TrackingStatus.Exception && timeline.Reason != ExceptionReason.Delayed);
        if (!isException)
        {
            return null;
        }

        var reason = timeline.Status == TrackingStatus.Exception ? timeline.Reason ?? ExceptionReason.Other : timeline.Reason;
        var severity = timeline.Status is TrackingStatus.ReturnedToSender or TrackingStatus.Cancelled
            ? Severity.Critical
            : reason switch
            {
                ExceptionReason.Lost or ExceptionReason.Damaged => Severity.Critical,
                ExceptionReason.CustomsHold or ExceptionReason.AddressIssue or ExceptionReason.Other => Severity.Major,
                _ => Severity.Minor,
            };
        var exceptionEvent = timeline.Events.LastOrDefault(e => e.Event.Status == timeline.Status) ?? timeline.LastEvent;
        return new PromiseBreach(BreachType.Exception, severity, new BreachEvidence
        {
            Deadline = promise.PromisedBy,
            Event = exceptionEvent,
            Status = timeline.Status,
            Reason = reason,
        });
    }

    private PromiseBreach? ServiceMismatch(DeliveryPromise promise, TrackingSnapshot tracking)
    {
        if (services.Compare(promise.ServiceCode, tracking.Carrier, tracking.ReportedService) != ServiceComparison.Mismatch)
        {
            return null;
        }

        var severity = promise.Guaranteed || services.IsCarrierGuaranteed(promise.ServiceCode) ? Severity.Major : Severity.Minor;
        return new PromiseBreach(BreachType.ServiceMismatch, severity, new BreachEvidence
        {
            Deadline = promise.PromisedBy,
            PromisedService = promise.ServiceCode,
            ReportedService = tracking.ReportedService,
        });
    }

    private Severity LatenessSeverity(TimeSpan lateness, DeliveryPromise promise)
    {
        var severity = lateness >= _options.CriticalLateness ? Severity.Critical
            : lateness >= _options.MajorLateness ? Severity.Major
            : Severity.Minor;

        // A guaranteed date that slips is never a minor matter to the customer who paid for the guarantee.
        return promise.Guaranteed ? severity.AtLeast(Severity.Major) : severity;
    }

    // Twice the threshold is no longer a hiccup; four times usually means the parcel is lost.
    private static Severity WaitingSeverity(TimeSpan waiting, TimeSpan threshold) =>
        waiting > threshold * 4 ? Severity.Critical
        : waiting > threshold * 2 ? Severity.Major
        : Severity.Minor;
}
