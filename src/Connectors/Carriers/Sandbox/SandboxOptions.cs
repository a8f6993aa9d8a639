using System.ComponentModel.DataAnnotations;

namespace RecoveryWorker.Connectors.Carriers.Sandbox;

/// <summary>The sandbox carrier: tracking read from a local JSON file, for demos and tests. Bound from "Carriers:Sandbox".</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Carriers:Sandbox";

    /// <summary>
    /// Whether "sandbox" is a carrier at all. Unset, it is on in the Development environment only; elsewhere a
    /// shipment with carrier "sandbox" is refused like any unknown carrier unless this is true.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// The JSON file holding the sandbox parcels, re-read whenever it changes. A relative path resolves against the
    /// current directory (where <c>dotnet run</c> or the container starts), not the binaries folder, so a data file
    /// next to the project or mounted into the working directory is found. A missing file means no parcel is known.
    /// </summary>
    [Required]
    public string TrackingFile { get; set; } = "sandbox-tracking.json";

    /// <summary>The most tracking numbers one call may carry.</summary>
    [Range(1, 500)]
    public int MaxBatchSize { get; set; } = 50;
}
