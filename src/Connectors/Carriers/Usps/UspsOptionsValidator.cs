using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Carriers.Usps;

/// <summary>Checks an enabled USPS section and reports every problem at once; a disabled one needs nothing.</summary>
internal sealed class UspsOptionsValidator : IValidateOptions<UspsOptions>
{
    private const string Section = UspsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, UspsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{Section}:ClientId is required when {Section}:Enabled is true");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{Section}:ClientSecret is required when {Section}:Enabled is true");
        }

        if (options.BaseUrl is null || !options.BaseUrl.IsAbsoluteUri)
        {
            failures.Add($"{Section}:BaseUrl must be an absolute URL");
        }

        if (options.MaxBatchSize is < 1 or > UspsOptions.HardMaxBatchSize)
        {
            failures.Add($"{Section}:MaxBatchSize must be between 1 and {UspsOptions.HardMaxBatchSize} (USPS takes at most {UspsOptions.HardMaxBatchSize} numbers per call); it is {options.MaxBatchSize}");
        }

        if (options.RequestsPerSecond <= 0)
        {
            failures.Add($"{Section}:RequestsPerSecond must be greater than 0");
        }

        if (options.DailyQuota < 0)
        {
            failures.Add($"{Section}:DailyQuota must be 0 (no quota) or more");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:Timeout must be positive");
        }

        if (options.MaxRetryAfterWait < TimeSpan.Zero)
        {
            failures.Add($"{Section}:MaxRetryAfterWait must not be negative");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
