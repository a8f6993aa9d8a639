using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Carriers.Dhl;

/// <summary>Checks an enabled DHL connector completely, reporting every problem at once; a disabled one needs nothing.</summary>
internal sealed class DhlOptionsValidator : IValidateOptions<DhlOptions>
{
    public ValidateOptionsResult Validate(string? name, DhlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{DhlOptions.SectionName}:ApiKey is required when {DhlOptions.SectionName}:Enabled is true");
        }

        if (options.BaseUrl is not { IsAbsoluteUri: true })
        {
            failures.Add($"{DhlOptions.SectionName}:BaseUrl must be an absolute URL");
        }

        if (options.MaxBatchSize is < 1 or > DhlOptions.HardMaxBatchSize)
        {
            failures.Add($"{DhlOptions.SectionName}:MaxBatchSize must be {DhlOptions.HardMaxBatchSize}: DHL tracks one number per call");
        }

        if (options.RequestsPerSecond <= 0)
        {
            failures.Add($"{DhlOptions.SectionName}:RequestsPerSecond must be greater than 0");
        }

        if (options.DailyQuota < 0)
        {
            failures.Add($"{DhlOptions.SectionName}:DailyQuota must be 0 (no quota) or more");
        }

        if (string.IsNullOrWhiteSpace(options.Language) || options.Language.Length != 2 || !options.Language.All(char.IsAsciiLetter))
        {
            failures.Add($"{DhlOptions.SectionName}:Language must be a two-letter ISO 639-1 code");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
