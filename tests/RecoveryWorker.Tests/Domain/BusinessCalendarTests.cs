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
}
