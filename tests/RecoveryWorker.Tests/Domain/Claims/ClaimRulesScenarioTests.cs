using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Claims;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Connectors.Abstractions.TrackingStatus;

namespace RecoveryWorker.Tests.Domain.Claims;

/// <summary>
/// The claim scenarios of issue 14, each with its expected claim written out by hand. The parcel goes UPS Next Day Air
/// (guaranteed in the catalog), committed for Friday 2026-11-20 noon New York, shipping charge 12.00 USD; UPS gives 15
/// days to file, and suspends its ground guarantee from 2026-11-23 to 2026-11-30.
/// </summary>
public sealed class ClaimRulesScenarioTests
{
    private static readonly DateTimeOffset Commitment = Some.Deadline; // 2026-11-20 12:00 -05:00
    private static readonly TrackingEvent PickedUp = Some.Event(Commitment.AddDays(-1), TrackingStatus.PickedUp, "Origin Scan", "Atlanta, GA");

    [Fact]
    public void Decide_DeliveredOnTheCommitment_OpensNoClaim()
    {
        var decision = Decide(Commitment.AddDays(1), PickedUp, Delivery(Commitment));

        Assert.Null(decision);
    }

    [Fact]
    public void Decide_DeliveredAMinuteLate_OpensAClaimToFileForTheShippingCharge()
    {
        var decision = Decide(Commitment.AddDays(1), PickedUp, Delivery(Commitment.AddMinutes(1)));

        var expected = new ClaimDecision(
            Reason: "late",
            Commitment: Commitment,
            CommitmentEvidence: "scheduled delivery of the next_day_air service",
            ActualDelivery: Commitment.AddMinutes(1),
            DeliveryEvidence: "2026-11-20 17:01Z KB DELIVERED",
            FileBy: new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.FromHours(-5)),
            Amount: 12m,
            Currency: "USD",
            Exclusion: null,
            ExclusionEvidence: null);
        Assert.Equal(expected, decision);
        Assert.Equal("to_file", decision!.Status);
    }

    [Fact]
    public void Decide_LateWithAWeatherException_IsExcludedForWeather()
    {
        var weather = Scan(Commitment.AddHours(-3), TrackingStatus.Exception, "032", "Adverse weather conditions may cause delay", ExceptionReason.WeatherOrDisaster);

        var decision = Decide(Commitment.AddDays(2), PickedUp, weather, Delivery(Commitment.AddDays(1)));

        Assert.Equal(("excluded", "weather", "2026-11-20 14:00Z 032 Adverse weather conditions may cause delay"), (decision!.Status, decision.Exclusion, decision.ExclusionEvidence));
        Assert.Equal("late", decision.Reason);
    }

    [Fact]
    public void Decide_LateDuringASuspension_IsExcludedForTheSuspension()
    {
        var committed = new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.FromHours(-5)); // a Tuesday inside the blackout

        var decision = Decide(committed.AddDays(1), Snapshot(null, PickedUp, Delivery(committed.AddHours(3))), "ground", committed);

        Assert.Equal(("excluded", "suspension", "guarantee suspended 2026-11-23 to 2026-11-30"), (decision!.Status, decision.Exclusion, decision.ExclusionEvidence));
    }

    [Fact]
    public void Decide_DeliveredLateOnTheDayTheGuaranteeResumes_OpensAClaimToFile()
    {
        var committed = new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.FromHours(-5)); // the day after the blackout

        var decision = Decide(committed.AddDays(1), Snapshot(null, PickedUp, Delivery(committed.AddMinutes(30))), "ground", committed);

        Assert.Equal(("to_file", (string?)null, committed.AddDays(15)), (decision!.Status, decision.Exclusion, decision.FileBy));
    }

    [Fact]
    public void Decide_LateAfterAnAddressCorrection_IsExcludedForTheAddressCorrection()
    {
        var corrected = Scan(Commitment.AddHours(-5), InTransit, "028", "The address has been corrected. Delivery Address Changed");

        var decision = Decide(Commitment.AddDays(2), PickedUp, corrected, Delivery(Commitment.AddHours(26)));

        Assert.Equal(("excluded", "address_correction"), (decision!.Status, decision.Exclusion));
        Assert.Contains("028", decision.ExclusionEvidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ReturnedToSender_IsExcludedAsAReturnWithNoDelivery()
    {
        var returned = Scan(Commitment.AddHours(-1), ReturnedToSender, "033", "Returned to sender at the shipper's request");

        var decision = Decide(Commitment.AddDays(2), PickedUp, returned);

        Assert.Equal(("excluded", "returned_to_sender", "not_delivered", (DateTimeOffset?)null), (decision!.Status, decision.Exclusion, decision.Reason, decision.ActualDelivery));
    }

    [Theory]
    [InlineData("2026-12-05T11:59:00-05:00", "to_file")] // due within 3 days, and still on time
    [InlineData("2026-12-05T12:00:00-05:00", "to_file")] // the deadline itself is still in time
    [InlineData("2026-12-05T12:01:00-05:00", "expired")] // a minute past it, unfiled: lost
    public void Deadline_PassingUnfiled_ExpiresTheClaim(string nowText, string expected)
    {
        var decision = Decide(Commitment.AddDays(1), PickedUp, Delivery(Commitment.AddMinutes(1)))!;
        var now = DateTimeOffset.Parse(nowText, System.Globalization.CultureInfo.InvariantCulture);

        var status = ClaimDeadlines.HasExpired(decision.Status, decision.FileBy, now) ? "expired" : decision.Status;

        Assert.Equal(expected, status);
        Assert.False(ClaimDeadlines.HasExpired("filed", decision.FileBy, now), "a filed claim never expires");
    }

    [Fact]
    public void Deadline_ThreeDaysBefore_IsDueForAReminder()
    {
        var fileBy = Commitment.AddDays(15);

        Assert.False(ClaimDeadlines.IsDue("to_file", fileBy, fileBy.AddDays(-3).AddMinutes(-1)));
        Assert.True(ClaimDeadlines.IsDue("to_file", fileBy, fileBy.AddDays(-3)));
        Assert.False(ClaimDeadlines.IsDue("filed", fileBy, fileBy.AddDays(-1)));
    }

    [Fact]
    public void Decide_NotAGuaranteedService_OpensNoClaimHoweverLate()
    {
        var decision = Decide(Commitment.AddDays(3), Snapshot(null, PickedUp, Delivery(Commitment.AddDays(2))), "ground", groundGuaranteed: false);

        Assert.Null(decision);
    }

    [Fact]
    public void Decide_StillOutAfterTheCommitment_OpensANotDeliveredClaim()
    {
        var decision = Decide(Commitment.AddHours(2), PickedUp, Scan(Commitment.AddHours(-4), InTransit, "005", "Arrived at Facility"));

        Assert.Equal(("to_file", "not_delivered", (DateTimeOffset?)null, (string?)null), (decision!.Status, decision.Reason, decision.ActualDelivery, decision.DeliveryEvidence));
    }

    [Fact]
    public void Decide_NotYetAtTheCommitment_OpensNothingYet()
    {
        Assert.Null(Decide(Commitment.AddHours(-2), PickedUp));
    }

    [Fact]
    public void Decide_CarrierCommitmentGiven_MeasuresAgainstTheCarriersTime()
    {
        var carrierCommitment = Commitment.AddHours(-1.5); // UPS committed 10:30
        var snapshot = Snapshot(carrierCommitment, PickedUp, Delivery(Commitment.AddMinutes(-30)));

        var decision = Decide(Commitment.AddDays(1), snapshot);

        Assert.Equal((carrierCommitment, carrierCommitment.AddDays(15)), (decision!.Commitment, decision.FileBy));
        Assert.StartsWith("carrier commitment", decision.CommitmentEvidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("E", "Emergency conditions beyond UPS's control", null, "beyond_control")]
    [InlineData("X", "Package held in customs", "CustomsHold", "customs")]
    [InlineData("018", "Delivery Change Requested: Hold for Pickup", null, "recipient_request")]
    [InlineData("X", "The receiver requested a later delivery date", null, "recipient_request")]
    [InlineData("104", "Hold for Instructions", null, "hold")]
    [InlineData("X", "Package damaged; repackaged", "Damaged", null)]
    [InlineData("I", "Left at the household's neighbour for collection", null, null)]
    [InlineData("X", "Package on hold at the facility", null, "hold")]
    public void Decide_LateAfterAnException_RecordsTheExclusionTheScanShows(string code, string text, string? reason, string? expected)
    {
        var scan = Scan(Commitment.AddHours(-6), TrackingStatus.Exception, code, text, reason is null ? null : Enum.Parse<ExceptionReason>(reason));

        var decision = Decide(Commitment.AddDays(2), PickedUp, scan, Delivery(Commitment.AddDays(1)));

        Assert.Equal(expected, decision!.Exclusion);
        Assert.Equal(expected is null ? "to_file" : "excluded", decision.Status);
    }

    [Fact]
    public void Decide_DeliveryScanWording_ExcusesNothing()
    {
        var decision = Decide(Commitment.AddDays(1), PickedUp, Scan(Commitment.AddHours(2), Delivered, "KB", "Delivered: left with a household member, held at the door"));

        Assert.Equal(("to_file", (string?)null), (decision!.Status, decision.Exclusion));
    }

    [Fact]
    public void Decide_ExceptionAfterTheDelivery_DoesNotExclude()
    {
        var after = Scan(Commitment.AddDays(1), TrackingStatus.Exception, "032", "Adverse weather", ExceptionReason.WeatherOrDisaster);

        var decision = Decide(Commitment.AddDays(2), PickedUp, Delivery(Commitment.AddHours(1)), after);

        Assert.Null(decision!.Exclusion);
    }

    private static TrackingEvent Delivery(DateTimeOffset at) => Scan(at, Delivered, "KB", "DELIVERED");

    private static TrackingEvent Scan(DateTimeOffset at, TrackingStatus status, string code, string text, ExceptionReason? reason = null) =>
        new(CarrierTimestamp.FromInstant(at), status, reason, code, text, "New York, NY");

    private static TrackingSnapshot Snapshot(DateTimeOffset? carrierCommitment, params TrackingEvent[] events) => new()
    {
        Carrier = CarrierCode.Ups,
        TrackingNumber = "1Z999AA10123456784",
        Events = events,
        CommitmentTime = carrierCommitment is { } c ? CarrierTimestamp.FromInstant(c) : null,
    };

    private static ClaimDecision? Decide(DateTimeOffset now, params TrackingEvent[] events) =>
        Decide(now, Snapshot(null, events));

    /// <summary>Ground is guaranteed here (unlike the shipped catalog) so the suspension and resume scenarios have a guarantee to suspend.</summary>
    private static ClaimDecision? Decide(DateTimeOffset now, TrackingSnapshot snapshot, string service = "next_day_air", DateTimeOffset? promisedBy = null, bool groundGuaranteed = true)
    {
        var detection = Some.DetectionOptions();
        detection.Services["ground"].Guaranteed = groundGuaranteed;
        var options = new ClaimOptions();
        options.Carriers["ups"] = new CarrierClaimOptions
        {
            FileWithin = TimeSpan.FromDays(15),
            Suspensions = [new GuaranteeSuspension { From = new DateOnly(2026, 11, 23), To = new DateOnly(2026, 11, 30), Services = ["ground"] }],
        };
        var promise = Some.Promise(promisedBy: promisedBy ?? Commitment, service: service);
        var rules = new ClaimRules(Options.Create(options), new ServiceCatalog(detection.Services), Some.Clock(now));
        return rules.Decide(new ClaimFacts(CarrierCode.Ups, promise, snapshot, TrackingTimeline.From(snapshot, promise.TimeZone), 12m, "USD"));
    }
}
