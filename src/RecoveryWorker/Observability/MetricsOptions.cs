using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RecoveryWorker.Observability;

/// <summary>The <c>/metrics</c> endpoint. Bound from "Metrics".</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Let anyone read <c>/metrics</c> (a scraper on a private network without an API key). Off by default: a caller
    /// needs an API key with the <c>metrics:read</c> scope.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>How long one reading of the store (shipments watched, writes owed, follow-ups due) serves the gauges.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StoreReadingsFor { get; set; } = TimeSpan.FromSeconds(5);
}

[OptionsValidator]
internal sealed partial class MetricsOptionsValidator : IValidateOptions<MetricsOptions>;
