using System.ComponentModel.DataAnnotations;

namespace RecoveryWorker.Polling;

/// <summary>How often shipments are looked at. Bound from "Polling".</summary>
public sealed class PollingOptions
{
    public const string SectionName = "Polling";

    /// <summary>Run the Quartz sweep. Off only in tests that drive the sweep themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the sweep looks for due shipments and lost jobs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// PostgreSQL only: how often each replica's Quartz scheduler checks in with the cluster; a replica silent for
    /// twice this long is taken for dead and its sweep recovered by another.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Shipments claimed per statement; a sweep claims page after page until none is due, so its throughput follows
    /// the load rather than a fixed number per interval.
    /// </summary>
    [Range(1, 100_000)]
    public int SweepPageSize { get; set; } = 5_000;

    /// <summary>
    /// Shipments of one carrier per tracking job. The connector splits a job into API calls of the carrier's own
    /// size (UPS and DHL one number per call, FedEx 30, USPS 35) within its rate limiter.
    /// </summary>
    [Range(1, 10_000)]
    public int JobBatchSize { get; set; } = 250;

    /// <summary>How long an enqueued batch owns its shipments before the sweep assumes the job was lost.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "06:00:00")]
    public TimeSpan CheckLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A follow-up or ticket job this far past due with no live Hangfire job is re-created.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan LostJobGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Check interval while the deadline is more than <see cref="FarWindow"/> away.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan FarInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Check interval while the deadline is between <see cref="NearWindow"/> and <see cref="FarWindow"/> away.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Check interval inside <see cref="NearWindow"/> of the deadline.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan NearInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Check interval while a case is open, the carrier reports an exception, or the deadline has passed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TroubleInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Check interval while the carrier pushes the parcel's scans to us (UPS Track Alert): a safety net, not the way
    /// news arrives. The deadline and the moment a stall would begin are still checked exactly.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PushedInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often parcels due for a push subscription (new, or near the end of one) are subscribed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PushSubscribeInterval { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan NearWindow { get; set; } = TimeSpan.FromDays(1);

    [Range(typeof(TimeSpan), "00:00:01", "60.00:00:00")]
    public TimeSpan FarWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>After a failed check of one shipment (malformed answer, rejected), when to try that shipment again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromMinutes(15);
}
