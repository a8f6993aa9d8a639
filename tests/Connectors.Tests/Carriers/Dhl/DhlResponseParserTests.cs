using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Dhl;

namespace RecoveryWorker.Connectors.Tests.Carriers.Dhl;

public sealed class DhlResponseParserTests
{
    private const string Number = "00340434292135100124";

    private static TrackingSnapshot Snapshot(string json)
    {
        var result = DhlResponseParser.Parse(Number, json).Result;
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!;
    }

    private static string Shipment(string status, string extra = "", string events = "") => $$"""
        { "shipments": [ { "id": "{{Number}}", "service": "parcel-de", "status": {{status}} {{extra}}, "events": [ {{events}} ] } ] }
        """;

    private static string Event(string statusCode, string description, string timestamp = "2026-05-05T10:00:00+02:00") =>
        $$"""{ "timestamp": "{{timestamp}}", "statusCode": "{{statusCode}}", "status": "", "description": "{{description}}" }""";

    [Fact]
    public void Parse_Delivered_MapsStatusEventsServiceAndProofOfDelivery()
    {
        var snapshot = Snapshot(DhlPayloads.Read("delivered.json"));

        Assert.Equal(CarrierCode.Dhl, snapshot.Carrier);
        Assert.Equal(Number, snapshot.TrackingNumber);
        Assert.Equal(TrackingStatus.Delivered, snapshot.Status);
        Assert.Null(snapshot.Reason);
        Assert.Equal("DHL PAKET", snapshot.ReportedService);
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 11, 42, 0, TimeSpan.FromHours(2)), snapshot.DeliveredAt?.Instant);
        Assert.Equal(
            new[] { TrackingStatus.Delivered, TrackingStatus.OutForDelivery, TrackingStatus.InTransit, TrackingStatus.LabelCreated },
            snapshot.Events.Select(e => e.Status));
        Assert.Equal("delivered", snapshot.Events[0].CarrierCode);
        Assert.Equal("The shipment has been successfully delivered", snapshot.Events[0].Description);
        Assert.Equal("Berlin, DE", snapshot.Events[0].Location);
        Assert.Null(snapshot.Events[3].Location);
        Assert.Null(snapshot.CommitmentTime);
        Assert.False(snapshot.CarrierReportsDelay);
    }

    [Fact]
    public void Parse_TimesWithAndWithoutOffset_KeepsInstantOrWallClockWithoutGuessing()
    {
        var snapshot = Snapshot(DhlPayloads.Read("delivered.json"));

        var local = snapshot.Events[2].At;
        Assert.Null(local.Offset);
        Assert.Equal(new DateTime(2026, 5, 4, 21, 3, 0), local.WallClock);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 9, 15, 0, TimeSpan.Zero), snapshot.Events[3].At.Instant);
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 7, 10, 0, TimeSpan.FromHours(2)), snapshot.Events[1].At.Instant);
    }

    [Fact]
    public void Parse_NanosecondTimestampWithOffset_ReadsTheInstant()
    {
        // DHL eCommerce sends nine fractional digits (karrio#439); .NET reads seven.
        var snapshot = Snapshot(Shipment(Event("transit", "Processed"), events: Event("transit", "Processed", "2023-11-21T15:27:20.331986369+01:00")));

        Assert.Equal(new DateTimeOffset(2023, 11, 21, 15, 27, 20, TimeSpan.FromHours(1)).AddTicks(3319863), Assert.Single(snapshot.Events).At.Instant);
    }

    [Fact]
    public void Parse_TimeFrame_ReturnsWindowFromFromToThrough()
    {
        var snapshot = Snapshot(DhlPayloads.Read("in-transit.json"));

        Assert.Equal(
            DeliveryEstimate.Window(
                CarrierTimestamp.FromInstant(new DateTimeOffset(2026, 5, 6, 9, 0, 0, TimeSpan.FromHours(2))),
                CarrierTimestamp.FromInstant(new DateTimeOffset(2026, 5, 6, 13, 0, 0, TimeSpan.FromHours(2)))),
            snapshot.EstimatedDelivery);
        Assert.Null(snapshot.DeliveredAt);
    }

    [Theory]
    [InlineData("2026-05-06T00:00:00Z")]
    [InlineData("2026-05-06T00:00:00")]
    [InlineData("2026-05-06")]
    public void Parse_EstimateAtMidnightOrDateOnly_ReturnsThatDay(string eta)
    {
        var snapshot = Snapshot(Shipment(Event("transit", "Processed"), $$""", "estimatedTimeOfDelivery": "{{eta}}", "estimatedTimeOfDeliveryRemark": "By End of Day" """));

        Assert.Equal(DeliveryEstimate.OnDay(new DateOnly(2026, 5, 6)), snapshot.EstimatedDelivery);
    }

    [Fact]
    public void Parse_EstimateWithTimeOfDay_ReturnsWindowEndingThen()
    {
        var snapshot = Snapshot(Shipment(Event("transit", "Processed"), """, "estimatedTimeOfDelivery": "2026-05-06T12:00:00" """));

        Assert.Null(snapshot.EstimatedDelivery?.WindowStart);
        Assert.Equal(CarrierTimestamp.FromWallClock(new DateTime(2026, 5, 6, 12, 0, 0)), snapshot.EstimatedDelivery?.WindowEnd);
    }

    [Fact]
    public void Parse_NoEstimate_ReturnsNone()
    {
        Assert.Null(Snapshot(Shipment(Event("transit", "Processed"))).EstimatedDelivery);
    }

    [Fact]
    public void Parse_CurrentStatusSaysDelayed_FlagsCarrierReportedDelay()
    {
        var snapshot = Snapshot(Shipment(Event("transit", "The shipment has been delayed due to high volumes")));

        Assert.True(snapshot.CarrierReportsDelay);
        Assert.Equal(TrackingStatus.InTransit, snapshot.Status);
    }

    [Fact]
    public void Parse_OlderEventSaidDelayedButCurrentDoesNot_DoesNotFlagDelay()
    {
        var snapshot = Snapshot(Shipment(Event("transit", "Processed"), events: Event("transit", "Delayed due to weather")));

        Assert.False(snapshot.CarrierReportsDelay);
    }

    [Fact]
    public void Parse_ProofOfDeliveryOnUndeliveredShipment_IsNotADelivery()
    {
        // DHL's own spec example: a pre-transit status next to a proof of delivery. The status decides.
        var snapshot = Snapshot(Shipment(Event("pre-transit", "Data received"), """, "details": { "proofOfDelivery": { "timestamp": "2026-05-05T16:33:00Z" } }"""));

        Assert.Equal(TrackingStatus.LabelCreated, snapshot.Status);
        Assert.Null(snapshot.DeliveredAt);
    }

    [Fact]
    public void Parse_DeliveredWithoutEventsOrProof_TakesTheStatusTime()
    {
        var snapshot = Snapshot(Shipment(Event("delivered", "Delivered", "2026-05-05T11:42:00")));

        Assert.Equal(CarrierTimestamp.FromWallClock(new DateTime(2026, 5, 5, 11, 42, 0)), snapshot.DeliveredAt);
    }

    [Fact]
    public void Parse_DeliveredWithDeliveryScanButNoProof_LeavesDeliveredAtToTheScans()
    {
        var snapshot = Snapshot(Shipment(Event("delivered", "Delivered"), events: Event("delivered", "Delivered", "2026-05-05T09:00:00+02:00")));

        Assert.Null(snapshot.DeliveredAt);
        Assert.Contains(snapshot.Events, e => e.Status == TrackingStatus.Delivered);
    }

    [Fact]
    public void Parse_SeveralShipments_PrefersTheNumberAskedForThenTheNewest()
    {
        var json = $$"""
            { "shipments": [
                { "id": "OTHER", "service": "express", "status": {{Event("transit", "Processed", "2026-06-01T10:00:00Z")}} },
                { "id": "{{Number}}", "service": "parcel-de", "status": {{Event("transit", "Processed", "2026-05-01T10:00:00Z")}} },
                { "id": "{{Number}}", "service": "parcel-nl", "status": {{Event("delivered", "Delivered", "2026-05-03T10:00:00Z")}} }
            ] }
            """;

        var parsed = DhlResponseParser.Parse(Number, json);

        Assert.Equal(3, parsed.ShipmentCount);
        Assert.Equal("parcel-nl", parsed.ChosenService);
        Assert.Equal(TrackingStatus.Delivered, parsed.Result.Value?.Status);
    }

    [Fact]
    public void Parse_NumericId_IsRead()
    {
        var parsed = DhlResponseParser.Parse("7777777770", """{ "shipments": [ { "id": 7777777770, "status": { "statusCode": "transit" } } ] }""");

        Assert.True(parsed.Result.IsSuccess, parsed.Result.Error?.Message);
    }

    [Fact]
    public void Parse_EventWithoutReadableTime_IsLeftOutAndCounted()
    {
        var parsed = DhlResponseParser.Parse(Number, Shipment(Event("transit", "Processed"), events: Event("transit", "A", "yesterday") + "," + Event("transit", "B") + ", null"));

        Assert.Equal(2, parsed.SkippedEvents);
        Assert.Equal("B", Assert.Single(parsed.Result.Value!.Events).Description);
    }

    [Fact]
    public void Parse_NoCurrentStatus_LeavesStatusUnknownForTheDomainToTakeFromEvents()
    {
        var snapshot = Snapshot($$"""{ "shipments": [ { "id": "{{Number}}", "events": [ {{Event("transit", "Processed")}} ] } ] }""");

        Assert.Equal(TrackingStatus.Unknown, snapshot.Status);
        Assert.Equal(TrackingStatus.InTransit, Assert.Single(snapshot.Events).Status);
    }

    [Fact]
    public void Parse_EmptyShipmentList_ReturnsNotFound()
    {
        Assert.Equal(ConnectorErrorKind.NotFound, DhlResponseParser.Parse(Number, """{ "shipments": [] }""").Result.Error?.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>oops</html>")]
    [InlineData("""{ "url": "/shipments" }""")]
    [InlineData("""{ "shipments": {} }""")]
    [InlineData("""{ "shipments": [ { "status": "delivered" } ] }""")]
    [InlineData("[]")]
    public void Parse_UnexpectedShape_ReturnsMalformedWithoutThrowing(string body)
    {
        Assert.Equal(ConnectorErrorKind.Malformed, DhlResponseParser.Parse(Number, body).Result.Error?.Kind);
    }

    [Fact]
    public void Parse_MalformedMessage_DoesNotEchoTheAnswer()
    {
        var error = DhlResponseParser.Parse(Number, """{ "shipments": [ { "status": "Jane Doe, 1 Secret Street" } ] }""").Result.Error;

        Assert.DoesNotContain("Secret", error?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "title": "No result found", "detail": "No shipment with given tracking number found.", "status": 404, "instance": "/shipment/1" }""", true)]
    [InlineData("""{ "Status": "No matching mapping found" }""", false)]
    [InlineData("<html>Not Found</html>", false)]
    [InlineData("", false)]
    public void TryReadProblem_TellsDhlsProblemDocumentFromOther404s(string body, bool expected)
    {
        Assert.Equal(expected, DhlResponseParser.TryReadProblem(body, out _));
    }
}
