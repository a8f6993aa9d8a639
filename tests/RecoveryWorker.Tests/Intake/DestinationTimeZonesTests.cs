using RecoveryWorker.Intake;

namespace RecoveryWorker.Tests.Intake;

public sealed class DestinationTimeZonesTests
{
    [Theory]
    [InlineData("US", "KY", "America/New_York")]
    [InlineData("US", "TX", "America/Chicago")]
    [InlineData("US", "AZ", "America/Phoenix")]
    [InlineData("US", "ca", "America/Los_Angeles")]
    [InlineData("US", null, "America/New_York")]
    [InlineData("CA", "BC", "America/Vancouver")]
    [InlineData("CA", "QC", "America/Toronto")]
    [InlineData("AU", "WA", "Australia/Perth")]
    [InlineData("DE", "BY", "Europe/Berlin")]
    [InlineData("gb", null, "Europe/London")]
    public void For_CountryAndRegion_TheZoneMostOfItsPeopleLiveIn(string country, string? region, string expected)
    {
        Assert.Equal(expected, DestinationTimeZones.For(country, region));
    }

    [Theory]
    [InlineData("XX")]
    [InlineData(null)]
    public void For_UnknownCountry_Null(string? country)
    {
        Assert.Null(DestinationTimeZones.For(country, "ZZ"));
    }

    [Fact]
    public void AllZones_Each_ExistsOnThisPlatform()
    {
        Assert.All(DestinationTimeZones.AllZones, zone => Assert.True(TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _), zone));
    }
}
