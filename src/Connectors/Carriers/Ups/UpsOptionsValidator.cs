using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>
/// Checks an enabled UPS connector and reports every problem at once, each named by its full configuration key.
/// A disabled connector is not checked, so an unused carrier needs no secrets.
/// </summary>
internal sealed class UpsOptionsValidator : IValidateOptions<UpsOptions>
{
    private const string Section = UpsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, UpsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{Section}:ClientId is required when {Section}:Enabled is true (set Carriers__Ups__ClientId)");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{Section}:ClientSecret is required when {Section}:Enabled is true (set Carriers__Ups__ClientSecret)");
        }

        if (options.BaseUrl is not { IsAbsoluteUri: true })
        {
            failures.Add($"{Section}:BaseUrl must be an absolute URL");
        }

        if (options.MaxBatchSize is < 1 or > UpsOptions.MaxInquiryNumbersPerCall)
        {
            failures.Add($"{Section}:MaxBatchSize must be 1: the UPS Track API takes one inquiry number per call (got {options.MaxBatchSize})");
        }

        if (!(options.RequestsPerSecond > 0))
        {
            failures.Add($"{Section}:RequestsPerSecond must be greater than 0 (got {options.RequestsPerSecond})");
        }

        if (options.DailyQuota < 0)
        {
            failures.Add($"{Section}:DailyQuota must be 0 (no quota) or more (got {options.DailyQuota})");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:Timeout must be positive (got {options.Timeout})");
        }

        if (options.MaxRetryAfterWait < TimeSpan.Zero)
        {
            failures.Add($"{Section}:MaxRetryAfterWait must not be negative (got {options.MaxRetryAfterWait})");
        }

        if (string.IsNullOrWhiteSpace(options.TransactionSource) || options.TransactionSource.Length > 512)
        {
            failures.Add($"{Section}:TransactionSource is required (the transactionSrc header), at most 512 characters");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
