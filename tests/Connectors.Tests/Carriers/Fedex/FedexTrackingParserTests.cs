using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Fedex;

namespace RecoveryWorker.Connectors.Tests.Carriers.Fedex;

/// <summary>The tricky parts of reading a FedEx answer: estimates, commitments, delays, errors, times, reused numbers.</summary>
public sealed class FedexTrackingParserTests
{
    private const string Number = "794812345678";

    private static Dictionary<string, ConnectorResult<TrackingSnapshot>> Read(string json, params string[] asked) =>
        FedexTrackingParser.Read(asked.Length == 0 ? [Number] : asked, Encoding.UTF8.GetBytes(json), NullLogger.Instance);

    private static string Answer(params string[] trackResults) => AnswerFor(Number, trackResults);

    private static string AnswerFor(string number, params string[] trackResults) =>
        $$"""{ "transactionId": "t", "output": { "completeTrackResults": [ { "trackingNumber": "{{number}}", "trackResults": [ {{string.Join(",", trackResults)}} ] } ] } }""";

    private static TrackingSnapshot ReadOne(string json)
    {
        var result = Assert.Single(Read(json)).Value;
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!;
    }

    [Fact]
    public void Read_EstimatedWindowWithBothEnds_ReturnsThatWindowWithOffsets()
    {
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "IT" },
              "estimatedDeliveryTimeWindow": { "type": "ESTIMATED_DELIVERY", "window": { "begins": "2024-04-26T10:00:00-07:00", "ends": "2024-04-26T14:00:00-07:00" } },
              "standardTransitTimeWindow": { "window": { "ends": "2024-04-27T00:00:00-06:00" } } }
            """));

        Assert.Equal(new DateTimeOffset(2024, 4, 26, 10, 0, 0, TimeSpan.FromHours(-7)), snapshot.EstimatedDelivery?.WindowStart?.Instant);
        Assert.Equal(new DateTimeOffset(2024, 4, 26, 14, 0, 0, TimeSpan.FromHours(-7)), snapshot.EstimatedDelivery?.WindowEnd?.Instant);
        Assert.Null(snapshot.EstimatedDelivery?.Date);
    }

    [Fact]
    public void Read_EmptyEstimatedWindow_FallsBackToEstimatedDeliveryDateTime()
    {
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "IT" },
              "estimatedDeliveryTimeWindow": { "window": {} },
              "dateAndTimes": [ { "type": "ESTIMATED_DELIVERY", "dateTime": "2024-04-26T16:30:00-04:00" } ],
              "standardTransitTimeWindow": { "window": { "ends": "2024-04-27T00:00:00-06:00" } } }
            """));

        Assert.Equal(DeliveryEstimate.Window(null, CarrierTimestamp.FromInstant(new DateTimeOffset(2024, 4, 26, 16, 30, 0, TimeSpan.FromHours(-4)))), snapshot.EstimatedDelivery);
    }

    [Fact]
    public void Read_OnlyStandardTransitWindowEndingAtMidnight_ReturnsThatDay()
    {
        // FedEx prints bare days as midnight with a meaningless offset: it is a day, not a deadline at 00:00.
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "IT" }, "estimatedDeliveryTimeWindow": { "window": {} },
              "standardTransitTimeWindow": { "window": { "ends": "2024-08-21T00:00:00-06:00" } } }
            """));

        Assert.Equal(DeliveryEstimate.OnDay(new DateOnly(2024, 8, 21)), snapshot.EstimatedDelivery);
    }

    [Fact]
    public void Read_StandardTransitWindowWithATime_ReturnsWindowEndingThen()
    {
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "IT" }, "standardTransitTimeWindow": { "window": { "ends": "2024-04-25T10:30:00-07:00" } } }
            """));

        Assert.Null(snapshot.EstimatedDelivery?.WindowStart);
        Assert.Equal(new DateTimeOffset(2024, 4, 25, 10, 30, 0, TimeSpan.FromHours(-7)), snapshot.EstimatedDelivery?.WindowEnd?.Instant);
    }

    [Fact]
    public void Read_CommitmentDateTime_SetsCommitmentTime()
    {
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "IT" },
              "dateAndTimes": [ { "type": "APPOINTMENT_DELIVERY", "dateTime": "2024-04-26T12:00:00-07:00" }, { "type": "COMMITMENT", "dateTime": "2024-04-25T10:30:00-07:00" } ] }
            """));

        Assert.Equal(new DateTimeOffset(2024, 4, 25, 10, 30, 0, TimeSpan.FromHours(-7)), snapshot.CommitmentTime?.Instant);
        Assert.Null(snapshot.EstimatedDelivery);
    }

    [Fact]
    public void Read_AppointmentWithoutCommitment_SetsCommitmentTimeToTheAppointment()
    {
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "IT" }, "dateAndTimes": [ { "type": "APPOINTMENT_DELIVERY", "dateTime": "2024-04-26T12:00:00-07:00" } ] }
            """));

        Assert.Equal(new DateTimeOffset(2024, 4, 26, 12, 0, 0, TimeSpan.FromHours(-7)), snapshot.CommitmentTime?.Instant);
    }

    [Fact]
    public void Read_DerivedCodeRunningLate_KeepsInTransitAndReportsDelay()
    {
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "FD", "derivedCode": "RL", "statusByLocale": "Running Late", "description": "At FedEx destination facility", "delayDetail": { "status": "DELAYED" } },
              "serviceDetail": { "type": "PRIORITY_OVERNIGHT", "description": "FedEx Priority Overnight" } }
            """));

        Assert.Equal(TrackingStatus.InTransit, snapshot.Status);
        Assert.Equal(ExceptionReason.Delayed, snapshot.Reason);
        Assert.True(snapshot.CarrierReportsDelay);
        Assert.Equal("FedEx Priority Overnight", snapshot.ReportedService);
    }

    [Fact]
    public void Read_WeatherDelayDetail_ReportsDelayForWeather()
    {
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "AR", "derivedCode": "IT", "delayDetail": { "type": "WEATHER", "subType": "SNOW", "status": "DELAYED" } } }
            """));

        Assert.Equal(TrackingStatus.InTransit, snapshot.Status);
        Assert.Equal(ExceptionReason.WeatherOrDisaster, snapshot.Reason);
        Assert.True(snapshot.CarrierReportsDelay);
    }

    [Fact]
    public void Read_DelayCode_IsAnExceptionThatReportsDelay()
    {
        var snapshot = ReadOne(Answer("""{ "latestStatusDetail": { "code": "DD", "description": "Delivery delay" } }"""));

        Assert.Equal(TrackingStatus.Exception, snapshot.Status);
        Assert.Equal(ExceptionReason.Delayed, snapshot.Reason);
        Assert.True(snapshot.CarrierReportsDelay);
    }

    [Fact]
    public void Read_OnTimeParcel_DoesNotReportDelay()
    {
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "IT", "derivedCode": "IT", "delayDetail": { "status": "ON_TIME" } }, "serviceDetail": { "type": "FEDEX_GROUND" } }
            """));

        Assert.False(snapshot.CarrierReportsDelay);
        Assert.Null(snapshot.Reason);
        Assert.Equal("FEDEX_GROUND", snapshot.ReportedService);
    }

    [Theory]
    [InlineData("Incorrect address", ExceptionReason.AddressIssue)]
    [InlineData("Customer not available or business closed", ExceptionReason.FailedAttempt)]
    [InlineData("Refused by recipient", ExceptionReason.Refused)]
    [InlineData("Package damaged", ExceptionReason.Damaged)]
    [InlineData("FedEx redirected your package to a nearby FedEx location", ExceptionReason.FailedAttempt)]
    public void Read_DeliveryException_TakesTheReasonFromFedexWording(string wording, ExceptionReason expected)
    {
        var snapshot = ReadOne(Answer($$"""
            { "latestStatusDetail": { "code": "DE", "ancillaryDetails": [ { "reason": "15", "reasonDescription": "{{wording}}" } ] },
              "scanEvents": [ { "date": "2024-04-25T11:26:00-07:00", "eventType": "DE", "eventDescription": "Delivery exception", "exceptionDescription": "{{wording}}" } ] }
            """));

        Assert.Equal(TrackingStatus.Exception, snapshot.Status);
        Assert.Equal(expected, snapshot.Reason);
        Assert.Equal(expected, Assert.Single(snapshot.Events).Reason);
        Assert.Equal($"Delivery exception: {wording}", snapshot.Events[0].Description);
    }

    [Fact]
    public void Read_NotFoundErrorInside200_ReturnsNotFoundForThatNumberOnly()
    {
        var json = $$"""
            { "output": { "completeTrackResults": [
                { "trackingNumber": "111111111111", "trackResults": [ { "error": { "code": "TRACKING.TRACKINGNUMBER.NOTFOUND", "message": "Tracking number cannot be found." } } ] },
                { "trackingNumber": "222222222222", "trackResults": [ { "latestStatusDetail": { "code": "PU" } } ] } ] } }
            """;

        var results = Read(json, "111111111111", "222222222222");

        Assert.Equal(ConnectorErrorKind.NotFound, results["111111111111"].Error?.Kind);
        Assert.Contains("TRACKING.TRACKINGNUMBER.NOTFOUND", results["111111111111"].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(TrackingStatus.PickedUp, results["222222222222"].Value?.Status);
    }

    [Fact]
    public void Read_OtherPerNumberError_ReturnsRejected()
    {
        var results = Read(Answer("""{ "error": { "code": "TRACKING.TRACKINGNUMBER.INVALID", "message": "Invalid tracking number." } }"""));

        Assert.Equal(ConnectorErrorKind.Rejected, results[Number].Error?.Kind);
    }

    [Fact]
    public void Read_RequestLevelErrorsInside200_FailEveryNumberWithTheCode()
    {
        var results = Read(FedexStubs.Conformance("karrio", "fedex", "error_response.json"), "1", "2");

        Assert.All(results.Values, r => Assert.Equal(ConnectorErrorKind.Rejected, r.Error?.Kind));
        Assert.Contains("TRACKING.TRACKINGNUMBER.EMPTY", results["1"].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TimeWithoutOffset_KeepsWallClockWithoutGuessingAnOffset()
    {
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "PU" },
              "scanEvents": [ { "date": "2024-08-15T00:00:00", "eventType": "PU", "eventDescription": "Picked up" },
                              { "date": "2024-08-15T10:36:00-05:00", "eventType": "OC", "eventDescription": "Shipment information sent to FedEx" } ] }
            """));

        Assert.Null(snapshot.Events[0].At.Offset);
        Assert.Equal(new DateTime(2024, 8, 15, 0, 0, 0), snapshot.Events[0].At.WallClock);
        Assert.Equal(TimeSpan.FromHours(-5), snapshot.Events[1].At.Offset);
    }

    [Fact]
    public void Read_DeliveredWithActualDelivery_SetsDeliveredAtWithItsOffset()
    {
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "DL" }, "dateAndTimes": [ { "type": "ACTUAL_DELIVERY", "dateTime": "2024-08-20T12:41:57-04:00" } ],
              "scanEvents": [ { "date": "2024-08-20T12:41:57-04:00", "eventType": "DL", "eventDescription": "Delivered" } ] }
            """));

        Assert.Equal(new DateTimeOffset(2024, 8, 20, 12, 41, 57, TimeSpan.FromHours(-4)), snapshot.DeliveredAt?.Instant);
    }

    [Fact]
    public void Read_ActualDeliveryOnParcelNotDelivered_IsNotTakenForADelivery()
    {
        // The spec's own example carries ACTUAL_DELIVERY on a parcel whose status is "Picked up".
        var snapshot = ReadOne(Answer("""{ "latestStatusDetail": { "code": "PU" }, "dateAndTimes": [ { "type": "ACTUAL_DELIVERY", "dateTime": "2007-09-27T00:00:00" } ] }"""));

        Assert.Equal(TrackingStatus.PickedUp, snapshot.Status);
        Assert.Null(snapshot.DeliveredAt);
    }

    [Fact]
    public void Read_SeveralShipmentsForOneNumber_PicksTheMostRecentShipmentWhateverTheOrder()
    {
        const string Older = """
            { "trackingNumberInfo": { "trackingNumberUniqueId": "old" }, "latestStatusDetail": { "code": "DL" },
              "dateAndTimes": [ { "type": "SHIP", "dateTime": "2023-01-10T00:00:00-06:00" } ],
              "scanEvents": [ { "date": "2023-01-12T09:00:00-05:00", "eventType": "DL" } ] }
            """;
        const string Newer = """
            { "trackingNumberInfo": { "trackingNumberUniqueId": "new" }, "latestStatusDetail": { "code": "IT" },
              "dateAndTimes": [ { "type": "SHIP", "dateTime": "2024-04-24T00:00:00-06:00" } ],
              "scanEvents": [ { "date": "2024-04-25T09:00:00-05:00", "eventType": "IT" } ] }
            """;

        Assert.Equal(TrackingStatus.InTransit, ReadOne(Answer(Older, Newer)).Status);
        Assert.Equal(TrackingStatus.InTransit, ReadOne(Answer(Newer, Older)).Status);
    }

    [Fact]
    public void Read_SameShipDay_PicksTheShipmentWithTheLatestScan()
    {
        const string Early = """{ "latestStatusDetail": { "code": "OC" }, "scanEvents": [ { "date": "2024-04-25T08:00:00-05:00", "eventType": "OC" } ] }""";
        const string Late = """{ "latestStatusDetail": { "code": "PU" }, "scanEvents": [ { "date": "2024-04-25T16:00:00-05:00", "eventType": "PU" } ] }""";

        Assert.Equal(TrackingStatus.PickedUp, ReadOne(Answer(Late, Early)).Status);
        Assert.Equal(TrackingStatus.PickedUp, ReadOne(Answer(Early, Late)).Status);
    }

    [Fact]
    public void Read_SurprisingShapeForOneNumber_IsMalformedForThatNumberOnly()
    {
        var json = """
            { "output": { "completeTrackResults": [
                { "trackingNumber": "111111111111", "trackResults": [ { "scanEvents": "not a list" } ] },
                { "trackingNumber": "222222222222", "trackResults": [ { "latestStatusDetail": { "code": "OD" } } ] } ] } }
            """;

        var results = Read(json, "111111111111", "222222222222");

        Assert.Equal(ConnectorErrorKind.Malformed, results["111111111111"].Error?.Kind);
        Assert.Equal(TrackingStatus.OutForDelivery, results["222222222222"].Value?.Status);
    }

    [Fact]
    public void Read_UnreadableScanDate_IsMalformedRatherThanGuessed()
    {
        var results = Read(Answer("""{ "latestStatusDetail": { "code": "IT" }, "scanEvents": [ { "date": "yesterday", "eventType": "IT" } ] }"""));

        Assert.Equal(ConnectorErrorKind.Malformed, results[Number].Error?.Kind);
    }

    [Fact]
    public void Read_NumberMissingFromTheAnswer_IsMalformed()
    {
        var results = Read(Answer("""{ "latestStatusDetail": { "code": "IT" } }"""), Number, "999999999999");

        Assert.True(results[Number].IsSuccess);
        Assert.Equal(ConnectorErrorKind.Malformed, results["999999999999"].Error?.Kind);
    }

    [Fact]
    public void Read_UnknownCode_MapsToUnknownButKeepsTheEvent()
    {
        var snapshot = ReadOne(Answer("""{ "latestStatusDetail": { "code": "ZZ" }, "scanEvents": [ { "date": "2024-04-25T08:00:00-05:00", "eventType": "ZZ", "eventDescription": "Something new" } ] }"""));

        Assert.Equal(TrackingStatus.Unknown, snapshot.Status);
        Assert.Equal("ZZ", Assert.Single(snapshot.Events).CarrierCode);
        Assert.Equal(TrackingStatus.Unknown, snapshot.Events[0].Status);
    }

    [Fact]
    public void Read_EventLocation_KeepsCityStateCountryButNoStreetOrPostalCode()
    {
        var snapshot = ReadOne(Answer("""
            { "latestStatusDetail": { "code": "AR" },
              "scanEvents": [ { "date": "2024-04-25T08:00:00-05:00", "eventType": "AR", "eventDescription": "Arrived",
                                "scanLocation": { "streetLines": ["1043 North Easy Street"], "city": "SEATTLE", "stateOrProvinceCode": "WA", "postalCode": "98101", "countryCode": "US" } } ] }
            """));

        Assert.Equal("SEATTLE, WA, US", Assert.Single(snapshot.Events).Location);
    }
}
