using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Tests.Abstractions;

public sealed class CarrierTimestampTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Theory]
    [InlineData("2026-11-20T10:15:00-05:00", -5)]
    [InlineData("2026-11-20T10:15:00+09:00", 9)]
    [InlineData("2026-11-20T10:15:00Z", 0)]
    [InlineData("2026-11-20T10:15:00.123+01:00", 1)]
    public void TryParse_WithOffset_KeepsInstantAndOffset(string text, int offsetHours)
    {
        Assert.True(CarrierTimestamp.TryParse(text, out var timestamp));

        Assert.Equal(TimeSpan.FromHours(offsetHours), timestamp.Offset);
        Assert.Equal(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture), timestamp.Instant);
    }

    [Theory]
    [InlineData("2026-11-20T10:15:00")]
    [InlineData("2026-11-20 10:15:00")]
    public void TryParse_WithoutOffset_IsWallClockWithNoInstant(string text)
    {
        Assert.True(CarrierTimestamp.TryParse(text, out var timestamp));

        Assert.Null(timestamp.Offset);
        Assert.Null(timestamp.Instant);
        Assert.Equal(new DateTime(2026, 11, 20, 10, 15, 0), timestamp.WallClock);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-13-45T99:00:00Z")]
    public void TryParse_Garbage_ReturnsFalse(string? text)
    {
        Assert.False(CarrierTimestamp.TryParse(text, out _));
    }

    [Fact]
    public void ToInstant_WithoutOffset_ResolvesInTheGivenZone()
    {
        var wallClock = CarrierTimestamp.FromWallClock(new DateTime(2026, 11, 20, 10, 0, 0));

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(-5)), wallClock.ToInstant(NewYork));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(9)), wallClock.ToInstant(Tokyo));
    }

    [Fact]
    public void ToInstant_WithOffset_IgnoresTheZone()
    {
        var instant = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal(instant, CarrierTimestamp.FromInstant(instant).ToInstant(Tokyo));
    }

    [Fact]
    public void ToInstant_AmbiguousFallBackHour_TakesTheEarlierInstant()
    {
        // 01:30 on 1 Nov 2026 happens twice in New York (EDT -4, then EST -5); the earlier is 05:30 UTC.
        var ambiguous = CarrierTimestamp.FromWallClock(new DateTime(2026, 11, 1, 1, 30, 0));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), ambiguous.ToInstant(NewYork).ToUniversalTime());
    }

    [Fact]
    public void ToInstant_SpringForwardGap_UsesStandardOffset()
    {
        // 02:30 on 8 Mar 2026 does not exist in New York.
        var missing = CarrierTimestamp.FromWallClock(new DateTime(2026, 3, 8, 2, 30, 0));

        Assert.Equal(TimeSpan.FromHours(-5), missing.ToInstant(NewYork).Offset);
    }

    [Fact]
    public void ToString_ShowsOffsetOnlyWhenKnown()
    {
        Assert.Equal("2026-11-20T10:00:00-05:00", CarrierTimestamp.FromInstant(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(-5))).ToString());
        Assert.Equal("2026-11-20T10:00:00", CarrierTimestamp.FromWallClock(new DateTime(2026, 11, 20, 10, 0, 0)).ToString());
    }
}
