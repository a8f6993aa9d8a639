using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Usps;

/// <summary>
/// USPS Tracking 3.2 (v3r2, batch) with OAuth 2.0 client credentials. Bound from "Carriers:Usps". USPS grants about
/// 60 calls an hour per application by default (token calls included), so keep <see cref="CarrierOptions.MaxBatchSize"/> at 35 and
/// set <see cref="VendorHttpOptions.DailyQuota"/> to the quota USPS granted the application.
/// </summary>
public sealed class UspsOptions : CarrierOptions
{
    public const string SectionName = "Carriers:Usps";

    /// <summary>USPS refuses a tracking request with more than 35 numbers.</summary>
    public const int HardMaxBatchSize = 35;

    public UspsOptions()
    {
        BaseUrl = new Uri("https://apis.usps.com/");
        MaxBatchSize = HardMaxBatchSize;
    }

    /// <summary>
    /// The app's Consumer Key from the USPS developer portal; the app needs Tracking API access. Set it through the
    /// environment variable <c>Carriers__Usps__ClientId</c>.
    /// </summary>
    public string ClientId { get; set; } = "";

    /// <summary>
    /// The app's Consumer Secret from the USPS developer portal. Only from the environment variable
    /// <c>Carriers__Usps__ClientSecret</c>, never from a file.
    /// </summary>
    public string ClientSecret { get; set; } = "";
}
