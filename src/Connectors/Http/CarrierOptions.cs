using System.ComponentModel.DataAnnotations;

namespace RecoveryWorker.Connectors.Http;

/// <summary>What every carrier connector is configured with. Each carrier's options add its credentials.</summary>
public abstract class CarrierOptions : VendorHttpOptions
{
    /// <summary>Track this carrier. Only enabled carriers are validated, so an unused carrier needs no secrets.</summary>
    public bool Enabled { get; set; }

    /// <summary>Tracking numbers per call (UPS and DHL 1, FedEx up to 30, USPS up to 35).</summary>
    [Range(1, 100)]
    public int MaxBatchSize { get; set; } = 1;
}
