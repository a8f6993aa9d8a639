using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Domain;

/// <summary>The working calendar of each carrier, from "Detection:Calendars", each built once.</summary>
internal sealed class BusinessCalendars
{
    public const string DefaultKey = "Default";

    private static readonly DayOfWeek[] DefaultWeekend = [DayOfWeek.Saturday, DayOfWeek.Sunday];

    private readonly Dictionary<CarrierCode, BusinessCalendar> _byCarrier;

    public BusinessCalendars(IOptions<DetectionOptions> options)
    {
        var calendars = options.Value.Calendars;
        calendars.TryGetValue(DefaultKey, out var fallback);
        _byCarrier = Enum.GetValues<CarrierCode>().ToDictionary(
            carrier => carrier,
            carrier =>
            {
                calendars.TryGetValue(carrier.ToWireName(), out var own);
                var weekend = own?.WeekendDays ?? fallback?.WeekendDays ?? [.. DefaultWeekend];
                var holidays = own?.Holidays ?? fallback?.Holidays ?? [];
                return new BusinessCalendar(weekend.ToHashSet(), holidays.ToHashSet());
            });
    }

    public BusinessCalendar For(CarrierCode carrier) => _byCarrier[carrier];
}
