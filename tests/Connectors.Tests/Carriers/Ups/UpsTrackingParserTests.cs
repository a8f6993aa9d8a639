using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Ups;

namespace RecoveryWorker.Connectors.Tests.Carriers.Ups;

public sealed class UpsTrackingParserTests
{
    private const string Number = UpsPayloads.Number;

    private static TrackingSnapshot ParseOk(string json)
    {
        var result = UpsTrackingParser.Parse(Number, json);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!;
    }

    [Fact]
    public void Parse_Delivered_UsesGmtFieldsForTheInstantAndKeepsOffsetlessScansAsWallClock()
    {
        var snapshot = ParseOk(UpsPayloads.Read("track-delivered.json"));

        Assert.Equal(TrackingStatus.Delivered, snapshot.Status);
        Assert.Null(snapshot.Reason);
        Assert.Equal(5, snapshot.Events.Count);
        // gmtDate 20240326 + gmtTime 20:44:34 is UTC; gmtOffset -05:00 is the local offset: 15:44:34-05:00.
        Assert.Equal(new DateTimeOffset(2024, 3, 26, 15, 44, 34, TimeSpan.FromHours(-5)), snapshot.DeliveredAt?.Instant);
        Assert.Equal(TimeSpan.FromHours(-5), snapshot.DeliveredAt?.Offset);
        // The out-for-delivery scan has only local date/time: wall clock, no invented offset.
        var outForDelivery = snapshot.Events[1];
        Assert.Equal(TrackingStatus.OutForDelivery, outForDelivery.Status);
        Assert.Null(outForDelivery.At.Offset);
        Assert.Equal(new DateTime(2024, 3, 26, 8, 10, 12), outForDelivery.At.WallClock);
        Assert.Equal(
            new[] { TrackingStatus.Delivered, TrackingStatus.OutForDelivery, TrackingStatus.InTransit, TrackingStatus.PickedUp, TrackingStatus.LabelCreated },
            snapshot.Events.Select(e => e.Status));
        Assert.Equal("FS", snapshot.Events[0].CarrierCode);
        Assert.Equal("DELIVERED", snapshot.Events[0].Description);
        Assert.Equal("DUNLAP, TN, US", snapshot.Events[0].Location);
        Assert.Equal("US", snapshot.Events[4].Location);
        Assert.Equal("UPS Ground", snapshot.ReportedService);
        Assert.Equal(DeliveryEstimate.OnDay(new DateOnly(2024, 3, 26)), snapshot.EstimatedDelivery);
        Assert.False(snapshot.CarrierReportsDelay);
    }

    [Fact]
    public void Parse_CommitTime_SetsCommitmentTimeAndDayEstimate()
    {
        var snapshot = ParseOk(UpsPayloads.Read("track-in-transit.json"));

        Assert.Equal(TrackingStatus.InTransit, snapshot.Status);
        Assert.Equal(DeliveryEstimate.OnDay(new DateOnly(2024, 3, 28)), snapshot.EstimatedDelivery);
        // deliveryTime CMT 103000 on the SDD: a local wall-clock commitment (UPS gives no offset for it).
        Assert.Equal(CarrierTimestamp.FromWallClock(new DateTime(2024, 3, 28, 10, 30, 0)), snapshot.CommitmentTime);
        Assert.Equal("UPS Next Day Air Early", snapshot.ReportedService);
        Assert.Null(snapshot.DeliveredAt);
        // gmtTime "71500" dropped its leading zero: 07:15:00 UTC, shown at -04:00.
        Assert.Equal(new DateTimeOffset(2024, 3, 27, 3, 15, 0, TimeSpan.FromHours(-4)), snapshot.Events[0].At.Instant);
        Assert.False(snapshot.CarrierReportsDelay);
    }

