using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Dhl;

/// <summary>DHL Shipment Tracking - Unified (API key, one number per call). Bound from "Carriers:Dhl".</summary>
public sealed class DhlOptions : CarrierOptions
{
    public const string SectionName = "Carriers:Dhl";

    /// <summary>DHL tracks one number per call: the trackingNumber query parameter is a single string.</summary>
    public const int HardMaxBatchSize = 1;

    public DhlOptions()
    {
        BaseUrl = new Uri("https://api-eu.dhl.com/");
        MaxBatchSize = HardMaxBatchSize;
        // DHL's default (Starter) plan: 1 call per second and 250 calls per day, counted until 00:00 GMT. Raise both
        // after upgrading the app's rate limit on the DHL developer portal.
        RequestsPerSecond = 1;
        DailyQuota = 250;
    }

    /// <summary>
    /// The app's API key from the DHL developer portal, sent as the DHL-API-Key header. Secret: set it only through
    /// the environment variable <c>Carriers__Dhl__ApiKey</c>, never in a file.
    /// </summary>
    public string ApiKey { get; set; } = "";

    /// <summary>
    /// Optional hint of the DHL division that should resolve numbers (express, parcel-de, ecommerce, ...). Without it,
    /// DHL may answer with another division's shipment of the same number.
    /// </summary>
    public string? Service { get; set; }

    /// <summary>
    /// ISO 639-1 language of the event texts. English by default, because exception reasons are read from the
    /// English wording (DHL has no coded reasons).
    /// </summary>
    public string Language { get; set; } = "en";
}
