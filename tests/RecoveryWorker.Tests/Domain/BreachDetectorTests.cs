using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Connectors.Abstractions.TrackingStatus;

namespace RecoveryWorker.Tests.Domain;

public sealed class BreachDetectorTests
{
    private static readonly DateTimeOffset Deadline = Some.Deadline; // Friday 2026-11-20 12:00 New York

    private static TrackingEvent PickedUp => Some.Event(Deadline.AddDays(-2), TrackingStatus.PickedUp, "Origin scan", "Atlanta, GA");

    [Fact]
    public void Detect_DeliveredExactlyAtDeadline_KeepsThePromise()
    {
        var clock = Some.Clock(Deadline.AddHours(1));
        var tracking = Some.Snapshot(PickedUp, Some.Event(Deadline, Delivered, "Delivered", "New York, NY"));

        var breaches = Some.Detector(clock).Detect(Some.Promise(), tracking);

        Assert.Empty(breaches);
    }

    [Fact]
    public void Detect_DeliveredOneMinuteAfterDeadline_IsDeliveredLateMinorWithLateness()
    {
        var clock = Some.Clock(Deadline.AddHours(1));
        var delivery = Some.Event(Deadline.AddMinutes(1), Delivered, "Delivered", "New York, NY");

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(PickedUp, delivery)));

        Assert.Equal(BreachType.DeliveredLate, breach.Type);
        Assert.Equal(Severity.Minor, breach.Severity);
        Assert.Equal(TimeSpan.FromMinutes(1), breach.Evidence.Lateness);
        Assert.Equal(Deadline.AddMinutes(1), breach.Evidence.DeliveredAt);
        Assert.Equal("New York, NY", breach.Evidence.Event?.Event.Location);
    }

    [Theory]
    [InlineData(2, "minor")]
    [InlineData(24, "major")]
    [InlineData(71, "major")]
    [InlineData(72, "critical")]
    public void Detect_UndeliveredAfterDeadline_IsLateWithSeverityByLateness(int hoursLate, string expected)
    {
        var clock = Some.Clock(Deadline.AddHours(hoursLate));
        var lastScan = Some.Event(clock.GetUtcNow().AddHours(-1), InTransit, "Arrived at facility", "Newark, NJ");

        var breaches = Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(PickedUp, lastScan));

        var late = Assert.Single(breaches, b => b.Type == BreachType.Late);
        Assert.Equal(expected, late.Severity.ToWireName());
        Assert.Equal(TimeSpan.FromHours(hoursLate), late.Evidence.Lateness);
        Assert.Equal("Newark, NJ", late.Evidence.Event?.Event.Location);
    }

    [Fact]
    public void Detect_LateWithinGrace_StaysSilent()
    {
        var options = Some.DetectionOptions();
        options.LateGrace = TimeSpan.FromMinutes(30);
        var clock = Some.Clock(Deadline.AddMinutes(29));

        var breaches = Some.Detector(clock, options).Detect(Some.Promise(), Some.Snapshot(PickedUp, Some.Event(Deadline.AddHours(-1), OutForDelivery)));

        Assert.Empty(breaches);
    }

    [Fact]
    public void Detect_GuaranteedPromiseLateByMinutes_IsAtLeastMajor()
    {
        var clock = Some.Clock(Deadline.AddMinutes(10));

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(guaranteed: true), Some.Snapshot(PickedUp, Some.Event(Deadline.AddHours(-1), OutForDelivery))));

        Assert.Equal(BreachType.Late, breach.Type);
        Assert.Equal(Severity.Major, breach.Severity);
    }

    [Fact]
    public void Detect_CarrierEstimateDayAfterDeadline_IsAtRisk()
    {
        var clock = Some.Clock(Deadline.AddDays(-1));
        var tracking = Some.Snapshot(PickedUp) with { EstimatedDelivery = DeliveryEstimate.OnDay(new DateOnly(2026, 11, 23)) };

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), tracking));

        Assert.Equal(BreachType.AtRisk, breach.Type);
        Assert.Equal(Severity.Major, breach.Severity); // Monday starts 60 h after Friday noon
        Assert.Equal(new DateOnly(2026, 11, 23), breach.Evidence.EstimatedDay);
        Assert.Equal(TimeSpan.FromHours(60), breach.Evidence.Lateness);
    }

    [Fact]
    public void Detect_DayOnlyEstimateJustAfterLateEveningDeadline_IsMinor()
    {
        // Deadline Friday 23:00; the carrier says "Saturday". It may arrive one hour late, not a day: minor.
        var deadline = Deadline.AddHours(11);
        var clock = Some.Clock(deadline.AddDays(-1));
        var tracking = Some.Snapshot(PickedUp) with { EstimatedDelivery = DeliveryEstimate.OnDay(new DateOnly(2026, 11, 21)) };

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(promisedBy: deadline), tracking));

        Assert.Equal(BreachType.AtRisk, breach.Type);
        Assert.Equal(Severity.Minor, breach.Severity);
        Assert.Equal(TimeSpan.FromHours(1), breach.Evidence.Lateness);
    }

    [Fact]
    public void Detect_CarrierEstimateOnDeadlineDay_StaysSilent()
    {
        // A day-only estimate means "some time that day": it does not say the noon deadline will be missed.
        var clock = Some.Clock(Deadline.AddDays(-1));
        var tracking = Some.Snapshot(PickedUp) with { EstimatedDelivery = DeliveryEstimate.OnDay(new DateOnly(2026, 11, 20)) };

        Assert.Empty(Some.Detector(clock).Detect(Some.Promise(), tracking));
    }

    [Fact]
    public void Detect_EstimatedWindowEndingAfterDeadline_IsAtRiskMinor()
    {
        var clock = Some.Clock(Deadline.AddHours(-20));
        var window = DeliveryEstimate.Window(CarrierTimestamp.FromInstant(Deadline.AddHours(-2)), CarrierTimestamp.FromInstant(Deadline.AddHours(2)));

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(PickedUp) with { EstimatedDelivery = window }));

        Assert.Equal(BreachType.AtRisk, breach.Type);
        Assert.Equal(Severity.Minor, breach.Severity);
        Assert.Equal(TimeSpan.FromHours(2), breach.Evidence.Lateness);
    }

    [Fact]
    public void Detect_CarrierReportsRunningLate_IsAtRiskWithDelayEvidence()
    {
        var clock = Some.Clock(Deadline.AddHours(-20));

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(PickedUp) with { CarrierReportsDelay = true }));

        Assert.Equal(BreachType.AtRisk, breach.Type);
        Assert.True(breach.Evidence.CarrierReportedDelay);
    }

    [Fact]
    public void Detect_LabelOnlyForMoreThanOneBusinessDay_IsNotPickedUp()
    {
        // Label Tuesday 09:00, now Wednesday 10:00: 25 business hours.
        var label = Some.Event(new DateTimeOffset(2026, 11, 17, 9, 0, 0, TimeSpan.FromHours(-5)), LabelCreated, "Label created", null);
        var clock = Some.Clock(new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.FromHours(-5)));

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(label)));

        Assert.Equal(BreachType.NotPickedUp, breach.Type);
        Assert.Equal(TimeSpan.FromHours(25), breach.Evidence.BusinessTimeWaiting);
        Assert.Equal(Severity.Minor, breach.Severity);
    }

    [Fact]
    public void Detect_LabelFridayEveningCheckedMondayMorning_IsNotPickedUpYet()
    {
        // Friday 18:00 -> Monday 08:00 is 62 wall-clock hours but only 6 + 8 = 14 business hours.
        var label = Some.Event(new DateTimeOffset(2026, 11, 13, 18, 0, 0, TimeSpan.FromHours(-5)), LabelCreated, "Label created", null);
        var clock = Some.Clock(new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.FromHours(-5)));

        Assert.Empty(Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(label)));
    }

    [Fact]
    public void Detect_NoScansAtAllLongAfterShipping_IsNotPickedUpFromShipTime()
    {
        var clock = Some.Clock(Deadline.AddDays(-1));
        var promise = Some.Promise(shippedAt: Deadline.AddDays(-3)); // Tuesday noon -> Thursday noon: 48 business hours

        var breach = Assert.Single(Some.Detector(clock).Detect(promise, Some.Snapshot()));

        Assert.Equal(BreachType.NotPickedUp, breach.Type);
        Assert.Equal(TimeSpan.FromHours(48), breach.Evidence.BusinessTimeWaiting);
    }

    [Fact]
    public void Detect_NoScanForMoreThanTwoBusinessDays_IsStalled()
    {
        // Last scan Monday 08:00, now Wednesday 09:00: 49 business hours, deadline Friday.
        var scan = Some.Event(new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.FromHours(-5)), InTransit, "Departed facility", "Louisville, KY");
        var clock = Some.Clock(new DateTimeOffset(2026, 11, 18, 9, 0, 0, TimeSpan.FromHours(-5)));

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(scan)));

        Assert.Equal(BreachType.Stalled, breach.Type);
        Assert.Equal(TimeSpan.FromHours(49), breach.Evidence.BusinessTimeWaiting);
        Assert.Equal("Louisville, KY", breach.Evidence.Event?.Event.Location);
    }

    [Fact]
    public void Detect_QuietOverWeekendAndThanksgiving_IsNotStalled()
    {
        // Last scan Wednesday 25 Nov 20:00; Thursday is Thanksgiving; Friday counts; now Monday 30 Nov 09:00.
        // Business hours: Wed 4 + Fri 24 + Mon 9 = 37 < 48. Deadline is the following week.
        var promise = Some.Promise(promisedBy: new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.FromHours(-5)));
        var scan = Some.Event(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.FromHours(-5)), InTransit, "Arrived at facility", "Chicago, IL");
        var clock = Some.Clock(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(-5)));

        Assert.Empty(Some.Detector(clock).Detect(promise, Some.Snapshot(scan)));
    }

    [Fact]
    public void NextBreachAt_QuietOverWeekendAndThanksgiving_IsTheSecondTheStallBegins()
    {
        // Last scan Wednesday 25 Nov 20:00: Wed 4 h + Fri 24 h + Mon 20 h = 48 business hours at Monday 30 Nov 20:00.
        var promise = Some.Promise(promisedBy: new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.FromHours(-5)));
        var scan = Some.Event(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.FromHours(-5)), InTransit, "Arrived at facility", "Chicago, IL");
        var detector = Some.Detector(Some.Clock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(-5))));
        var snapshot = Some.Snapshot(scan);

        var due = detector.NextBreachAt(promise, TrackingTimeline.From(snapshot, promise.TimeZone), snapshot.Carrier);

        var expected = new DateTimeOffset(2026, 11, 30, 20, 0, 1, TimeSpan.FromHours(-5));
        Assert.Equal(expected, due);
        Assert.Empty(Some.Detector(Some.Clock(expected.AddSeconds(-1))).Detect(promise, snapshot));
        Assert.Equal(BreachType.Stalled, Assert.Single(Some.Detector(Some.Clock(expected)).Detect(promise, snapshot)).Type);
    }

    [Fact]
    public void NextBreachAt_Delivered_IsNever()
    {
        var snapshot = Some.Snapshot(PickedUp, Some.Event(Deadline.AddHours(-1), Delivered, "Delivered", "New York, NY"));
        var promise = Some.Promise();

        Assert.Null(Some.Detector(Some.Clock(Deadline)).NextBreachAt(promise, TrackingTimeline.From(snapshot, promise.TimeZone), snapshot.Carrier));
    }

    [Theory]
    [InlineData(ExceptionReason.FailedAttempt, "minor")]
    [InlineData(ExceptionReason.AddressIssue, "major")]
    [InlineData(ExceptionReason.CustomsHold, "major")]
    [InlineData(ExceptionReason.Damaged, "critical")]
    [InlineData(ExceptionReason.Lost, "critical")]
    [InlineData(ExceptionReason.WeatherOrDisaster, "minor")]
    public void Detect_CarrierException_IsExceptionWithReasonAndSeverity(ExceptionReason reason, string expected)
    {
        var clock = Some.Clock(Deadline.AddHours(-6));
        var exception = Some.Event(Deadline.AddHours(-8), TrackingStatus.Exception, "Exception", "Bronx, NY", reason);

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(PickedUp, exception)));

        Assert.Equal(BreachType.Exception, breach.Type);
        Assert.Equal(reason, breach.Evidence.Reason);
        Assert.Equal(expected, breach.Severity.ToWireName());
        Assert.Same(exception, breach.Evidence.Event?.Event);
    }

    [Fact]
    public void Detect_ReturnedToSenderAfterDeadline_IsOnlyACriticalException()
    {
        var clock = Some.Clock(Deadline.AddDays(2));
        var returned = Some.Event(Deadline.AddDays(1), ReturnedToSender, "Returned to sender", "Atlanta, GA");

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(PickedUp, returned)));

        Assert.Equal(BreachType.Exception, breach.Type);
        Assert.Equal(Severity.Critical, breach.Severity);
        Assert.Equal(ReturnedToSender, breach.Evidence.Status);
    }

    [Fact]
    public void Detect_CarrierReportsOtherService_IsServiceMismatch()
    {
        var clock = Some.Clock(Deadline.AddDays(-1));
        var tracking = Some.Snapshot(PickedUp) with { ReportedService = "UPS Ground" };

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(service: "next_day_air"), tracking));

        Assert.Equal(BreachType.ServiceMismatch, breach.Type);
        Assert.Equal(Severity.Major, breach.Severity); // next day air is carrier-guaranteed
        Assert.Equal("next_day_air", breach.Evidence.PromisedService);
        Assert.Equal("UPS Ground", breach.Evidence.ReportedService);
    }

    [Theory]
    [InlineData("ups ground")]
    [InlineData("UPS-GROUND")]
    [InlineData("03")]
    public void Detect_ServiceNamedDifferentlyButSame_StaysSilent(string reported)
    {
        var clock = Some.Clock(Deadline.AddDays(-1));

        Assert.Empty(Some.Detector(clock).Detect(Some.Promise(service: "ground"), Some.Snapshot(PickedUp) with { ReportedService = reported }));
    }

    [Fact]
    public void Detect_PromiseInAnotherTimeZoneThanTheMachine_ReadsDaysInThePromiseZone()
    {
        // Deadline: Tuesday 24 Nov 10:00 in Kiritimati (UTC+14) = Monday 23 Nov 20:00 UTC. A day-only estimate of
        // Tuesday is that same local day there (silent), although UTC and the machine are still on Monday.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati");
        Assert.NotEqual(zone.BaseUtcOffset, TimeZoneInfo.Local.BaseUtcOffset);
        var deadline = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(14));
        var promise = Some.Promise(promisedBy: deadline, zone: zone);
        var clock = Some.Clock(deadline.AddHours(-30));
        var pickedUp = Some.Event(deadline.AddHours(-40), TrackingStatus.PickedUp);

        var onTheDay = Some.Snapshot(pickedUp) with { EstimatedDelivery = DeliveryEstimate.OnDay(new DateOnly(2026, 11, 24)) };
        var dayAfter = Some.Snapshot(pickedUp) with { EstimatedDelivery = DeliveryEstimate.OnDay(new DateOnly(2026, 11, 25)) };

        Assert.Empty(Some.Detector(clock).Detect(promise, onTheDay));
        Assert.Equal(BreachType.AtRisk, Assert.Single(Some.Detector(clock).Detect(promise, dayAfter)).Type);
    }

    [Fact]
    public void Detect_EventsOutOfOrderAndDuplicated_UsesTheFirstDeliveryAndNewestScan()
    {
        var clock = Some.Clock(Deadline.AddHours(3));
        var delivered = Some.Event(Deadline.AddMinutes(-30), Delivered, "Delivered", "New York, NY");
        var rescan = Some.Event(Deadline.AddHours(2), Delivered, "Delivered (signature uploaded)", "New York, NY");
        var outForDelivery = Some.Event(Deadline.AddHours(-5), OutForDelivery, "Out for delivery", "New York, NY");
        var tracking = Some.Snapshot(rescan, outForDelivery, delivered, PickedUp, delivered, outForDelivery);

        Assert.Empty(Some.Detector(clock).Detect(Some.Promise(), tracking));

        var timeline = TrackingTimeline.From(tracking, Some.NewYork);
        Assert.Equal(4, timeline.Events.Count);
        Assert.Equal(Deadline.AddMinutes(-30), timeline.DeliveredAt);
        Assert.True(timeline.Events.Zip(timeline.Events.Skip(1)).All(pair => pair.First.Instant <= pair.Second.Instant));
    }

    [Fact]
    public void Detect_UnknownStatusBeforeDeadline_StaysSilentAndCountsAsCarrierActivity()
    {
        var clock = Some.Clock(Deadline.AddDays(-1));
        var unknown = Some.Event(Deadline.AddDays(-1).AddHours(-2), Unknown, "Status code XQ7", "Memphis, TN");

        Assert.Empty(Some.Detector(clock).Detect(Some.Promise(shippedAt: Deadline.AddDays(-4)), Some.Snapshot(unknown) with { Status = Unknown }));
    }

    [Fact]
    public void Detect_UnknownStatusAfterDeadline_IsLateNotException()
    {
        var clock = Some.Clock(Deadline.AddHours(5));
        var unknown = Some.Event(Deadline.AddHours(-2), Unknown, "Status code XQ7", "Memphis, TN");

        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(PickedUp, unknown)));

        Assert.Equal(BreachType.Late, breach.Type);
    }

    [Fact]
    public void Detect_DeliveryTimestampWithoutOffset_IsReadInThePromiseZone()
    {
        // "11:30" with no offset, in New York, is before the noon deadline. Read as UTC (the machine) it would be
        // 06:30 New York; read as Tokyo it would be the evening before. Only the promise zone is right.
        var clock = Some.Clock(Deadline.AddHours(2));
        var delivered = new TrackingEvent(CarrierTimestamp.FromWallClock(new DateTime(2026, 11, 20, 11, 30, 0)), Delivered, null, "D", "Delivered", "Brooklyn, NY");
        var deliveredLate = delivered with { At = CarrierTimestamp.FromWallClock(new DateTime(2026, 11, 20, 12, 30, 0)) };

        Assert.Empty(Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(PickedUp, delivered)));
        var breach = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), Some.Snapshot(PickedUp, deliveredLate)));
        Assert.Equal(TimeSpan.FromMinutes(30), breach.Evidence.Lateness);
        Assert.False(breach.Evidence.Event!.OffsetFromCarrier);
    }

    [Fact]
    public void Detect_RepeatCustomerWithinWindow_RaisesSeverityOneStep()
    {
        var clock = Some.Clock(Deadline.AddHours(2));
        var tracking = Some.Snapshot(PickedUp, Some.Event(Deadline.AddHours(-1), OutForDelivery));

        var first = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), tracking, customerPreviousCaseAt: Deadline.AddDays(-91)));
        var repeat = Assert.Single(Some.Detector(clock).Detect(Some.Promise(), tracking, customerPreviousCaseAt: Deadline.AddDays(-30)));

        Assert.Equal(Severity.Minor, first.Severity);
        Assert.False(first.RepeatCustomer);
        Assert.Equal(Severity.Major, repeat.Severity);
        Assert.True(repeat.RepeatCustomer);
    }

    [Fact]
    public void Detect_LateGuaranteedCarrierService_IsCarrierRefundEligibleUnlessWeather()
    {
        var clock = Some.Clock(Deadline.AddHours(3));
        var promise = Some.Promise(service: "next_day_air");
        var moving = Some.Snapshot(PickedUp, Some.Event(Deadline.AddHours(-1), OutForDelivery));
        var weather = Some.Snapshot(PickedUp, Some.Event(Deadline.AddHours(-10), TrackingStatus.Exception, "Severe weather", "Denver, CO", ExceptionReason.WeatherOrDisaster), Some.Event(Deadline.AddHours(-1), OutForDelivery));

        Assert.True(Assert.Single(Some.Detector(clock).Detect(promise, moving)).CarrierRefundEligible);
        Assert.False(Assert.Single(Some.Detector(clock).Detect(promise, weather)).CarrierRefundEligible);
    }

    [Fact]
    public void Detect_AtRiskThatRecovers_ClearsTheCase()
    {
        var clock = Some.Clock(Deadline.AddDays(-1));
        var detector = Some.Detector(clock);
        var shipmentId = Guid.NewGuid();
        var slipping = Some.Snapshot(PickedUp) with { EstimatedDelivery = DeliveryEstimate.OnDay(new DateOnly(2026, 11, 21)) };

        var open = Assert.IsType<CaseDecision.Open>(CaseDecider.Decide(shipmentId, [], detector.Detect(Some.Promise(), slipping)));
        var @case = new RecoveryCase(open.Key, open.Breach, clock.GetUtcNow());

        clock.Advance(TimeSpan.FromHours(6));
        var backOnTrack = slipping with { EstimatedDelivery = DeliveryEstimate.OnDay(new DateOnly(2026, 11, 20)) };
        var decision = CaseDecider.Decide(shipmentId, [@case], detector.Detect(Some.Promise(), backOnTrack));

        Assert.Equal(BreachType.AtRisk, open.Key.OpenedAs);
        Assert.Same(@case, Assert.IsType<CaseDecision.Clear>(decision).Case);
    }

    [Fact]
    public void Detect_LateThatLaterDelivers_BecomesDeliveredLateOnTheSameCase()
    {
        var clock = Some.Clock(Deadline.AddHours(4));
        var detector = Some.Detector(clock);
        var shipmentId = Guid.NewGuid();
        var moving = Some.Snapshot(PickedUp, Some.Event(Deadline.AddHours(-1), OutForDelivery));

        var open = Assert.IsType<CaseDecision.Open>(CaseDecider.Decide(shipmentId, [], detector.Detect(Some.Promise(), moving)));
        var @case = new RecoveryCase(open.Key, open.Breach, clock.GetUtcNow());

        clock.Advance(TimeSpan.FromHours(2));
        var delivered = moving with { Events = [.. moving.Events, Some.Event(Deadline.AddHours(5), Delivered, "Delivered", "New York, NY")] };
        var decision = Assert.IsType<CaseDecision.Update>(CaseDecider.Decide(shipmentId, [@case], detector.Detect(Some.Promise(), delivered)));
        @case.Update(decision.Breach, clock.GetUtcNow());

        Assert.Same(@case, decision.Case);
        Assert.Equal(BreachType.DeliveredLate, @case.Breach.Type);
        Assert.Equal($"{shipmentId:D}:late:1", @case.Key.ToString());
        Assert.Equal(TimeSpan.FromHours(5), @case.Breach.Evidence.Lateness);
    }
}
