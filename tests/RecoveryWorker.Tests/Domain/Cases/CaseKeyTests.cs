using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;

namespace RecoveryWorker.Tests.Domain.Cases;

public sealed class CaseKeyTests
{
    [Fact]
    public void ToString_IsShipmentTypeAndEpisode()
    {
        var id = Guid.Parse("0b9f6c1e-5d2a-4f3b-9c8e-7a6b5c4d3e2f");

        Assert.Equal("0b9f6c1e-5d2a-4f3b-9c8e-7a6b5c4d3e2f:delivered_late:2", new CaseKey(id, BreachType.DeliveredLate, 2).ToString());
    }

    [Fact]
    public void TryParse_RoundTripsEveryBreachType()
    {
        foreach (var type in BreachTypes.All)
        {
            var key = new CaseKey(Guid.NewGuid(), type, 3);

            Assert.True(CaseKey.TryParse(key.ToString(), out var parsed));
            Assert.Equal(key, parsed);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-guid:late:1")]
    [InlineData("0b9f6c1e-5d2a-4f3b-9c8e-7a6b5c4d3e2f:slow:1")]
    [InlineData("0b9f6c1e-5d2a-4f3b-9c8e-7a6b5c4d3e2f:late:0")]
    [InlineData("0b9f6c1e-5d2a-4f3b-9c8e-7a6b5c4d3e2f:late:-1")]
    [InlineData("0b9f6c1e-5d2a-4f3b-9c8e-7a6b5c4d3e2f:late")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(CaseKey.TryParse(text, out _));
    }
}
