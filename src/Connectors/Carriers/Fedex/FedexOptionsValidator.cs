using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Carriers.Fedex;

/// <summary>Checks an enabled FedEx connector and reports every problem at once; a disabled one needs nothing.</summary>
internal sealed class FedexOptionsValidator : IValidateOptions<FedexOptions>
{
    private const string Section = FedexOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, FedexOptions options)
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

        if (options.BaseUrl is not { IsAbsoluteUri: true })
        {
            failures.Add($"{Section}:BaseUrl must be an absolute URL");
        }

        if (options.MaxBatchSize is < 1 or > FedexOptions.MaxBatchSizeLimit)
        {
            failures.Add($"{Section}:MaxBatchSize must be between 1 and {FedexOptions.MaxBatchSizeLimit} (FedEx's limit per tracking call); it is {options.MaxBatchSize}");
        }

        if (!(options.RequestsPerSecond > 0))
        {
            failures.Add($"{Section}:RequestsPerSecond must be greater than 0");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