    [Fact]
    public void Parse_ExceptionWithRescheduledDateAndWindowArray_ReportsDelayAndWindow()
    {
        var snapshot = ParseOk(UpsPayloads.Read("track-exception.json"));

        // No currentStatus in this answer: the newest activity decides.
        Assert.Equal(TrackingStatus.Exception, snapshot.Status);
        Assert.Equal(ExceptionReason.AddressIssue, snapshot.Reason);
        // RDD is UPS saying the promise slipped.
        Assert.True(snapshot.CarrierReportsDelay);
        var window = DeliveryEstimate.Window(
            CarrierTimestamp.FromWallClock(new DateTime(2024, 3, 29, 14, 0, 0)),
            CarrierTimestamp.FromWallClock(new DateTime(2024, 3, 29, 18, 0, 0)));
        Assert.Equal(window, snapshot.EstimatedDelivery);
        Assert.Null(snapshot.CommitmentTime);
    }

    [Fact]
    public void Parse_RescheduledAndScheduledDates_TheRescheduledDateWins()
    {
        var json = Package("""
            "deliveryDate": [ { "type": "SDD", "date": "20240327" }, { "type": "RDD", "date": "20240329" } ],
            "deliveryTime": { "type": "EOD" },
            "activity": []
            """);

        var snapshot = ParseOk(json);

        Assert.Equal(DeliveryEstimate.OnDay(new DateOnly(2024, 3, 29)), snapshot.EstimatedDelivery);
        Assert.True(snapshot.CarrierReportsDelay);
        Assert.Equal(TrackingStatus.Unknown, snapshot.Status);
        Assert.Empty(snapshot.Events);
    }

    [Theory]
    [InlineData("56", "This delivery was made after the UPS service commitment time of noon.")]
    [InlineData("59", "This delivery was made after the UPS service commitment time of 10:30 a.m.")]
    public void Parse_DeliveredAfterCommitment_ReportsDelayAndStaysDelivered(string code, string description)
    {
        var json = Package($$"""
            "currentStatus": { "type": "D", "statusCode": "011", "description": "Delivered" },
            "activity": [
              { "status": { "type": "X", "code": "{{code}}", "statusCode": "013", "description": "{{description}}" }, "date": "20240326", "time": "130500" },
              { "status": { "type": "D", "code": "FS", "statusCode": "011", "description": "DELIVERED" }, "date": "20240326", "time": "130000" }
            ]
            """);

        var snapshot = ParseOk(json);

        Assert.Equal(TrackingStatus.Delivered, snapshot.Status);
        Assert.True(snapshot.CarrierReportsDelay);
        Assert.Equal(ExceptionReason.Delayed, snapshot.Events[0].Reason);
        Assert.Equal(CarrierTimestamp.FromWallClock(new DateTime(2024, 3, 26, 13, 0, 0)), snapshot.DeliveredAt);
    }

    [Fact]
    public void Parse_DeliveredDateWithoutScan_UsesDelDateAndTime()
    {
        var json = Package("""
            "currentStatus": { "type": "D", "statusCode": "011", "description": "Delivered" },
            "deliveryDate": [ { "type": "DEL", "date": "20240326" } ],
            "deliveryTime": { "type": "DEL", "endTime": "163703" }
            """);

        var snapshot = ParseOk(json);

        Assert.Equal(TrackingStatus.Delivered, snapshot.Status);
        Assert.Equal(CarrierTimestamp.FromWallClock(new DateTime(2024, 3, 26, 16, 37, 3)), snapshot.DeliveredAt);
    }

    [Fact]
    public void Parse_DeliveredToOriginalSender_IsReturnedNotDelivered()
    {
        var json = Package("""
            "activity": [ { "status": { "type": "D", "code": "B0", "statusCode": "034", "description": "Returned to Sender" }, "date": "20240326", "time": "120000" } ]
            """);

        var snapshot = ParseOk(json);

        Assert.Equal(TrackingStatus.ReturnedToSender, snapshot.Status);
        Assert.Null(snapshot.DeliveredAt);
    }

