using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Sandbox;

/// <summary>
/// Reads the tracking file all or nothing: one bad parcel rejects the whole file, so a half-edited file never
/// replaces a good one. Reasons name the place (tracking number, event index, JSON path), never a value from the file.
/// </summary>
internal static class SandboxTrackingParser
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        // "events": null must be as malformed as a missing "events".
        RespectNullableAnnotations = true,
        // People edit this file by hand during demos.
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // Names only: "3" must not quietly become a status.
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
    };

    public static bool TryParse(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out IReadOnlyDictionary<string, SandboxParcel>? parcels,
        [NotNullWhen(false)] out string? reason)
    {
        parcels = null;
        Dictionary<string, SandboxParcelJson?>? document;
        try
        {
            // Editors on Windows may save a byte order mark, which the span reader would take for content.
            document = JsonSerializer.Deserialize<Dictionary<string, SandboxParcelJson?>>(
                utf8Json.StartsWith(Encoding.UTF8.Preamble) ? utf8Json[Encoding.UTF8.Preamble.Length..] : utf8Json,
                JsonOptions);
        }
        catch (JsonException ex)
        {
            reason = ex.Message;
            return false;
        }

        if (document is null)
        {
            reason = "the file holds null instead of an object keyed by tracking number";
            return false;
        }

        // Carriers treat tracking numbers case-insensitively; so does the sandbox.
        var result = new Dictionary<string, SandboxParcel>(document.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (number, entry) in document)
        {
            if (string.IsNullOrWhiteSpace(number))
            {
                reason = "a tracking number is empty";
                return false;
            }

            if (entry is null)
            {
                reason = $"parcel {number} is null";
                return false;
            }

            if (!TryConvert(entry, out var parcel, out var problem))
            {
                reason = $"parcel {number}: {problem}";
                return false;
            }

            if (!result.TryAdd(number, parcel))
            {
                reason = $"parcel {number} appears twice (tracking numbers are case-insensitive)";
                return false;
            }
        }

        parcels = result;
        reason = null;
        return true;
    }

    private static bool TryConvert(SandboxParcelJson json, [NotNullWhen(true)] out SandboxParcel? parcel, [NotNullWhen(false)] out string? problem)
    {
        parcel = null;
        DeliveryEstimate? estimate = null;
        if (json.EstimatedDelivery is { } estimateText && !TryParseEstimate(estimateText, out estimate))
        {
            problem = "estimatedDelivery is neither a YYYY-MM-DD day nor an ISO-8601 time";
            return false;
        }

        CarrierTimestamp? commitment = null;
        if (json.Commitment is { } commitmentText)
        {
            if (!CarrierTimestamp.TryParse(commitmentText, out var parsed))
            {
                problem = "commitment is not an ISO-8601 time";
                return false;
            }

            commitment = parsed;
        }

        var events = new List<TrackingEvent>(json.Events.Count);
        for (var i = 0; i < json.Events.Count; i++)
        {
            if (json.Events[i] is not { } item)
            {
                problem = $"event {i} is null";
                return false;
            }

            if (!CarrierTimestamp.TryParse(item.At, out var at))
            {
                problem = $"event {i}: at is not an ISO-8601 time";
                return false;
            }

            events.Add(new TrackingEvent(at, item.Status, item.Reason, CarrierCode: null, item.Description ?? item.Status.ToString(), item.Location));
        }

        parcel = new SandboxParcel(json.Service, estimate, commitment, json.CarrierReportsDelay, json.Failure, events);
        problem = null;
        return true;
    }

    private static bool TryParseEstimate(string text, [NotNullWhen(true)] out DeliveryEstimate? estimate)
    {
        estimate = null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            estimate = DeliveryEstimate.OnDay(day);
        }
        else if (CarrierTimestamp.TryParse(text, out var end))
        {
            estimate = DeliveryEstimate.Window(null, end);
        }

        return estimate is not null;
    }
}
