using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Domain.Claims;

/// <summary>Every failure of every carrier's terms at once, so one restart fixes them all.</summary>
internal sealed class ClaimOptionsValidator : IValidateOptions<ClaimOptions>
{
    public ValidateOptionsResult Validate(string? name, ClaimOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (carrier, terms) in options.Carriers)
        {
            var prefix = $"{ClaimOptions.SectionName}:{carrier}";
            if (!CarrierCodes.TryParse(carrier, out _))
            {
                failures.Add($"{prefix} is not a carrier (ups, fedex, usps, dhl, sandbox).");
            }

            if (terms.FileWithin < TimeSpan.FromDays(1) || terms.FileWithin > TimeSpan.FromDays(365))
            {
                failures.Add($"{prefix}:FileWithin ({terms.FileWithin}) must be 1 to 365 days.");
            }

            for (var i = 0; i < terms.Suspensions.Count; i++)
            {
                var suspension = terms.Suspensions[i];
                if (suspension.From == default || suspension.To == default)
                {
                    failures.Add($"{prefix}:Suspensions:{i} needs both From and To (yyyy-MM-dd).");
                }
                else if (suspension.To < suspension.From)
                {
                    failures.Add($"{prefix}:Suspensions:{i}:To ({suspension.To:yyyy-MM-dd}) is before its From ({suspension.From:yyyy-MM-dd}).");
                }

                if (suspension.Services.Any(string.IsNullOrWhiteSpace))
                {
                    failures.Add($"{prefix}:Suspensions:{i}:Services has an empty service code.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
