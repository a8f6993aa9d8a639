using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Dhl;

namespace RecoveryWorker.Connectors.Tests.Carriers.Dhl;

public sealed class DhlStatusMapTests
{
    private static (TrackingStatus Status, ExceptionReason? Reason) Map(string statusCode, string? description, string? status = null, string? remark = null) =>
        DhlStatusMap.Map(new DhlShipmentEvent { StatusCode = statusCode, Description = description, Status = status, Remark = remark });

    [Theory]
    [InlineData("pre-transit", TrackingStatus.LabelCreated)]
    [InlineData("transit", TrackingStatus.InTransit)]
    [InlineData("delivered", TrackingStatus.Delivered)]
    [InlineData("unknown", TrackingStatus.Unknown)]
    [InlineData("TRANSIT", TrackingStatus.InTransit)]
    [InlineData("held-at-customs", TrackingStatus.Unknown)]
    [InlineData("", TrackingStatus.Unknown)]
    public void Map_StatusCode_ReturnsItsStatus(string code, TrackingStatus expected)
    {
        Assert.Equal((expected, (ExceptionReason?)null), Map(code, "Processed"));
    }

    [Theory]
    [InlineData("The shipment has been damaged and is being repacked", ExceptionReason.Damaged)]
    [InlineData("The shipment was lost", ExceptionReason.Lost)]
    [InlineData("The shipment is held by customs", ExceptionReason.CustomsHold)]
    [InlineData("The recipient refused to accept the shipment", ExceptionReason.Refused)]
    [InlineData("Acceptance of the shipment was rejected by the recipient", ExceptionReason.Refused)]
    [InlineData("The address is incomplete. The shipment could not be delivered.", ExceptionReason.AddressIssue)]
    [InlineData("Delivery attempt unsuccessful, address incorrect", ExceptionReason.AddressIssue)]
    [InlineData("A delivery attempt was made; the recipient was not at home", ExceptionReason.FailedAttempt)]
    [InlineData("Delivery not possible due to severe weather", ExceptionReason.WeatherOrDisaster)]
    [InlineData("Shipment delayed", ExceptionReason.Delayed)]
    [InlineData("Delivery not possible", ExceptionReason.Other)]
    [InlineData(null, ExceptionReason.Other)]
    public void Map_Failure_ReadsTheReasonFromTheWording(string? description, ExceptionReason expected)
    {
        Assert.Equal((TrackingStatus.Exception, (ExceptionReason?)expected), Map("failure", description));
    }

    [Fact]
    public void Map_FailureReasonInRemark_IsRead()
    {
        Assert.Equal((TrackingStatus.Exception, (ExceptionReason?)ExceptionReason.CustomsHold),
            Map("failure", "Delivery not possible", remark: "The shipment is pending completion of customs inspection."));
    }

    [Fact]
    public void Map_FailureNextSteps_IsIgnored()
    {
        // nextSteps says what may happen next ("a new delivery attempt"), not what went wrong.
        var mapped = DhlStatusMap.Map(new DhlShipmentEvent { StatusCode = "failure", Description = "Delivery not possible", NextSteps = "A new delivery attempt will be made" });

        Assert.Equal((TrackingStatus.Exception, (ExceptionReason?)ExceptionReason.Other), mapped);
    }

    [Theory]
    [InlineData("The shipment is being returned to the sender", null)]
    [InlineData("Refused by the recipient; returned to sender", ExceptionReason.Refused)]
    public void Map_FailureSayingReturned_ReturnsReturnedToSender(string description, ExceptionReason? reason)
    {
        Assert.Equal((TrackingStatus.ReturnedToSender, reason), Map("failure", description));
    }

    [Theory]
    [InlineData("The shipment has been loaded onto the delivery vehicle", TrackingStatus.OutForDelivery)]
    [InlineData("With delivery courier", TrackingStatus.OutForDelivery)]
    [InlineData("Out for delivery", TrackingStatus.OutForDelivery)]
    [InlineData("The shipment is ready for pick-up at the PACKSTATION", TrackingStatus.AvailableForPickup)]
    [InlineData("Customs clearance status updated", TrackingStatus.InTransit)]
    public void Map_TransitWording_RefinesWhereTheParcelIs(string description, TrackingStatus expected)
    {
        Assert.Equal((expected, (ExceptionReason?)null), Map("transit", description));
    }

    [Fact]
    public void Map_DeliveredWordingAboutDamage_StaysDelivered()
    {
        // Only failures are read for reasons: a delivery note mentioning damage is still a delivery.
        Assert.Equal((TrackingStatus.Delivered, (ExceptionReason?)null), Map("delivered", "Delivered; packaging damaged"));
    }

    [Theory]
    [InlineData("transit", "Delayed due to high volumes", true)]
    [InlineData("failure", "Shipment delayed", true)]
    [InlineData("delivered", "Delivered after a delay", false)]
    [InlineData("transit", "Processed", false)]
    public void ReportsDelay_ReadsTheCurrentWording(string code, string description, bool expected)
    {
        Assert.Equal(expected, DhlStatusMap.ReportsDelay(new DhlShipmentEvent { StatusCode = code, Description = description }));
    }
}
