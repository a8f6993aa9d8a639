namespace RecoveryWorker.Connectors.Abstractions;

/// <summary>One scan or status change reported by a carrier.</summary>
/// <param name="At">When it happened, as the carrier reported it.</param>
/// <param name="Status">The normalized status this event puts the parcel in.</param>
/// <param name="Reason">Why, when <paramref name="Status"/> is <see cref="TrackingStatus.Exception"/> (or the carrier gave a reason anyway).</param>
/// <param name="CarrierCode">The carrier's own status or event code, kept for agents and audits.</param>
/// <param name="Description">The carrier's wording.</param>
/// <param name="Location">Where, as the carrier wrote it (city, region, country); null when not given.</param>
public sealed record TrackingEvent(
    CarrierTimestamp At,
    TrackingStatus Status,
    ExceptionReason? Reason,
    string? CarrierCode,
    string Description,
    string? Location);
