using System.Globalization;

namespace RecoveryWorker.Tickets;

/// <summary>
/// "2 days", "5 hours", "3 Tage": how long, the way a person says it. Kept in code rather than templates because
/// every template needs it and plural rules are easy to get wrong in Liquid.
/// </summary>
internal static class DurationText
{
    private sealed record Units(string Minute, string Minutes, string Hour, string Hours, string Day, string Days);

    private static readonly Dictionary<string, Units> ByLanguage = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = new("minute", "minutes", "hour", "hours", "day", "days"),
        ["de"] = new("Minute", "Minuten", "Stunde", "Stunden", "Tag", "Tage"),
        ["es"] = new("minuto", "minutos", "hora", "horas", "día", "días"),
    };

    public static string Format(TimeSpan duration, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var units = ByLanguage.GetValueOrDefault(culture.TwoLetterISOLanguageName) ?? ByLanguage["en"];
        duration = duration.Duration();

        // Past two days, hours are noise; under an hour, minutes matter (one minute late is still late).
        if (duration >= TimeSpan.FromDays(2))
        {
            return Count((int)Math.Round(duration.TotalDays, MidpointRounding.AwayFromZero), units.Day, units.Days, culture);
        }

        if (duration >= TimeSpan.FromHours(1))
        {
            return Count((int)Math.Round(duration.TotalHours, MidpointRounding.AwayFromZero), units.Hour, units.Hours, culture);
        }

        return Count(Math.Max(1, (int)Math.Round(duration.TotalMinutes, MidpointRounding.AwayFromZero)), units.Minute, units.Minutes, culture);
    }

    private static string Count(int n, string one, string many, CultureInfo culture) =>
        string.Create(culture, $"{n} {(n == 1 ? one : many)}");
}
