using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Dhl;

/// <summary>
/// DHL statusCode -> our status. DHL's vocabulary has five codes and no coded reasons, so the table decides the status
/// and the English wording (status, description, remark) refines it: where a moving parcel is, why a failure happened.
/// </summary>
internal static class DhlStatusMap
{
    /// <summary>Every statusCode of the Unified API 1.3.1 spec; karrio's dhl_universal table was the starting point.</summary>
    public static readonly IReadOnlyDictionary<string, TrackingStatus> Codes = new Dictionary<string, TrackingStatus>(StringComparer.OrdinalIgnoreCase)
    {
        // karrio leaves pre-transit unmapped (falls back to in_transit). DHL means "data received, parcel not handed
        // over", which is exactly a label nobody has scanned: the not-picked-up rule depends on seeing it.
        ["pre-transit"] = TrackingStatus.LabelCreated,
        ["transit"] = TrackingStatus.InTransit,
        ["delivered"] = TrackingStatus.Delivered,
        // karrio: delivery_failed. DHL files failed deliveries, exceptions and returns under it; the wording says which.
        ["failure"] = TrackingStatus.Exception,
        // karrio: delivery_delayed. DHL means "no status it can classify", not a delay; reading it as one would open
        // apology tickets on no evidence.
        ["unknown"] = TrackingStatus.Unknown,
    };

    // Wording that makes a "transit" event more precise. DHL Express says "With delivery courier", DHL Parcel "loaded
    // onto the delivery vehicle", others "out for delivery".
    private static readonly (string Keyword, TrackingStatus Status)[] TransitWording =
    [
        ("out for delivery", TrackingStatus.OutForDelivery),
        ("with delivery courier", TrackingStatus.OutForDelivery),
        ("loaded onto the delivery vehicle", TrackingStatus.OutForDelivery),
        ("ready for pick", TrackingStatus.AvailableForPickup),
        ("available for pick", TrackingStatus.AvailableForPickup),
        ("ready for collection", TrackingStatus.AvailableForPickup),
    ];

    // Checked in order, first match wins: the most specific or most actionable cause comes first, so "attempted,
    // address incomplete" is an address problem and "refused, returned to sender" a refusal.
    private static readonly (string Keyword, ExceptionReason Reason)[] FailureWording =
    [
        ("damage", ExceptionReason.Damaged),
        ("lost", ExceptionReason.Lost),
        ("customs", ExceptionReason.CustomsHold),
        ("refus", ExceptionReason.Refused),
        ("reject", ExceptionReason.Refused),
        ("address", ExceptionReason.AddressIssue),
        ("attempt", ExceptionReason.FailedAttempt),
        ("not at home", ExceptionReason.FailedAttempt),
        ("weather", ExceptionReason.WeatherOrDisaster),
        ("storm", ExceptionReason.WeatherOrDisaster),
        ("natural disaster", ExceptionReason.WeatherOrDisaster),
        ("delay", ExceptionReason.Delayed),
    ];

    private static readonly string[] ReturnWording = ["returned to sender", "return to sender", "returned to shipper", "return to shipper", "being returned"];

    /// <summary>The status and reason one DHL event (or the shipment's current status) stands for.</summary>
    public static (TrackingStatus Status, ExceptionReason? Reason) Map(DhlShipmentEvent shipmentEvent)
    {
        ArgumentNullException.ThrowIfNull(shipmentEvent);
        // A code outside the table (a newer API version) is Unknown: never trouble on its own.
        var status = shipmentEvent.StatusCode is { } code && Codes.TryGetValue(code.Trim(), out var mapped) ? mapped : TrackingStatus.Unknown;
        var text = Wording(shipmentEvent);
        switch (status)
        {
            case TrackingStatus.InTransit:
                foreach (var (keyword, refined) in TransitWording)
                {
                    if (text.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                    {
                        return (refined, null);
                    }
                }

                return (status, null);

            case TrackingStatus.Exception:
                var reason = FailureReason(text);
                // A return is a state of its own for the domain; the reason, when DHL gives one, rides along.
                return ReturnWording.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))
                    ? (TrackingStatus.ReturnedToSender, reason)
                    : (status, reason ?? ExceptionReason.Other);

            default:
                return (status, null);
        }
    }

    /// <summary>DHL has no delay flag; an undelivered parcel whose current status says "delay" is the closest it comes.</summary>
    public static bool ReportsDelay(DhlShipmentEvent? current) =>
        current is not null
        && Map(current).Status is not TrackingStatus.Delivered
        && Wording(current).Contains("delay", StringComparison.OrdinalIgnoreCase);

    private static ExceptionReason? FailureReason(string text)
    {
        foreach (var (keyword, reason) in FailureWording)
        {
            if (text.Contains(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return reason;
            }
        }

        return null;
    }

    // nextSteps is left out: it talks about what may happen ("a new delivery attempt"), not what did.
    private static string Wording(DhlShipmentEvent e) => string.Join(' ', e.Status, e.Description, e.Remark);
}
