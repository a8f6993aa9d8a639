using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>Checks an enabled UPS connector: OAuth credentials and the transactionSrc header, plus what every carrier needs.</summary>
internal sealed class UpsOptionsValidator() : CarrierOptionsValidator<UpsOptions>(UpsOptions.SectionName, UpsOptions.MaxInquiryNumbersPerCall, "UPS")
{
    protected override void ValidateCarrier(UpsOptions options, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        Require(options.ClientId, nameof(options.ClientId), failures);
        Require(options.ClientSecret, nameof(options.ClientSecret), failures);
        if (string.IsNullOrWhiteSpace(options.TransactionSource) || options.TransactionSource.Length > 512)
        {
            failures.Add($"{Section}:TransactionSource is required (the transactionSrc header), at most 512 characters");
        }
    }
}
