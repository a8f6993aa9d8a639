using RecoveryWorker.Api;
using RecoveryWorker.Pages.RecoveryConsole;

namespace RecoveryWorker.Tests.Api;

/// <summary>The small rules under promise keeping's figures: rounding, ISO weeks, the weekly lines and where they break.</summary>
public sealed class PromiseKeepingTests
{
    [Theory]
    [InlineData(-20, 0)] // a ticket 20 s after the deadline reads 0, not -0
    [InlineData(-40, -1)]
    [InlineData(90, 2)] // halves round away from zero, as before
    [InlineData(-90, -2)]
    public void WholeMinutes_Seconds_RoundedToWholeMinutes(int seconds, long expected) =>
        Assert.Equal(expected, PromiseKeeping.WholeMinutes(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("2026-11-16T00:30:00+01:00", "2026-W46")] // Sunday 23:30 UTC: the deadline's UTC day decides
    [InlineData("2026-11-16T09:00:00-05:00", "2026-W47")]
    [InlineData("2027-01-01T12:00:00Z", "2026-W53")] // ISO years: 1 January 2027 is in 2026's last week
    public void Week_Deadline_IsoWeekOfItsUtcDay(string at, string expected) =>
        Assert.Equal(expected, PromiseKeeping.Week(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Weekly_CarrierWeekGroups_OneLinePerCarrierWithAGapWhereAWeekHasNone()
    {
        PromiseGroup Group(string key, int shipments, int kept) =>
            new(key, shipments, kept, new Dictionary<string, int>(), null, null, 0, 0, null);

        var (weeks, lines) = PromiseKeeping.Weekly([Group("fedex|2026-W46", 4, 3), Group("ups|2026-W45", 2, 1), Group("ups|2026-W46", 5, 5)]);

        Assert.Equal(["2026-W45", "2026-W46"], weeks);
        Assert.Equal("fedex", lines[0].Carrier);
        Assert.Equal([null, 0.75], lines[0].Kept);
        Assert.Equal([0.5, 1.0], lines[1].Kept);
    }

    [Fact]
    public void Segments_ValuesWithGaps_RunsOfTwoOrMoreOnly()
    {
        double?[] kept = [0.5, 0.6, null, 0.7, null, 0.8, 0.9, 1.0];

        var runs = LineChart.Segments(kept).ToList();

        Assert.Equal([[0, 1], [5, 6, 7]], runs); // the lone 0.7 is a point, not a line
    }
}
