using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Tests.Abstractions;

public sealed class CarrierCodesTests
{
    [Theory]
    [InlineData("ups", CarrierCode.Ups)]
    [InlineData("FedEx", CarrierCode.Fedex)]
    [InlineData(" usps ", CarrierCode.Usps)]
    [InlineData("DHL", CarrierCode.Dhl)]
    [InlineData("sandbox", CarrierCode.Sandbox)]
    public void TryParse_KnownName_ReturnsCarrier(string text, CarrierCode expected)
    {
        Assert.True(CarrierCodes.TryParse(text, out var carrier));
        Assert.Equal(expected, carrier);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("royalmail")]
    public void TryParse_UnknownOrNumeric_ReturnsFalse(string? text)
    {
        Assert.False(CarrierCodes.TryParse(text, out _));
    }

    [Fact]
    public void ToWireName_EveryCarrier_RoundTrips()
    {
        foreach (var carrier in Enum.GetValues<CarrierCode>())
        {
            Assert.True(CarrierCodes.TryParse(carrier.ToWireName(), out var parsed));
            Assert.Equal(carrier, parsed);
            Assert.Equal(carrier.ToWireName().ToLowerInvariant(), carrier.ToWireName());
        }
    }
}
