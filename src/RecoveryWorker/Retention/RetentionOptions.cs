using System.ComponentModel.DataAnnotations;

namespace RecoveryWorker.Retention;

/// <summary>How long customers' personal data is kept once nothing needs it. Bound from "Retention".</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// Customer names and e-mails are erased this long after the shipment reached a final state (delivered, returned
    /// to sender, cancelled) and every case of it was resolved.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan CustomerData { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the retention job runs (on the sweep's Quartz scheduler: one replica at a time).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RunEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Rows changed per UPDATE statement: a million expired rows never sit in memory or in one transaction. Each batch
    /// looks for its rows afresh (about a second per 400,000 shipments on PostgreSQL), so batches are large.
    /// </summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 10_000;
}
