using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Dhl;

/// <summary>Checks an enabled DHL connector: the API key and the response language, plus what every carrier needs.</summary>
internal sealed class DhlOptionsValidator() : CarrierOptionsValidator<DhlOptions>(DhlOptions.SectionName, DhlOptions.HardMaxBatchSize, "DHL")
{
    protected override void ValidateCarrier(DhlOptions options, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(failures);
        Require(options.ApiKey, nameof(options.ApiKey), failures);
        if (string.IsNullOrWhiteSpace(options.Language) || options.Language.Length != 2 || !options.Language.All(char.IsAsciiLetter))
        {
            failures.Add($"{Section}:Language must be a two-letter ISO 639-1 code");
        }
    }
}
