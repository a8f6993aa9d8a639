using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>
/// Reads one Track Alert delivery (the <c>webhooks: TrackingEvent</c> body, schema <c>TrackingEventRequest</c> of the
/// UPS Track Alert OpenAPI): checks it against the schema (required fields, types, lengths and patterns), naming every
/// field that breaks it, then maps it to a normalized scan with the Track API's status tables. Properties the schema
/// does not list are allowed (it does not forbid them) and ignored.
/// </summary>
public static partial class UpsTrackAlertEvents
{
    private static readonly string[] ActivityTypes = ["D", "I", "M", "MV", "U", "X"];

    private static readonly string[] Dates = ["localActivityDate", "scheduledDeliveryDate", "actualDeliveryDate", "gmtActivityDate"];

    private static readonly string[] Times = ["localActivityTime", "actualDeliveryTime", "gmtActivityTime", "deliveryStartTime", "deliveryEndTime"];

    /// <summary>The spec says these are "blank until the delivery event occurs": an empty string is read as absent.</summary>
    private static readonly HashSet<string> BlankUntilDelivered = new(StringComparer.Ordinal) { "postalCode", "actualDeliveryDate", "actualDeliveryTime", "deliveryPhoto" };

    /// <summary>
    /// The scan in <paramref name="body"/>, or null with every schema violation added to <paramref name="errors"/>
    /// (field path -> problem). A body without any activity time is dated <paramref name="receivedAt"/>: Track Alert
    /// pushes within moments of the scan.
    /// </summary>
    public static CarrierScan? Read(JsonElement body, DateTimeOffset receivedAt, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (body.ValueKind != JsonValueKind.Object)
        {
            Add(errors, "body", "must be a JSON object (TrackingEventRequest)");
            return null;
        }

        var before = errors.Count;
        var number = Text(body, "trackingNumber", "trackingNumber", errors, required: true);
        if (number is not null && !TrackingNumberPattern().IsMatch(number))
        {
            Add(errors, "trackingNumber", "must be 1Z and 16 letters or digits, or 1R and 14 or 26 (TrackingNumber)");
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Dates)
        {
            values[name] = Text(body, name, name, errors, required: false);
            if (values[name] is { } text && !DatePattern().IsMatch(text))
            {
                Add(errors, name, "must be a date YYYYMMDD (Date)");
            }
        }

        foreach (var name in Times)
        {
            values[name] = Text(body, name, name, errors, required: false);
            if (values[name] is { } text && !TimePattern().IsMatch(text))
            {
                Add(errors, name, "must be a time HHMMSS, 24 h (Time)");
            }
        }

        var offsetText = Text(body, "gmtOffset", "gmtOffset", errors, required: false);
        if (offsetText is not null && !OffsetPattern().IsMatch(offsetText))
        {
            Add(errors, "gmtOffset", "must be a UTC offset (-/+)HH.MM such as -04.00");
        }

        foreach (var name in new[] { "deliveryTimeDescription", "deliveryPhoto", "receivedBy" })
        {
            Text(body, name, name, errors, required: false);
        }

        if (Text(body, "alternateTrackingNumber", "alternateTrackingNumber", errors, required: false) is { } alternate && !TrackingNumberPattern().IsMatch(alternate))
        {
            Add(errors, "alternateTrackingNumber", "must be 1Z and 16 letters or digits, or 1R and 14 or 26");
        }

        var place = ReadLocation(body, errors);
        var status = ReadStatus(body, errors);
        if (errors.Count > before)
        {
            return null;
        }

        var decision = UpsStatusMap.Resolve(status);
        var at = ActivityTime(values, offsetText) ?? CarrierTimestamp.FromInstant(receivedAt);
        var description = NonEmpty(status!.Description) ?? NonEmpty(status.Code) ?? "UPS Track Alert scan";
        var scan = new TrackingEvent(at, decision.Status, decision.Reason, NonEmpty(status.Code) ?? NonEmpty(status.StatusCode) ?? NonEmpty(status.Type), description, place);
        return new CarrierScan(CarrierCode.Ups, number!, scan, UpsTrackingParser.ParseDate(values["scheduledDeliveryDate"]));
    }

    /// <summary>The GMT date and time (an instant, shown in the local offset when given), else the local wall clock.</summary>
    private static CarrierTimestamp? ActivityTime(Dictionary<string, string?> values, string? offsetText)
    {
        TimeSpan? offset = offsetText is null ? null : TimeSpan.ParseExact(offsetText[1..].Replace('.', ':'), @"hh\:mm", CultureInfo.InvariantCulture) * (offsetText[0] == '-' ? -1 : 1);
        if (UpsTrackingParser.ParseDate(values["gmtActivityDate"]) is { } gmtDay && UpsTrackingParser.ParseTime(values["gmtActivityTime"]) is { } gmtTime)
        {
            var utc = new DateTimeOffset(gmtDay.ToDateTime(gmtTime), TimeSpan.Zero);
            return CarrierTimestamp.FromInstant(offset is { } local ? utc.ToOffset(local) : utc);
        }

        if (UpsTrackingParser.ParseDate(values["localActivityDate"]) is { } day && UpsTrackingParser.ParseTime(values["localActivityTime"]) is { } time)
        {
            var wallClock = day.ToDateTime(time);
            return offset is { } known ? CarrierTimestamp.FromInstant(new DateTimeOffset(wallClock, known)) : CarrierTimestamp.FromWallClock(wallClock);
        }

        return null;
    }

