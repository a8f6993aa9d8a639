using System.Collections.Concurrent;
using PublicHoliday;

namespace RecoveryWorker.Domain;

/// <summary>
/// A country's public holidays by rule (moving feasts, observed days) from the PublicHoliday library, so no calendar
/// runs out at the end of a hand-kept list. Each year is worked out once.
/// </summary>
internal sealed class PublicHolidayRules
{
    private readonly IPublicHolidays _rules;
    private readonly ConcurrentDictionary<int, HashSet<DateOnly>> _years = new();

    private PublicHolidayRules(string country, IPublicHolidays rules)
    {
        Country = country;
        _rules = rules;
    }

    /// <summary>The ISO 3166-1 alpha-2 code the rules are for ("US", "DE", "GB").</summary>
    public string Country { get; }

    /// <summary>The rules for an ISO 3166-1 alpha-2 code ("UK" is taken for "GB"), or null when the library has none.</summary>
    public static PublicHolidayRules? For(string? country)
    {
        if (string.IsNullOrWhiteSpace(country))
        {
            return null;
        }

        var code = country.Trim().ToUpperInvariant() is "UK" ? "GB" : country.Trim().ToUpperInvariant();
        if (code.Length != 2 || !Enum.TryParse<PublicHolidayCountryCode>(code, ignoreCase: true, out var known) || !Enum.IsDefined(known))
        {
            return null;
        }

        return new PublicHolidayRules(code, PublicHolidayFactory.GetPublicHolidayForCountry(known));
    }

    public bool IsHoliday(DateOnly day) =>
        _years.GetOrAdd(day.Year, year => [.. _rules.PublicHolidays(year).Select(DateOnly.FromDateTime)]).Contains(day);
}
