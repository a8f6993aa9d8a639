using System.Text;
using System.Text.Json;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Usps;

namespace RecoveryWorker.Connectors.Tests.Carriers.Usps;

/// <summary>The tricky parts of reading one USPS item: times, estimates, guarantees, delay notices.</summary>
public sealed class UspsTrackingParserTests
{
    private const string Number = "9400100000000000000001";

    [Fact]
    public void ToSnapshot_GmtAndLocalTimes_UsesGmtShownAtTheGmtOffset()
    {
        var snapshot = Map("""{"trackingEvents":[{"eventCode":"01","eventTimestamp":"2024-11-22T13:58:00","GMTTimestamp":"2024-11-22T18:58:40Z","GMTOffset":"-05:00"}]}""");

        var at = Assert.Single(snapshot.Events).At;
        Assert.Equal(new DateTimeOffset(2024, 11, 22, 18, 58, 40, TimeSpan.Zero), at.Instant);
        Assert.Equal(new DateTime(2024, 11, 22, 13, 58, 40), at.WallClock);
    }

    [Fact]
    public void ToSnapshot_SpecStyleOffsetWithoutLeadingZero_IsRead()
    {
        var snapshot = Map("""{"trackingEvents":[{"eventCode":"OF","GMTTimestamp":"2024-04-04T14:03:12.041Z","GMTOffset":"-7:00"}]}""");

        Assert.Equal(TimeSpan.FromHours(-7), Assert.Single(snapshot.Events).At.Offset);
    }

    [Fact]
    public void ToSnapshot_GmtWithoutOffset_KeepsUtc()
    {
        var snapshot = Map("""{"trackingEvents":[{"eventCode":"OF","GMTTimestamp":"2024-04-04T14:03:12Z"}]}""");

        Assert.Equal(TimeSpan.Zero, Assert.Single(snapshot.Events).At.Offset);
    }

    [Fact]
    public void ToSnapshot_LocalTimeOnly_IsAWallClockTimeWithoutAGuessedOffset()
    {
        var snapshot = Map("""{"trackingEvents":[{"eventCode":"07","eventTimestamp":"2024-11-22T08:59:00"}]}""");

        var at = Assert.Single(snapshot.Events).At;
        Assert.Null(at.Offset);
        Assert.Equal(new DateTime(2024, 11, 22, 8, 59, 0), at.WallClock);
    }

    [Fact]
    public void ToSnapshot_V3r2EventTimestampWithOffset_IsAnInstant()
    {
        var snapshot = Map("""{"trackingEvents":[{"eventCode":"07","eventTimestamp":"2024-04-04T14:03:12-07:00"}]}""");

        Assert.Equal(new DateTimeOffset(2024, 4, 4, 14, 3, 12, TimeSpan.FromHours(-7)), Assert.Single(snapshot.Events).At.Instant);
    }

    [Fact]
    public void ToSnapshot_TimeOnlyEventWithoutGmt_IsMalformedRatherThanToday()
    {
        var result = Read("""{"trackingEvents":[{"eventCode":"07","eventTimestamp":"13:58"}]}""");

        Assert.Equal(ConnectorErrorKind.Malformed, result.Error?.Kind);
    }

    [Fact]
    public void ToSnapshot_NoEvents_TakesTheStatusCategory()
    {
        var snapshot = Map("""{"statusCategory":"Pre-Shipment","status":"Pre-Shipment Info Sent to USPS, USPS Awaiting Item","trackingEvents":[]}""");

        Assert.Equal(TrackingStatus.LabelCreated, snapshot.Status);
        Assert.Empty(snapshot.Events);
    }

    [Fact]
    public void ToSnapshot_NewestEventUnknown_FallsBackToTheSummary()
    {
        var snapshot = Map("""{"statusCategory":"In Transit","trackingEvents":[{"eventCode":"Q9","eventType":"Something new","GMTTimestamp":"2024-11-20T06:13:31Z"}]}""");

        Assert.Equal(TrackingStatus.Unknown, snapshot.Events[0].Status);
        Assert.Equal(TrackingStatus.InTransit, snapshot.Status);
    }

    [Fact]
    public void ToSnapshot_EventsOutOfOrder_CurrentStatusIsTheLatestScan()
    {
        var snapshot = Map("""
            {"trackingEvents":[
              {"eventCode":"OF","GMTTimestamp":"2024-11-22T14:10:45Z"},
              {"eventCode":"01","GMTTimestamp":"2024-11-22T18:58:40Z"}]}
            """);

        Assert.Equal(TrackingStatus.Delivered, snapshot.Status);
        Assert.Equal(new DateTimeOffset(2024, 11, 22, 18, 58, 40, TimeSpan.Zero), snapshot.DeliveredAt?.Instant);
    }

    [Fact]
    public void ToSnapshot_V3ExpectedTimestampAtMidnight_IsADayOnlyEstimate()
    {
        var snapshot = Map("""{"expectedDeliveryTimeStamp":"2024-11-22T00:00:00"}""");

        Assert.Equal(DeliveryEstimate.OnDay(new DateOnly(2024, 11, 22)), snapshot.EstimatedDelivery);
    }

