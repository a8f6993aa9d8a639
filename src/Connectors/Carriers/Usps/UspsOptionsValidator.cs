using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Usps;

/// <summary>Checks an enabled USPS connector: OAuth credentials, plus what every carrier needs.</summary>
internal sealed class UspsOptionsValidator() : CarrierOptionsValidator<UspsOptions>(UspsOptions.SectionName, UspsOptions.HardMaxBatchSize, "USPS")
{
    protected override void ValidateCarrier(UspsOptions options, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        Require(options.ClientId, nameof(options.ClientId), failures);
        Require(options.ClientSecret, nameof(options.ClientSecret), failures);
    }
}