    private static string? ReadLocation(JsonElement body, IDictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty("activityLocation", out var location))
        {
            return null;
        }

        if (location.ValueKind != JsonValueKind.Object)
        {
            Add(errors, "activityLocation", "must be an object");
            return null;
        }

        var city = Text(location, "city", "activityLocation.city", errors, required: false);
        var state = Text(location, "stateProvince", "activityLocation.stateProvince", errors, required: false);
        if (state is not null && !CountryPattern().IsMatch(state))
        {
            Add(errors, "activityLocation.stateProvince", "must be two capital letters such as GA");
        }

        var postal = Text(location, "postalCode", "activityLocation.postalCode", errors, required: false);
        if (postal is not null && !PostalPattern().IsMatch(postal))
        {
            Add(errors, "activityLocation.postalCode", "must be a ZIP code such as 30004 or 30004-4616");
        }

        var country = Text(location, "country", "activityLocation.country", errors, required: false);
        if (country is not null && !CountryPattern().IsMatch(country))
        {
            Add(errors, "activityLocation.country", "must be an ISO 3166 alpha-2 code such as US (Country)");
        }

        // City, region and country: the postal code stays out, like the Track API's places.
        var parts = new[] { city, state, country }.Select(NonEmpty).OfType<string>().ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static UpsStatus? ReadStatus(JsonElement body, IDictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty("activityStatus", out var status))
        {
            Add(errors, "activityStatus", "is required");
            return null;
        }

        if (status.ValueKind != JsonValueKind.Object)
        {
            Add(errors, "activityStatus", "must be an object");
            return null;
        }

        var type = Text(status, "type", "activityStatus.type", errors, required: false);
        if (type is not null && !ActivityTypes.Contains(type, StringComparer.Ordinal))
        {
            Add(errors, "activityStatus.type", $"'{Shorten(type)}' is not an activity type; use one of {string.Join(", ", ActivityTypes)}");
        }

        var code = Text(status, "code", "activityStatus.code", errors, required: false);
        var description = Text(status, "description", "activityStatus.description", errors, required: false);

        // Not in the schema, but in its examples ("descriptionCode: 021", which YAML reads as a number): the 3-digit
        // status code, the most specific signal the status tables have. Any other shape is ignored, as the schema allows.
        string? descriptionCode = null;
        if (status.TryGetProperty("descriptionCode", out var dc))
        {
            descriptionCode = dc.ValueKind switch
            {
                JsonValueKind.String => dc.GetString(),
                JsonValueKind.Number when dc.TryGetInt32(out var n) && n is >= 0 and < 1000 => n.ToString("000", CultureInfo.InvariantCulture),
                _ => null,
            };
        }

        return new UpsStatus { Type = type, Code = code, Description = description, StatusCode = descriptionCode };
    }

    /// <summary>An optional (or required) string property: absent is fine unless required; present, it must be a string.</summary>
    private static string? Text(JsonElement parent, string name, string field, IDictionary<string, string[]> errors, bool required)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            if (required)
            {
                Add(errors, field, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(errors, field, $"must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0 && BlankUntilDelivered.Contains(name))
        {
            return null;
        }

        return text;
    }

    private static void Add(IDictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var known) ? [.. known, message] : [message];

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Values are echoed in errors only in part: a webhook body is not ours to log whole.</summary>
    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";

    [GeneratedRegex("(^1Z[0-9A-Z]{16}$)|(^1R[0-9A-Z]{14}$)|(^1R[0-9A-Z]{26}$)")]
    private static partial Regex TrackingNumberPattern();

    // The spec's patterns, with its minLength/maxLength folded in (Date and Time are exactly 8 and 6 characters).
    [GeneratedRegex(@"^\d{4}(0[1-9]|1[012])(0[1-9]|[12][0-9]|3[01])$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?=.{6}$)([01]?\d|2[0-3])([0-5]?\d){2}$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^[+-]([01]\d|2[0-3])\.[0-5]\d$")]
    private static partial Regex OffsetPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    // The pattern without the schema's maxLength 9, which its own example "30004-4616" (ZIP+4, 10 characters) breaks:
    // refusing a real delivery over that contradiction would lose the scan.
    [GeneratedRegex(@"^\d{5}(?:[-\s]\d{4})?$")]
    private static partial Regex PostalPattern();
}
