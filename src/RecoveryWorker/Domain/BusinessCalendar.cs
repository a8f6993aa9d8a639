namespace RecoveryWorker.Domain;

/// <summary>
/// Which days a carrier works. A parcel that sits still over a Sunday or a public holiday is not stalled, so
/// "business hours" are the hours of working days (carriers sort around the clock on those days). Holidays are a
/// country's public holidays by rule, plus the carrier's own closures as configured dates.
/// </summary>
internal sealed class BusinessCalendar(IReadOnlySet<DayOfWeek> weekendDays, IReadOnlySet<DateOnly> closures, PublicHolidayRules? country = null)
{
    public IReadOnlySet<DayOfWeek> WeekendDays { get; } = weekendDays;

    /// <summary>The country whose public holidays count, null when only the configured closures do.</summary>
    public string? Country => country?.Country;

    public bool IsBusinessDay(DateOnly day) =>
        !WeekendDays.Contains(day.DayOfWeek) && !closures.Contains(day) && country?.IsHoliday(day) != true;

    /// <summary>
    /// The time between two instants that falls on business days, with days read in <paramref name="zone"/>.
    /// Days are cut at local midnight as real instants, so a 23- or 25-hour DST day counts as long as it is.
    /// </summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime);
        for (; day <= lastDay; day = day.AddDays(1))
        {
            if (!IsBusinessDay(day))
            {
                continue;
            }

            var start = Max(StartOfDay(day, zone), from);
            var end = Min(StartOfDay(day.AddDays(1), zone), to);
            if (end > start)
            {
                total += end - start;
            }
        }

        return total;
    }

    /// <summary>
    /// The instant at which <paramref name="span"/> of business time has passed since <paramref name="from"/> (the
    /// inverse of <see cref="BusinessTimeBetween"/>); null when that is more than a year of days away.
    /// </summary>
    public DateTimeOffset? AfterBusinessTime(DateTimeOffset from, TimeSpan span, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var remaining = span;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        for (var i = 0; i < 366; i++, day = day.AddDays(1))
        {
            if (!IsBusinessDay(day))
            {
                continue;
            }

            var start = Max(StartOfDay(day, zone), from);
            var end = StartOfDay(day.AddDays(1), zone);
            if (end <= start)
            {
                continue;
            }

            if (end - start >= remaining)
            {
                return start + remaining;
            }

            remaining -= end - start;
        }

        return null;
    }

    private static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone) =>
        Connectors.Abstractions.CarrierTimestamp.FromWallClock(day.ToDateTime(TimeOnly.MinValue)).ToInstant(zone);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
