using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Domain;

[OptionsValidator]
internal sealed partial class DetectionOptionsRangeValidator : IValidateOptions<DetectionOptions>;

/// <summary>Rules that span fields or keys: every failure is reported at once, so one restart fixes them all.</summary>
internal sealed class DetectionOptionsValidator : IValidateOptions<DetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.CriticalLateness < options.MajorLateness)
        {
            failures.Add($"Detection:CriticalLateness ({options.CriticalLateness}) must not be shorter than Detection:MajorLateness ({options.MajorLateness}).");
        }

        foreach (var (key, calendar) in options.Calendars)
        {
            if (!string.Equals(key, BusinessCalendars.DefaultKey, StringComparison.OrdinalIgnoreCase) && !CarrierCodes.TryParse(key, out _))
            {
                failures.Add($"Detection:Calendars:{key} is neither 'Default' nor a carrier (ups, fedex, usps, dhl, sandbox).");
            }

            if (calendar.Country is { } country && PublicHolidayRules.For(country) is null)
            {
                failures.Add($"Detection:Calendars:{key}:Country '{country}' has no public holiday rules; use an ISO 3166-1 alpha-2 code such as US, DE or GB.");
            }

            if (calendar.WeekendDays is { Count: 7 })
            {
                failures.Add($"Detection:Calendars:{key}:WeekendDays names every day of the week; nothing could ever count as stalled.");
            }
        }

        foreach (var (code, service) in options.Services)
        {
            foreach (var carrier in service.Carriers.Keys.Where(c => !CarrierCodes.TryParse(c, out _)))
            {
                failures.Add($"Detection:Services:{code}:Carriers:{carrier} is not a carrier (ups, fedex, usps, dhl, sandbox).");
            }

            if (service.TransitDays is < 0 or > 60)
            {
                failures.Add($"Detection:Services:{code}:TransitDays must be 0 to 60 business days; it is {service.TransitDays}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
