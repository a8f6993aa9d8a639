using System.ComponentModel.DataAnnotations;

namespace RecoveryWorker.Connectors.Http;

/// <summary>What every carrier connector is configured with. Each carrier's options add its credentials.</summary>
public abstract class CarrierOptions
{
    /// <summary>Track this carrier. Only enabled carriers are validated, so an unused carrier needs no secrets.</summary>
    public bool Enabled { get; set; }

    /// <summary>The API root; the official production host by default, so tests and sandboxes can point elsewhere.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = null!;

    /// <summary>Tracking numbers per call (UPS and DHL 1, FedEx up to 30, USPS up to 35).</summary>
    [Range(1, 100)]
    public int MaxBatchSize { get; set; } = 1;

    /// <summary>Calls per second this process makes to the carrier, token and retry calls included.</summary>
    [Range(0.01, 1000.0)]
    public double RequestsPerSecond { get; set; } = 5;

    /// <summary>Calls per UTC day; past it, calls answer RateLimited until midnight UTC. 0 means no quota.</summary>
    [Range(0, int.MaxValue)]
    public int DailyQuota { get; set; }

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After a 429, how long a call may wait for Retry-After before it answers RateLimited instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromSeconds(10);
}
