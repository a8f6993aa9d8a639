using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecoveryWorker.Connectors.Carriers.Ups;

// Shaped like UPS's JSON (Tracking.yaml TrackApiResponse, OAuthClientCredentials.yaml tokenSuccessResponse).
// Everything is nullable: UPS omits fields freely, and a missing field must never throw.

/// <summary>The body of GET /api/track/v1/details/{inquiryNumber}, or UPS's error envelope.</summary>
internal sealed record UpsTrackApiResponse
{
    public UpsTrackResponse? TrackResponse { get; init; }

    /// <summary>The error envelope of 4xx/5xx answers: <c>{"response":{"errors":[{code,message}]}}</c>.</summary>
    public UpsErrorResponse? Response { get; init; }
}

internal sealed record UpsTrackResponse
{
    public IReadOnlyList<UpsShipment?>? Shipment { get; init; }
}

internal sealed record UpsShipment
{
    public string? InquiryNumber { get; init; }

    public IReadOnlyList<UpsPackage?>? Package { get; init; }

    /// <summary>TW0001 "Tracking Information Not Found" arrives here, with HTTP 200 and no package.</summary>
    public IReadOnlyList<UpsMessage?>? Warnings { get; init; }

    /// <summary>Not in the published spec; some answers carry the service on the shipment.</summary>
    public UpsService? Service { get; init; }
}

internal sealed record UpsPackage
{
    public string? TrackingNumber { get; init; }

    public UpsStatus? CurrentStatus { get; init; }

    /// <summary>Most recent first, per the spec.</summary>
    public IReadOnlyList<UpsActivity?>? Activity { get; init; }

    /// <summary>SDD scheduled, RDD rescheduled, DEL delivered.</summary>
    public IReadOnlyList<UpsDeliveryDate?>? DeliveryDate { get; init; }

    /// <summary>A single object in the spec; some answers send an array. Read by <see cref="UpsTrackingParser"/>.</summary>
    public JsonElement? DeliveryTime { get; init; }

    public UpsService? Service { get; init; }
}

internal sealed record UpsActivity
{
    /// <summary>Local date, YYYYMMDD.</summary>
    public string? Date { get; init; }

    /// <summary>Local time, HHMMSS.</summary>
    public string? Time { get; init; }

    /// <summary>UTC date, YYYYMMDD (or YYYY-MM-DD).</summary>
    public string? GmtDate { get; init; }

    /// <summary>UTC time, HHMMSS, HH:MM:SS, or with the leading zero dropped ("74700").</summary>
    public string? GmtTime { get; init; }

    /// <summary>The local offset, "-05:00".</summary>
    public string? GmtOffset { get; init; }

    public UpsLocation? Location { get; init; }

    public UpsStatus? Status { get; init; }
}

internal sealed record UpsStatus
{
    /// <summary>Package activity type: D, I, M, MV, X, P, RS...</summary>
    public string? Type { get; init; }

    /// <summary>Movement scan, manifest, exception or DIALS code, depending on <see cref="Type"/>.</summary>
    public string? Code { get; init; }

    public string? Description { get; init; }

    public string? SimplifiedTextDescription { get; init; }

    /// <summary>The 3-digit status/description code ("011" delivered).</summary>
    public string? StatusCode { get; init; }
}

internal sealed record UpsLocation
{
    public UpsAddress? Address { get; init; }
}

internal sealed record UpsAddress
{
    public string? City { get; init; }

    public string? StateProvince { get; init; }

    public string? CountryCode { get; init; }

    public string? Country { get; init; }
}

internal sealed record UpsDeliveryDate
{
    public string? Type { get; init; }

    public string? Date { get; init; }
}

internal sealed record UpsDeliveryTime
{
    /// <summary>EOD, CMT, EDW, CDW, IDW, DEL.</summary>
    public string? Type { get; init; }

    public string? StartTime { get; init; }

    public string? EndTime { get; init; }
}

internal sealed record UpsService
{
    public string? Code { get; init; }

    public string? Description { get; init; }

    public string? LevelCode { get; init; }
}

internal sealed record UpsMessage
{
    public string? Code { get; init; }

    public string? Message { get; init; }
}

internal sealed record UpsErrorResponse
{
    public IReadOnlyList<UpsMessage?>? Errors { get; init; }
}

/// <summary>The body of POST /security/v1/oauth/token.</summary>
internal sealed record UpsTokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    /// <summary>Seconds; UPS sends a string ("14399"), the number form is accepted too.</summary>
    [JsonPropertyName("expires_in")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? ExpiresIn { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    /// <summary>The error envelope of a refused token request.</summary>
    public UpsErrorResponse? Response { get; init; }
}

/// <summary>The body of POST /api/track/{version}/subscription/standard/package (Track Alert PackageSubscriptionRequest).</summary>
internal sealed record UpsSubscriptionRequest(string Locale, string CountryCode, IReadOnlyList<string> TrackingNumberList, UpsSubscriptionDestination Destination);

/// <summary>
/// Where and how UPS delivers: required by v1 (<c>destination{url, credentialType, credential}</c>); v2 keeps webhook
/// credentials on UPS's portal and its request schema allows the extra property.
/// </summary>
internal sealed record UpsSubscriptionDestination(string Url, string CredentialType, string Credential);

/// <summary>The answer to a subscription: 200 with the two lists, or 400 with the invalid numbers and UPS's error envelope.</summary>
internal sealed record UpsSubscriptionResponse
{
    public IReadOnlyList<string?>? ValidTrackingNumbers { get; init; }

    public IReadOnlyList<string?>? InvalidTrackingNumbers { get; init; }

    public UpsErrorResponse? Response { get; init; }
}
