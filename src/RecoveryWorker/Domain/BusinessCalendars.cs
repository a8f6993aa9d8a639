using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Domain;

/// <summary>
/// The working calendar of each carrier, from "Detection:Calendars": weekend days and the carrier's own closures
/// (falling back to Default's), and the public holidays of a country, by rule. The destination country chooses the
/// holidays when it is known; otherwise the carrier's configured Country (or Default's) does.
/// </summary>
internal sealed class BusinessCalendars
{
    public const string DefaultKey = "Default";

    private static readonly DayOfWeek[] DefaultWeekend = [DayOfWeek.Saturday, DayOfWeek.Sunday];

    private readonly Dictionary<CarrierCode, (HashSet<DayOfWeek> Weekend, HashSet<DateOnly> Closures, string? Country)> _byCarrier;
    private readonly ConcurrentDictionary<(CarrierCode Carrier, string? Country), BusinessCalendar> _built = new();
    private readonly ConcurrentDictionary<CarrierCode, BusinessCalendar> _byCarrierOnly = new();
    private readonly ConcurrentDictionary<string, PublicHolidayRules?> _rules = new(StringComparer.OrdinalIgnoreCase);

    public BusinessCalendars(IOptions<DetectionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var calendars = options.Value.Calendars;
        calendars.TryGetValue(DefaultKey, out var fallback);
        _byCarrier = Enum.GetValues<CarrierCode>().ToDictionary(
            carrier => carrier,
            carrier =>
            {
                calendars.TryGetValue(carrier.ToWireName(), out var own);
                var weekend = own?.WeekendDays ?? fallback?.WeekendDays ?? [.. DefaultWeekend];
                var closures = own?.Holidays ?? fallback?.Holidays ?? [];
                return (weekend.ToHashSet(), closures.ToHashSet(), own?.Country ?? fallback?.Country);
            });
    }

    /// <summary>The carrier's calendar with its configured country's holidays.</summary>
    public BusinessCalendar For(CarrierCode carrier) => _byCarrierOnly.GetOrAdd(carrier, c => For(c, destinationCountry: null));

    /// <summary>
    /// The carrier's calendar with the public holidays of <paramref name="destinationCountry"/> (ISO 3166-1 alpha-2)
    /// when it is given and has rules; else those of the carrier's configured country.
    /// </summary>
    public BusinessCalendar For(CarrierCode carrier, string? destinationCountry)
    {
        var (weekend, closures, configured) = _byCarrier[carrier];
        var rules = Rules(destinationCountry) ?? Rules(configured);
        return _built.GetOrAdd((carrier, rules?.Country), _ => new BusinessCalendar(weekend, closures, rules));
    }

    private PublicHolidayRules? Rules(string? country) =>
        string.IsNullOrWhiteSpace(country) ? null : _rules.GetOrAdd(country.Trim(), PublicHolidayRules.For);
}
