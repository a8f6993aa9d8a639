using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Http;

/// <summary>
/// The checks every enabled carrier shares, each failure named by its full configuration key and all reported at
/// once. A disabled carrier is not checked, so an unused carrier needs no secrets. Each carrier adds its own
/// credentials (and anything else) in <see cref="ValidateCarrier"/>.
/// </summary>
internal abstract class CarrierOptionsValidator<TOptions>(string section, int maxBatchSizeLimit, string carrierName) : IValidateOptions<TOptions>
    where TOptions : CarrierOptions
{
    protected string Section { get; } = section;

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        ValidateCarrier(options, failures);
        if (options.BaseUrl is not { IsAbsoluteUri: true })
        {
            failures.Add($"{Section}:BaseUrl must be an absolute URL");
        }

        if (options.MaxBatchSize < 1 || options.MaxBatchSize > maxBatchSizeLimit)
        {
            failures.Add($"{Section}:MaxBatchSize must be between 1 and {maxBatchSizeLimit} ({carrierName} takes at most {maxBatchSizeLimit} per tracking call); it is {options.MaxBatchSize}");
        }

        options.ValidateLimits(Section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The carrier's own checks: its credentials first.</summary>
    protected abstract void ValidateCarrier(TOptions options, List<string> failures);

    /// <summary>A secret or setting an enabled carrier cannot work without.</summary>
    protected void Require(string? value, string key, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Section}:{key} is required when {Section}:Enabled is true");
        }
    }
}
