using System.Globalization;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.Tests.Tickets;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(1, "en", "1 minute")]
    [InlineData(59, "en", "59 minutes")]
    [InlineData(60, "en", "1 hour")]
    [InlineData(47 * 60, "en", "47 hours")]
    [InlineData(48 * 60, "en", "2 days")]
    [InlineData(48 * 60, "de", "2 Tage")]
    [InlineData(60, "de", "1 Stunde")]
    [InlineData(90, "es", "2 horas")]
    [InlineData(3 * 60, "fr", "3 hours")]
    public void Format_Duration_ReadsNaturally(int minutes, string culture, string expected)
    {
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromMinutes(minutes), CultureInfo.GetCultureInfo(culture)));
    }

    [Fact]
    public void Format_UnderAMinute_IsStillOneMinute()
    {
        // One second late is late; "0 minutes late" would read as on time.
        Assert.Equal("1 minute", DurationText.Format(TimeSpan.FromSeconds(1), CultureInfo.InvariantCulture));
    }
}
