using System.Globalization;
using System.Text.Json;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Intake;

/// <summary>
/// Reads scans in our normalized shape (<c>POST /api/tracking-events</c>) and names every field that is wrong:
/// <c>{"carrier":"ups","trackingNumber":"1Z…","at":"2026-12-01T09:30:00-05:00","status":"exception","reason":"damaged",
/// "description":"Damaged in transit","location":"Atlanta, GA","estimatedDelivery":"2026-12-04"}</c>.
/// </summary>
internal static class TrackingEventRequestReader
{
    public static readonly IReadOnlyDictionary<string, TrackingStatus> Statuses =
        Enum.GetValues<TrackingStatus>().ToDictionary(WireNames.Snake, s => s, StringComparer.Ordinal);

    public static readonly IReadOnlyDictionary<string, ExceptionReason> Reasons =
        Enum.GetValues<ExceptionReason>().ToDictionary(WireNames.Snake, r => r, StringComparer.Ordinal);

    public static PushedScan? Read(JsonElement item, string prefix, IReadOnlySet<CarrierCode> carriers, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(carriers);
        ArgumentNullException.ThrowIfNull(errors);
        if (item.ValueKind != JsonValueKind.Object)
        {
            Add(errors, prefix.TrimEnd('.'), "must be a JSON object");
            return null;
        }

        var before = errors.Count;
        var carrierText = Text(item, "carrier", prefix, errors, required: true);
        var carrier = default(CarrierCode);
        if (carrierText is not null && !(CarrierCodes.TryParse(carrierText, out carrier) && carriers.Contains(carrier)))
        {
            Add(errors, prefix + "carrier", $"'{carrierText}' is not a carrier; use one of {string.Join(", ", Enum.GetValues<CarrierCode>().Where(carriers.Contains).Select(c => c.ToWireName()))}");
        }

        var trackingNumber = Text(item, "trackingNumber", prefix, errors, required: true);
        var atText = Text(item, "at", prefix, errors, required: true);
        var at = default(CarrierTimestamp);
        if (atText is not null && !CarrierTimestamp.TryParse(atText, out at))
        {
            Add(errors, prefix + "at", $"'{atText}' is not an ISO-8601 date-time, e.g. 2026-12-01T09:30:00-05:00");
        }

        var statusText = Text(item, "status", prefix, errors, required: true);
        var status = TrackingStatus.Unknown;
        if (statusText is not null && !Statuses.TryGetValue(statusText, out status))
        {
            Add(errors, prefix + "status", $"'{statusText}' is not a status; use one of {string.Join(", ", Statuses.Keys)}");
        }

        var reasonText = Text(item, "reason", prefix, errors, required: false);
        ExceptionReason? reason = null;
        if (reasonText is not null)
        {
            if (Reasons.TryGetValue(reasonText, out var known))
            {
                reason = known;
            }
            else
            {
                Add(errors, prefix + "reason", $"'{reasonText}' is not a reason; use one of {string.Join(", ", Reasons.Keys)}");
            }
        }

        var estimateText = Text(item, "estimatedDelivery", prefix, errors, required: false);
        DateOnly? estimate = null;
        if (estimateText is not null)
        {
            if (DateOnly.TryParseExact(estimateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                estimate = day;
            }
            else
            {
                Add(errors, prefix + "estimatedDelivery", $"'{estimateText}' is not a date such as 2026-12-04");
            }
        }

        var description = Text(item, "description", prefix, errors, required: false);
        var location = Text(item, "location", prefix, errors, required: false);
        var code = Text(item, "carrierCode", prefix, errors, required: false);
        if (errors.Count > before)
        {
            return null;
        }

        var number = TrackingNumbers.Normalize(trackingNumber!);
        return new PushedScan(carrier, number, new TrackingEvent(at, status, reason, code, description ?? statusText!, location), estimate);
    }

    private static string? Text(JsonElement parent, string name, string prefix, Dictionary<string, string[]> errors, bool required) =>
        ShipmentRequestReader.Text(parent, name, prefix, errors, required, maxLength: 500);

    private static void Add(Dictionary<string, string[]> errors, string field, string message) => ShipmentRequestReader.Add(errors, field, message);
}
