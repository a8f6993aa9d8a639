using System.Globalization;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Domain;

/// <summary>A promise worked out from the service, and how, in words a support lead can check.</summary>
internal sealed record ComputedPromise(DateTimeOffset PromisedBy, string Basis);

/// <summary>
/// The promise of a shipment that came without one: the ship day, then the service's transit days counted on the
/// carrier's business calendar with the destination country's public holidays, delivered by the service's local
/// time on the last of them. A ship day that is not a business day does not count; the parcel leaves on the next one.
/// </summary>
internal sealed class PromiseCalculator(ServiceCatalog catalog, BusinessCalendars calendars)
{
    /// <summary>The computed promise, or null with <paramref name="problem"/> saying why it cannot be worked out.</summary>
    public ComputedPromise? Compute(CarrierCode carrier, string service, DateTimeOffset shippedAt, TimeZoneInfo zone, string? destinationCountry, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (catalog.Find(service) is not { TransitDays: { } transitDays } definition)
        {
            problem = $"is required: the service '{service}' has no TransitDays in Detection:Services to work a promise out from";
            return null;
        }

        var calendar = calendars.For(carrier, destinationCountry);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(shippedAt, zone).DateTime);
        var shipDay = day;
        for (var guard = 0; !calendar.IsBusinessDay(shipDay) && guard < 30; guard++)
        {
            shipDay = shipDay.AddDays(1);
        }

        var last = shipDay;
        for (var counted = 0; counted < transitDays;)
        {
            last = last.AddDays(1);
            if (calendar.IsBusinessDay(last))
            {
                counted++;
            }
        }

        var local = last.ToDateTime(definition.DeliverBy);
        var promisedBy = new DateTimeOffset(local, zone.GetUtcOffset(local));
        var holidays = calendar.Country is { } country ? $"{country} public holidays" : "no public holidays";
        problem = null;
        return new ComputedPromise(promisedBy, string.Create(CultureInfo.InvariantCulture,
            $"{transitDays} business day(s) of '{service}' after the ship day {shipDay:yyyy-MM-dd}, by {definition.DeliverBy:HH\\:mm} {zone.Id} on {last:yyyy-MM-dd} ({carrier.ToWireName()} calendar, {holidays})"));
    }
}
