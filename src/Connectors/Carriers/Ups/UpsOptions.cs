using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>
/// The UPS Track API (REST, OAuth2 client credentials). Bound from "Carriers:Ups". UPS tracks one inquiry number per
/// call, so <see cref="CarrierOptions.MaxBatchSize"/> is 1 and cannot be raised.
/// </summary>
public sealed class UpsOptions : CarrierOptions
{
    public const string SectionName = "Carriers:Ups";

    /// <summary>UPS's hard limit: the Track API takes one inquiry number per request.</summary>
    public const int MaxInquiryNumbersPerCall = 1;

    /// <summary>Production defaults: https://onlinetools.ups.com/ (the token and tracking paths hang off the host).</summary>
    public UpsOptions()
    {
        BaseUrl = new Uri("https://onlinetools.ups.com/");
        MaxBatchSize = MaxInquiryNumbersPerCall;
    }

    /// <summary>
    /// The OAuth client id of the UPS developer app. Comes from the environment variable <c>Carriers__Ups__ClientId</c>.
    /// </summary>
    public string ClientId { get; set; } = "";

    /// <summary>
    /// The OAuth client secret of the UPS developer app. Comes only from the environment variable
    /// <c>Carriers__Ups__ClientSecret</c>, never from a file; it is never logged.
    /// </summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The <c>transactionSrc</c> header UPS asks every tracking call to carry: who is calling.</summary>
    public string TransactionSource { get; set; } = "RecoveryWorker";

    /// <summary>The <c>locale</c> of the descriptions UPS returns.</summary>
    public string Locale { get; set; } = "en_US";

    /// <summary>UPS Track Alert (push): "Carriers:Ups:TrackAlert".</summary>
    public UpsTrackAlertOptions TrackAlert { get; set; } = new();
}