    [Fact]
    public void ToSnapshot_V3ExpectedTimestampWithATime_IsAWindowEndingThen()
    {
        var snapshot = Map("""{"expectedDeliveryTimeStamp":"2024-11-22T21:00:00"}""");

        Assert.Equal(DeliveryEstimate.Window(null, CarrierTimestamp.FromWallClock(new DateTime(2024, 11, 22, 21, 0, 0))), snapshot.EstimatedDelivery);
    }

    [Fact]
    public void ToSnapshot_ExpectedDayWithEndOfDay_IsAWindowEndingAtEndOfDay()
    {
        var snapshot = Map("""{"deliveryDateExpectation":{"expectedDeliveryDate":"2026-05-06","endOfDay":"9:00 PM"}}""");

        Assert.Equal(DeliveryEstimate.Window(null, CarrierTimestamp.FromWallClock(new DateTime(2026, 5, 6, 21, 0, 0))), snapshot.EstimatedDelivery);
    }

    [Fact]
    public void ToSnapshot_GuaranteedDay_CommitsToTheEndOfThatDay()
    {
        var snapshot = Map("""{"deliveryDateExpectation":{"guaranteedDeliveryDate":"2026-05-06"}}""");

        Assert.Equal(CarrierTimestamp.FromWallClock(new DateTime(2026, 5, 6, 23, 59, 59)), snapshot.CommitmentTime);
    }

    [Fact]
    public void ToSnapshot_GuaranteedTimeWithoutOffset_IsThatWallClockTime()
    {
        var snapshot = Map("""{"deliveryDateExpectation":{"guaranteedDeliveryDate":"2026-05-06T18:00"}}""");

        Assert.Equal(CarrierTimestamp.FromWallClock(new DateTime(2026, 5, 6, 18, 0, 0)), snapshot.CommitmentTime);
    }

    [Fact]
    public void ToSnapshot_V3GuaranteedTimestampWithOffset_IsAnInstant()
    {
        var snapshot = Map("""{"guaranteedDeliveryTimeStamp":"2026-05-06T12:00:00-04:00"}""");

        Assert.Equal(new DateTimeOffset(2026, 5, 6, 12, 0, 0, TimeSpan.FromHours(-4)), snapshot.CommitmentTime?.Instant);
    }

    [Fact]
    public void ToSnapshot_GuaranteeAsText_HasNoCommitmentTime()
    {
        var snapshot = Map("""{"deliveryDateExpectation":{"guaranteedDeliveryDate":"3 Business Days"}}""");

        Assert.Null(snapshot.CommitmentTime);
    }

    [Theory]
    [InlineData("""{"onTime":"false"}""")]
    [InlineData("""{"onTime":false}""")]
    [InlineData("""{"status":"In Transit, Arriving Late","statusCategory":"In Transit"}""")]
    [InlineData("""{"statusSummary":"Your package will arrive later than expected, but is still on its way."}""")]
    [InlineData("""{"deliveryDateExpectation":{"expectedDeliveryDate":"2026-05-07","guaranteedDeliveryDate":"2026-05-06"}}""")]
    [InlineData("""{"trackingEvents":[{"eventCode":"71","eventType":"Rescheduled to Next Delivery Day","GMTTimestamp":"2026-05-06T20:00:00Z"}]}""")]
    public void ToSnapshot_UspsSaysItIsLate_ReportsDelay(string json)
    {
        Assert.True(Map(json).CarrierReportsDelay);
    }

    [Theory]
    [InlineData("""{"onTime":"true","status":"In Transit to Next Facility"}""")]
    [InlineData("""{"deliveryDateExpectation":{"expectedDeliveryDate":"2026-05-06","guaranteedDeliveryDate":"2026-05-06"}}""")]
    public void ToSnapshot_OnTime_ReportsNoDelay(string json)
    {
        Assert.False(Map(json).CarrierReportsDelay);
    }

    [Theory]
    [InlineData("USPS Ground Advantage<SUP>&#153;</SUP>", "USPS Ground Advantage")]
    [InlineData("Priority Mail Express<SUP>&#174;</SUP> 1-Day", "Priority Mail Express 1-Day")]
    [InlineData("Priority Mail&#8482;", "Priority Mail")]
    public void ToSnapshot_MailClassWithHtml_ReportsThePlainServiceName(string mailClass, string expected)
    {
        Assert.Equal(expected, Map(JsonSerializer.Serialize(new { mailClass })).ReportedService);
    }

    [Theory]
    [InlineData(" 9400 1000 0000 0000 0000 01 ", "9400100000000000000001")]
    [InlineData("lz123456789us", "LZ123456789US")]
    public void TryNormalize_SpacesAndCase_AreIgnored(string input, string expected)
    {
        Assert.True(UspsTrackingParser.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("9400-1000")]
    [InlineData("12345678901234567890123456789012345")]
    public void TryNormalize_NotFourToThirtyFourLettersAndDigits_IsRefused(string input)
    {
        Assert.False(UspsTrackingParser.TryNormalize(input, out _));
    }

    private static TrackingSnapshot Map(string json)
    {
        var result = Read(json);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!;
    }

    private static ConnectorResult<TrackingSnapshot> Read(string json) =>
        UspsTrackingParser.Parse(Encoding.UTF8.GetBytes("[" + json.Insert(1, $"\"trackingNumber\":\"{Number}\",") + "]"), [Number])[Number];
}