    [Fact]
    public void Parse_NotFoundWarning_ReturnsNotFound()
    {
        var result = UpsTrackingParser.Parse(Number, UpsPayloads.Read("track-not-found.json"));

        Assert.Equal(ConnectorErrorKind.NotFound, result.Error?.Kind);
        Assert.Contains("TW0001", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OtherWarningWithoutPackage_ReturnsMalformedNamingTheCode()
    {
        var result = UpsTrackingParser.Parse(Number, """{"trackResponse":{"shipment":[{"warnings":[{"code":"TW9999","message":"?"}]}]}}""");

        Assert.Equal(ConnectorErrorKind.Malformed, result.Error?.Kind);
        Assert.Contains("TW9999", result.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"trackResponse":{"shipment":"oops"}}""")]
    [InlineData("""{"trackResponse":{"shipment":[{"package":[{"activity":[{"date":"2024-13-45","time":"101010","status":{"type":"I"}}]}]}]}}""")]
    [InlineData("""{"trackResponse":{"shipment":[{"package":[{"activity":[{"date":"20240326","time":"25:99","status":{"type":"I"}}]}]}]}}""")]
    public void Parse_SurprisingShape_ReturnsMalformedWithoutThrowing(string json)
    {
        var result = UpsTrackingParser.Parse(Number, json);

        Assert.Equal(ConnectorErrorKind.Malformed, result.Error?.Kind);
    }

    [Fact]
    public void Parse_SeveralPackages_PicksTheOneAskedFor()
    {
        var json = $$$"""
            {"trackResponse":{"shipment":[{"inquiryNumber":"{{{Number}}}","package":[
              {"trackingNumber":"1Z999AA10123456795","currentStatus":{"type":"I","statusCode":"005"}},
              {"trackingNumber":"{{{Number}}}","currentStatus":{"type":"D","statusCode":"011"}}
            ]}]}}
            """;

        var snapshot = ParseOk(json);

        Assert.Equal(TrackingStatus.Delivered, snapshot.Status);
        Assert.Equal(Number, snapshot.TrackingNumber);
    }

    [Fact]
    public void Parse_UnknownDeliveryTypesAndPlaceholders_AreIgnored()
    {
        // The spec's own example (karrio's fixture) uses "string" for dates, times and types.
        var json = Package("""
            "deliveryDate": [ { "type": "string", "date": "string" }, { "type": "SDD", "date": "string" } ],
            "deliveryTime": { "type": "string", "startTime": "string", "endTime": "string" }
            """);

        var snapshot = ParseOk(json);

        Assert.Null(snapshot.EstimatedDelivery);
        Assert.Null(snapshot.CommitmentTime);
        Assert.Null(snapshot.DeliveredAt);
    }

    [Theory]
    [InlineData("074700", 7, 47, 0)]
    [InlineData("74700", 7, 47, 0)]
    [InlineData("15:44:34", 15, 44, 34)]
    [InlineData("000000", 0, 0, 0)]
    public void ParseTime_UpsForms_ParsesThem(string text, int hour, int minute, int second)
    {
        Assert.Equal(new TimeOnly(hour, minute, second), UpsTrackingParser.ParseTime(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("string")]
    [InlineData("1234567")]
    [InlineData("246000")]
    public void ParseTime_Garbage_ReturnsNull(string? text)
    {
        Assert.Null(UpsTrackingParser.ParseTime(text));
    }

    [Fact]
    public void Parse_GmtWithoutOffset_IsAUtcInstant()
    {
        var json = Package("""
            "activity": [ { "status": { "type": "I", "statusCode": "005" }, "date": "20240326", "time": "084434", "gmtDate": "2024-03-26", "gmtTime": "154434" } ]
            """);

        var snapshot = ParseOk(json);

        Assert.Equal(new DateTimeOffset(2024, 3, 26, 15, 44, 34, TimeSpan.Zero), snapshot.Events[0].At.Instant);
    }

    private static string Package(string body) =>
        $$$"""{"trackResponse":{"shipment":[{"inquiryNumber":"{{{Number}}}","package":[{"trackingNumber":"{{{Number}}}",{{{body}}}}]}]}}""";
}
