using System.ComponentModel.DataAnnotations;

namespace RecoveryWorker.Connectors.Http;

/// <summary>What every vendor connection (carrier or helpdesk) is configured with, besides its credentials.</summary>
public abstract class VendorHttpOptions
{
    /// <summary>The API root; the official production host by default for carriers, so tests and sandboxes can point elsewhere.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = null!;

    /// <summary>Calls per second this process makes to the vendor, token and retry calls included.</summary>
    [Range(0.01, 1000.0)]
    public double RequestsPerSecond { get; set; } = 5;

    /// <summary>Calls per UTC day; past it, calls answer RateLimited until midnight UTC. 0 means no quota.</summary>
    [Range(0, int.MaxValue)]
    public int DailyQuota { get; set; }

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After a 429, how long a call may wait for Retry-After before it answers RateLimited instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The checks every vendor connection shares, each failure named by its full key under <paramref name="section"/>.
    /// Each connector's validator adds its own (credentials, BaseUrl rules, batch sizes).
    /// </summary>
    internal void ValidateLimits(string section, List<string> failures)
    {
        if (!(RequestsPerSecond > 0))
        {
            failures.Add($"{section}:RequestsPerSecond must be greater than 0 (got {RequestsPerSecond})");
        }

        if (DailyQuota < 0)
        {
            failures.Add($"{section}:DailyQuota must be 0 (no quota) or more (got {DailyQuota})");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:Timeout must be positive (got {Timeout})");
        }

        if (MaxRetryAfterWait < TimeSpan.Zero)
        {
            failures.Add($"{section}:MaxRetryAfterWait must not be negative (got {MaxRetryAfterWait})");
        }
    }
}
