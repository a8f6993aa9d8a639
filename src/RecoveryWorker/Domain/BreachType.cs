namespace RecoveryWorker.Domain;

/// <summary>The ways a delivery promise breaks. Wire names (API, tags, metrics, templates) are in <see cref="BreachTypes"/>.</summary>
internal enum BreachType
{
    /// <summary>The deadline has passed and the parcel is not delivered.</summary>
    Late,
    /// <summary>Delivered, but after the deadline.</summary>
    DeliveredLate,
    /// <summary>Not late yet, but the carrier's own estimate or delay notice says it will be.</summary>
    AtRisk,
    /// <summary>A label exists and the carrier has not accepted the parcel after too many business hours.</summary>
    NotPickedUp,
    /// <summary>In the carrier's hands, with no new scan for too many business hours.</summary>
    Stalled,
    /// <summary>The carrier reports a problem: failed attempt, damage, loss, customs, return to sender.</summary>
    Exception,
    /// <summary>The carrier reports a different service level than the one promised.</summary>
    ServiceMismatch,
}

internal static class BreachTypes
{
    public static IReadOnlyList<BreachType> All { get; } = Enum.GetValues<BreachType>();

    public static string ToWireName(this BreachType type) => type switch
    {
        BreachType.Late => "late",
        BreachType.DeliveredLate => "delivered_late",
        BreachType.AtRisk => "at_risk",
        BreachType.NotPickedUp => "not_picked_up",
        BreachType.Stalled => "stalled",
        BreachType.Exception => "exception",
        BreachType.ServiceMismatch => "service_mismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown breach type."),
    };

    public static bool TryParse(string? wireName, out BreachType type)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWireName(), wireName, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>
    /// Lateness is a fact that does not un-happen: once late, a promise stays broken until the parcel arrives
    /// (and then it was delivered late). The other types describe a situation that can recover.
    /// </summary>
    public static bool CanClear(this BreachType type) =>
        type is BreachType.AtRisk or BreachType.NotPickedUp or BreachType.Stalled or BreachType.Exception;

    /// <summary>Late and delivered-late are one story told at two moments; they share one case per shipment.</summary>
    public static bool IsLateness(this BreachType type) => type is BreachType.Late or BreachType.DeliveredLate;

    /// <summary>
    /// Which breach heads a case when several hold at once: the one that matters most to the customer. A late
    /// parcel that is also stalled is, to the customer, late; the stall is a fact inside that story.
    /// </summary>
    public static int Precedence(this BreachType type) => type switch
    {
        BreachType.DeliveredLate => 0,
        BreachType.Late => 1,
        BreachType.Exception => 2,
        BreachType.Stalled => 3,
        BreachType.NotPickedUp => 4,
        BreachType.AtRisk => 5,
        BreachType.ServiceMismatch => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown breach type."),
    };
}
