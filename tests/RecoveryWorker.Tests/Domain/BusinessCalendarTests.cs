using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Domain;

public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar Calendar = new(new HashSet<DayOfWeek> { DayOfWeek.Saturday, DayOfWeek.Sunday }, new HashSet<DateOnly> { new(2026, 11, 26) });

    [Fact]
    public void BusinessTimeBetween_FridayToMonday_SkipsTheWeekend()
    {
        var friday = new DateTimeOffset(2026, 11, 20, 20, 0, 0, TimeSpan.FromHours(-5));
        var monday = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(TimeSpan.FromHours(10), Calendar.BusinessTimeBetween(friday, monday, Some.NewYork));
    }

    [Fact]
    public void BusinessTimeBetween_OverAHoliday_SkipsIt()
    {
        var wednesday = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.FromHours(-5));
        var friday = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(TimeSpan.FromHours(24), Calendar.BusinessTimeBetween(wednesday, friday, Some.NewYork));
    }

    [Fact]
    public void BusinessTimeBetween_AcrossDstFallBack_CountsTheRealHours()
    {
        // Sunday 1 Nov 2026 is 25 hours long in New York; with a calendar that works Sundays, all 25 count.
        var sevenDays = new BusinessCalendar(new HashSet<DayOfWeek>(), new HashSet<DateOnly>());
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(-4));
        var end = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(TimeSpan.FromHours(25), sevenDays.BusinessTimeBetween(start, end, Some.NewYork));
    }

    [Fact]
    public void BusinessTimeBetween_EndBeforeStart_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, Calendar.BusinessTimeBetween(Some.Deadline, Some.Deadline.AddHours(-3), Some.NewYork));
    }

    [Fact]
    public void For_CarrierWithOwnWeekend_KeepsDefaultHolidays()
    {
        var options = Some.DetectionOptions();
        options.Calendars["dhl"] = new CalendarOptions { WeekendDays = [DayOfWeek.Sunday] };
        var calendars = new BusinessCalendars(Options.Create(options));

        var dhl = calendars.For(CarrierCode.Dhl);
        var ups = calendars.For(CarrierCode.Ups);

        Assert.True(dhl.IsBusinessDay(new DateOnly(2026, 11, 21)));   // Saturday
        Assert.False(ups.IsBusinessDay(new DateOnly(2026, 11, 21)));
        Assert.False(dhl.IsBusinessDay(new DateOnly(2026, 11, 26)));  // Thanksgiving, from Default
    }

    [Theory]
    [InlineData("2026-11-26")]
    [InlineData("2027-11-25")]
    [InlineData("2028-11-23")]
    [InlineData("2027-05-31")]
    [InlineData("2029-01-01")]
    public void For_ShippedConfiguration_HolidaysOfLaterYearsAreNotBusinessDays(string day)
    {
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "Shipped", "appsettings.json")).Build()
            .GetSection(DetectionOptions.SectionName).Get<DetectionOptions>()!;
        var calendars = new BusinessCalendars(Options.Create(shipped));

        Assert.False(calendars.For(CarrierCode.Ups).IsBusinessDay(DateOnly.Parse(day, CultureInfo.InvariantCulture)));
    }

    private static BusinessCalendars Calendars(Action<DetectionOptions>? configure = null)
    {
        var options = new DetectionOptions
        {
            Calendars =
            {
                ["Default"] = new CalendarOptions { WeekendDays = [DayOfWeek.Saturday, DayOfWeek.Sunday], Country = "US" },
                ["dhl"] = new CalendarOptions { WeekendDays = [DayOfWeek.Sunday], Country = "DE" },
            },
        };
        configure?.Invoke(options);
        return new BusinessCalendars(Options.Create(options));
    }

    [Theory]
    [InlineData("2026-11-26")] // Thanksgiving: the fourth Thursday of November
    [InlineData("2027-11-25")]
    [InlineData("2028-11-23")]
    [InlineData("2026-05-25")] // Memorial Day: the last Monday of May
    [InlineData("2027-05-31")]
    [InlineData("2028-05-29")]
    [InlineData("2027-01-01")]
    [InlineData("2027-07-05")] // Independence Day on a Sunday, observed on the Monday
    [InlineData("2028-12-25")]
    public void For_UsRules_MovingAndFixedHolidaysOfEveryYearAreNotBusinessDays(string day)
    {
        Assert.False(Calendars().For(CarrierCode.Ups).IsBusinessDay(DateOnly.Parse(day, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2027-11-26")] // the Friday after Thanksgiving
    [InlineData("2028-05-30")] // the Tuesday after Memorial Day
    [InlineData("2027-03-29")] // Easter Monday is no US holiday
    public void For_UsRules_OrdinaryWeekdaysAreBusinessDays(string day)
    {
        Assert.True(Calendars().For(CarrierCode.Ups).IsBusinessDay(DateOnly.Parse(day, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("DE", "2026-04-06")] // Easter Monday
    [InlineData("DE", "2027-03-29")]
    [InlineData("DE", "2028-04-17")]
    [InlineData("DE", "2027-10-03")] // German Unity Day
    [InlineData("GB", "2026-04-06")]
    [InlineData("GB", "2027-03-29")]
    [InlineData("UK", "2028-04-17")]
    [InlineData("GB", "2027-08-30")] // Summer bank holiday: the last Monday of August
    public void For_DestinationCountry_ItsHolidaysCount(string country, string day)
    {
        var calendars = Calendars();
        var date = DateOnly.Parse(day, CultureInfo.InvariantCulture);

        Assert.False(calendars.For(CarrierCode.Ups, country).IsBusinessDay(date));
    }

    [Fact]
    public void For_NoOrUnknownDestinationCountry_TheCarriersCountryCounts()
    {
        var calendars = Calendars();
        var easterMonday2027 = new DateOnly(2027, 3, 29);

        Assert.False(calendars.For(CarrierCode.Dhl).IsBusinessDay(easterMonday2027));            // DHL's own country: DE
        Assert.False(calendars.For(CarrierCode.Dhl, null).IsBusinessDay(easterMonday2027));
        Assert.False(calendars.For(CarrierCode.Dhl, "XX").IsBusinessDay(easterMonday2027));
        Assert.True(calendars.For(CarrierCode.Ups).IsBusinessDay(easterMonday2027));             // Default: US
        Assert.True(calendars.For(CarrierCode.Dhl, "US").IsBusinessDay(easterMonday2027));       // going to the US
        Assert.True(calendars.For(CarrierCode.Dhl, "US").IsBusinessDay(new DateOnly(2027, 3, 27))); // DHL works Saturdays wherever it goes
    }

    [Fact]
    public void For_ConfiguredClosures_CountBesideTheCountrysRules()
    {
        var calendars = Calendars(o => o.Calendars["ups"] = new CalendarOptions { Holidays = [new DateOnly(2026, 12, 24)] });

        Assert.False(calendars.For(CarrierCode.Ups).IsBusinessDay(new DateOnly(2026, 12, 24)));  // UPS's own closure
        Assert.False(calendars.For(CarrierCode.Ups).IsBusinessDay(new DateOnly(2027, 11, 25)));  // Thanksgiving, from Default's country
        Assert.True(calendars.For(CarrierCode.Fedex).IsBusinessDay(new DateOnly(2026, 12, 24)));
    }

    [Fact]
    public void BusinessTimeBetween_OverThanksgiving2028_SkipsIt()
    {
        var wednesday = new DateTimeOffset(2028, 11, 22, 12, 0, 0, TimeSpan.FromHours(-5));
        var friday = new DateTimeOffset(2028, 11, 24, 12, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(TimeSpan.FromHours(24), Calendars().For(CarrierCode.Ups).BusinessTimeBetween(wednesday, friday, Some.NewYork));
    }
}
