using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Fedex;

/// <summary>Checks an enabled FedEx connector: OAuth credentials, plus what every carrier needs.</summary>
internal sealed class FedexOptionsValidator() : CarrierOptionsValidator<FedexOptions>(FedexOptions.SectionName, FedexOptions.MaxBatchSizeLimit, "FedEx")
{
    protected override void ValidateCarrier(FedexOptions options, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        Require(options.ClientId, nameof(options.ClientId), failures);
        Require(options.ClientSecret, nameof(options.ClientSecret), failures);
    }
}
