using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Fedex;

/// <summary>
/// FedEx Track API v1 (OAuth2 client credentials). Bound from "Carriers:Fedex". The credentials are those of a FedEx
/// developer-portal project with the Track capability (Track may need its own project keys, separate from Ship/Rate).
/// </summary>
public sealed class FedexOptions : CarrierOptions
{
    public const string SectionName = "Carriers:Fedex";

    /// <summary>FedEx refuses a tracking call with more than 30 numbers (Track API, trackingInfo "Maximum limit is 30").</summary>
    public const int MaxBatchSizeLimit = 30;

    public FedexOptions()
    {
        // Production; the sandbox is https://apis-sandbox.fedex.com/.
        BaseUrl = new Uri("https://apis.fedex.com/");
        MaxBatchSize = MaxBatchSizeLimit;
    }

    /// <summary>The project's API key (OAuth client_id). Set it from the environment variable <c>Carriers__Fedex__ClientId</c>.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The project's secret key (OAuth client_secret). Set it only from the environment variable <c>Carriers__Fedex__ClientSecret</c>, never in a file.</summary>
    public string ClientSecret { get; set; } = "";
}
