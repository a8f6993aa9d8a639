using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecoveryWorker.Connectors.Carriers.Usps;

/// <summary>One item of the v3r2 request body: POST /tracking/v3r2/tracking takes an array of 1 to 35 of these.</summary>
internal sealed record UspsTrackingRequestItem(string TrackingNumber);

/// <summary>The client-credentials request; USPS takes it as JSON or as a form (oauth2 v3 spec).</summary>
internal sealed record UspsTokenRequest(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string ClientSecret,
    [property: JsonPropertyName("scope")] string Scope);

internal sealed record UspsTokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    /// <summary>Space-separated; must contain "tracking" or every tracking call answers 401.</summary>
    [JsonPropertyName("scope")]
    public string? Scope { get; init; }
}

/// <summary>The OAuth error body ({"error":"invalid_client", ...}).</summary>
internal sealed record UspsOAuthError
{
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; init; }
}

/// <summary>
/// One tracked item. v3r2 <c>TrackingDetail</c> fields, plus the v3 <c>TrackingDetails</c> fields that v3r2 moved or
/// dropped (top-level expected/guaranteed timestamps, <c>onTime</c>), so either shape maps the same way.
/// </summary>
internal sealed record UspsTrackingDetail
{
    public string? TrackingNumber { get; init; }

    /// <summary>Free text with HTML in practice: "USPS Ground Advantage&lt;SUP&gt;&amp;#153;&lt;/SUP&gt;".</summary>
    public string? MailClass { get; init; }

    public string? MailClassCode { get; init; }

    public string? Status { get; init; }

    public string? StatusCategory { get; init; }

    public string? StatusSummary { get; init; }

    /// <summary>v3r2: every delivery-date field lives here.</summary>
    public UspsDeliveryDateExpectation? DeliveryDateExpectation { get; init; }

    /// <summary>v3: date-time.</summary>
    public string? ExpectedDeliveryTimeStamp { get; init; }

    /// <summary>v3 SUMMARY: date.</summary>
    public string? ExpectedDeliveryDate { get; init; }

    /// <summary>v3: date-time.</summary>
    public string? GuaranteedDeliveryTimeStamp { get; init; }

    /// <summary>v3 SUMMARY: date.</summary>
    public string? GuaranteedDeliveryDate { get; init; }

    public string? PredictedDeliveryDate { get; init; }

    public string? PredictedDeliveryWindowStartTime { get; init; }

    public string? PredictedDeliveryWindowEndTime { get; init; }

    public string? EndOfDay { get; init; }

    /// <summary>v3: "will be delivered on time as specified in the Expected or Guaranteed delivery date". Real answers send "false" as a string.</summary>
    [JsonConverter(typeof(UspsLenientBooleanConverter))]
    public bool? OnTime { get; init; }

    /// <summary>Newest first, per the spec.</summary>
    public IReadOnlyList<UspsTrackingEvent?>? TrackingEvents { get; init; }
}

internal sealed record UspsDeliveryDateExpectation
{
    public string? ExpectedDeliveryDate { get; init; }

    /// <summary>A date, a date-time without offset ("YYYY-MM-DDTHH:MI") or text ("3 Business Days").</summary>
    public string? GuaranteedDeliveryDate { get; init; }

    public string? GuaranteedDetails { get; init; }

    public string? PredictedDeliveryDate { get; init; }

    public string? PredictedDeliveryWindowStartTime { get; init; }

    public string? PredictedDeliveryWindowEndTime { get; init; }

    public string? EndOfDay { get; init; }
}

internal sealed record UspsTrackingEvent
{
    public string? EventType { get; init; }

    /// <summary>Pub 199 Appendix G scan event code ("01" delivered, "OF" out for delivery...).</summary>
    public string? EventCode { get; init; }

    /// <summary>v3: local time without offset. v3r2: a date, or a date-time with offset.</summary>
    public string? EventTimestamp { get; init; }

    [JsonPropertyName("GMTTimestamp")]
    public string? GmtTimestamp { get; init; }

    /// <summary>"-05:00", or "-7:00" in the spec's example.</summary>
    [JsonPropertyName("GMTOffset")]
    public string? GmtOffset { get; init; }

    public string? EventCity { get; init; }

    public string? EventState { get; init; }

    /// <summary>v3 name.</summary>
    [JsonPropertyName("eventZIP")]
    public string? EventZip { get; init; }

    /// <summary>v3r2 name.</summary>
    [JsonPropertyName("eventZIPCode")]
    public string? EventZipCode { get; init; }

    public string? EventCountry { get; init; }
}

/// <summary>Reads true/false whether USPS sends booleans or strings; anything else is treated as absent.</summary>
internal sealed class UspsLenientBooleanConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.String:
                var text = reader.GetString();
                return bool.TryParse(text?.Trim(), out var value) ? value : null;
            case JsonTokenType.StartArray or JsonTokenType.StartObject:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } flag)
        {
            writer.WriteBooleanValue(flag);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

internal static class UspsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Web defaults: camelCase names, case-insensitive reading, numbers accepted from strings.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
