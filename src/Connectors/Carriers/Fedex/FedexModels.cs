using System.Text.Json.Serialization;

namespace RecoveryWorker.Connectors.Carriers.Fedex;

// Shapes of the FedEx Track API v1 JSON (carrier-fedex-track-api-openapi.json), reduced to the fields we read.
// Everything is nullable: FedEx omits fields freely and often sends "" instead of leaving them out.

/// <summary>POST /oauth/token answer.</summary>
internal sealed record FedexTokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    /// <summary>Seconds; about an hour.</summary>
    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; init; }
}

/// <summary>POST /track/v1/trackingnumbers body (Full_Schema_Tracking_Numbers).</summary>
internal sealed record FedexTrackRequest(bool IncludeDetailedScans, IReadOnlyList<FedexTrackingInfo> TrackingInfo);

internal sealed record FedexTrackingInfo(FedexTrackingNumberInfo TrackingNumberInfo);

internal sealed record FedexTrackingNumberInfo(string TrackingNumber);

/// <summary>A request-level failure: { transactionId, errors: [ { code, message } ] }.</summary>
internal sealed record FedexErrorResponse
{
    public string? TransactionId { get; init; }

    public IReadOnlyList<FedexError?>? Errors { get; init; }
}

internal sealed record FedexError
{
    public string? Code { get; init; }

    public string? Message { get; init; }
}

/// <summary>output.completeTrackResults[]: one per number asked; several trackResults when FedEx reused the number.</summary>
internal sealed record FedexCompleteTrackResult
{
    public string? TrackingNumber { get; init; }

    public IReadOnlyList<FedexTrackResult?>? TrackResults { get; init; }
}

internal sealed record FedexTrackResult
{
    public FedexTrackingNumberInfoAnswer? TrackingNumberInfo { get; init; }

    /// <summary>A per-number error inside the HTTP 200, e.g. TRACKING.TRACKINGNUMBER.NOTFOUND.</summary>
    public FedexError? Error { get; init; }

    public FedexStatusDetail? LatestStatusDetail { get; init; }

    /// <summary>Newest first, as FedEx sends them.</summary>
    public IReadOnlyList<FedexScanEvent?>? ScanEvents { get; init; }

    public IReadOnlyList<FedexDateAndTime?>? DateAndTimes { get; init; }

    /// <summary>The current ETA; often <c>{"window":{}}</c>.</summary>
    public FedexTimeWindow? EstimatedDeliveryTimeWindow { get; init; }

    /// <summary>The service-standard window for the service bought.</summary>
    public FedexTimeWindow? StandardTransitTimeWindow { get; init; }

    public FedexServiceDetail? ServiceDetail { get; init; }
}

internal sealed record FedexTrackingNumberInfoAnswer
{
    public string? TrackingNumber { get; init; }

    public string? CarrierCode { get; init; }

    public string? TrackingNumberUniqueId { get; init; }
}

internal sealed record FedexStatusDetail
{
    public string? Code { get; init; }

    /// <summary>FedEx's own summary; may differ from <see cref="Code"/>, e.g. "RL" (Running Late) while Code is "FD".</summary>
    public string? DerivedCode { get; init; }

    public string? StatusByLocale { get; init; }

    public string? Description { get; init; }

    public FedexLocation? ScanLocation { get; init; }

    public IReadOnlyList<FedexAncillaryDetail?>? AncillaryDetails { get; init; }

    public FedexDelayDetail? DelayDetail { get; init; }
}

internal sealed record FedexAncillaryDetail
{
    public string? Reason { get; init; }

    public string? ReasonDescription { get; init; }
}

internal sealed record FedexDelayDetail
{
    /// <summary>WEATHER, GENERAL, ...</summary>
    public string? Type { get; init; }

    public string? SubType { get; init; }

    /// <summary>EARLY, ON_TIME or DELAYED.</summary>
    public string? Status { get; init; }
}

internal sealed record FedexScanEvent
{
    /// <summary>ISO-8601, normally with an offset ("2024-04-26T09:26:00-07:00"); some real answers omit it.</summary>
    public string? Date { get; init; }

    public string? EventType { get; init; }

    public string? EventDescription { get; init; }

    public string? DerivedStatusCode { get; init; }

    public string? DerivedStatus { get; init; }

    public string? ExceptionCode { get; init; }

    public string? ExceptionDescription { get; init; }

    public FedexLocation? ScanLocation { get; init; }

    public FedexDelayDetail? DelayDetail { get; init; }
}

/// <summary>An address; only the coarse parts are read (street lines and postal codes are never kept or logged).</summary>
internal sealed record FedexLocation
{
    public string? City { get; init; }

    public string? StateOrProvinceCode { get; init; }

    public string? CountryCode { get; init; }
}

internal sealed record FedexDateAndTime
{
    /// <summary>ACTUAL_DELIVERY, ESTIMATED_DELIVERY, COMMITMENT, APPOINTMENT_DELIVERY, SHIP, ACTUAL_PICKUP, ...</summary>
    public string? Type { get; init; }

    public string? DateTime { get; init; }
}

internal sealed record FedexTimeWindow
{
    public string? Type { get; init; }

    public string? Description { get; init; }

    public FedexWindow? Window { get; init; }
}

internal sealed record FedexWindow
{
    public string? Begins { get; init; }

    public string? Ends { get; init; }
}

internal sealed record FedexServiceDetail
{
    /// <summary>PRIORITY_OVERNIGHT, FEDEX_GROUND, ...</summary>
    public string? Type { get; init; }

    public string? Description { get; init; }

    public string? ShortDescription { get; init; }
}
