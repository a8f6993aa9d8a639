using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Sandbox;

/// <summary>One parcel in the tracking file, keyed by its tracking number. Times stay text until the parser checks them.</summary>
internal sealed record SandboxParcelJson
{
    public string? Service { get; init; }

    /// <summary>"2026-05-04" (a day) or an ISO-8601 time (the end of a window).</summary>
    public string? EstimatedDelivery { get; init; }

    public string? Commitment { get; init; }

    public bool CarrierReportsDelay { get; init; }

    /// <summary>Makes every call for this number fail this way, to demo and test retries.</summary>
    public SandboxFailure? Failure { get; init; }

    public required IReadOnlyList<SandboxEventJson?> Events { get; init; }
}

internal sealed record SandboxEventJson
{
    public required string At { get; init; }

    public required TrackingStatus Status { get; init; }

    public ExceptionReason? Reason { get; init; }

    public string? Description { get; init; }

    public string? Location { get; init; }
}

internal enum SandboxFailure
{
    Transient,
    RateLimited,
    Unauthorized,
    Malformed,
}

/// <summary>A parcel from the tracking file, checked and converted. Events keep the file's order, visible or not.</summary>
internal sealed record SandboxParcel(
    string? Service,
    DeliveryEstimate? EstimatedDelivery,
    CarrierTimestamp? Commitment,
    bool CarrierReportsDelay,
    SandboxFailure? Failure,
    IReadOnlyList<TrackingEvent> Events);
