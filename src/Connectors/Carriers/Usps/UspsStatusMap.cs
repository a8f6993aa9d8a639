using System.Text.RegularExpressions;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Usps;

/// <summary>A normalized status and, where there is one, the reason.</summary>
internal readonly record struct UspsStatus(TrackingStatus Status, ExceptionReason? Reason = null);

/// <summary>
/// USPS vocabulary to our statuses. USPS publishes no enum: the spec points at Pub 199 Appendix G-4/G-5. The event
/// codes below are the Pub 199 domestic scan events listed in design/research/carrier-apis.md section 3 (a
/// third-party summary of Pub 199) plus the codes seen in real answers (T1/A1/TL); each one is a deliberate decision.
/// A code outside the table falls back to the event's wording (<see cref="FromText"/>), then to Unknown.
/// karrio's usps/status_mapping.json was input only: its status words are covered by <see cref="FromText"/>, and its
/// reason table matches guessed tokens ("RF", "NH") that are not Pub 199 codes, so none of it is reused.
/// </summary>
internal static partial class UspsStatusMap
{
    public static readonly IReadOnlyDictionary<string, UspsStatus> EventCodes = new Dictionary<string, UspsStatus>(StringComparer.OrdinalIgnoreCase)
    {
        // Pre-shipment: a label or an electronic manifest exists, USPS has not seen the item.
        ["GX"] = new(TrackingStatus.LabelCreated),                                  // Shipping Label Created, USPS Awaiting Item
        ["MA"] = new(TrackingStatus.LabelCreated),                                  // Manifest acknowledgement (pre-shipment info sent)

        // Acceptance.
        ["03"] = new(TrackingStatus.PickedUp),                                      // Accepted / USPS in possession of item
        ["TM"] = new(TrackingStatus.PickedUp),                                      // Shipment acceptance
        ["PA"] = new(TrackingStatus.PickedUp),                                      // Shipment acceptance
        ["80"] = new(TrackingStatus.PickedUp),                                      // Picked up by shipping partner

        // Moving through the network.
        ["10"] = new(TrackingStatus.InTransit),                                     // Arrived at USPS regional origin facility
        ["SF"] = new(TrackingStatus.InTransit),                                     // Departed post office
        ["EF"] = new(TrackingStatus.InTransit),                                     // Departed sort facility
        ["T1"] = new(TrackingStatus.InTransit),                                     // Departed USPS regional facility
        ["A1"] = new(TrackingStatus.InTransit),                                     // Arrived at USPS regional facility
        ["TL"] = new(TrackingStatus.InTransit),                                     // In transit to next facility
        ["07"] = new(TrackingStatus.InTransit),                                     // Arrival at unit (post office)
        ["PC"] = new(TrackingStatus.InTransit),                                     // Sorting complete
        ["81"] = new(TrackingStatus.InTransit),                                     // Arrived at shipping partner facility
        ["82"] = new(TrackingStatus.InTransit),                                     // Departed shipping partner facility
        ["42"] = new(TrackingStatus.InTransit),                                     // Handoff to shipping partner
        // Forwarded to the recipient's new address (a forwarding order): USPS doing its job, not a failure.
        ["06"] = new(TrackingStatus.InTransit),

        ["OF"] = new(TrackingStatus.OutForDelivery),                                // Out for delivery

        // Delivered, including collection by the recipient or an agent.
        ["01"] = new(TrackingStatus.Delivered),                                     // Delivered
        ["17"] = new(TrackingStatus.Delivered),                                     // Picked up by agent
        ["43"] = new(TrackingStatus.Delivered),                                     // Picked up (at the post office)

        ["14"] = new(TrackingStatus.AvailableForPickup),                            // Arrival at pickup point
        ["16"] = new(TrackingStatus.AvailableForPickup),                            // Available for pickup

        // Delivery attempted and failed: the parcel is late for the customer, whoever's fault it is.
        ["02"] = new(TrackingStatus.Exception, ExceptionReason.FailedAttempt),      // Notice left
        ["52"] = new(TrackingStatus.Exception, ExceptionReason.FailedAttempt),      // Notice left
        ["53"] = new(TrackingStatus.Exception, ExceptionReason.FailedAttempt),      // Receptacle blocked
        ["54"] = new(TrackingStatus.Exception, ExceptionReason.FailedAttempt),      // Receptacle full / item oversized
        ["55"] = new(TrackingStatus.Exception, ExceptionReason.FailedAttempt),      // No secure location available
        ["56"] = new(TrackingStatus.Exception, ExceptionReason.FailedAttempt),      // No authorized recipient available
        ["30"] = new(TrackingStatus.Exception, ExceptionReason.FailedAttempt),      // No access to delivery location
        ["51"] = new(TrackingStatus.Exception, ExceptionReason.FailedAttempt),      // Business closed
        // Rescheduled to next delivery day: USPS did not try today; no attempt failed, the day did.
        ["71"] = new(TrackingStatus.Exception, ExceptionReason.Delayed),
        // Missent / mis-shipped: a USPS sorting error that costs days, worth an agent's attention.
        ["08"] = new(TrackingStatus.Exception, ExceptionReason.Delayed),
        ["15"] = new(TrackingStatus.Exception, ExceptionReason.Delayed),

        ["04"] = new(TrackingStatus.Exception, ExceptionReason.Refused),            // Refused (a return scan usually follows)
        ["05"] = new(TrackingStatus.Exception, ExceptionReason.AddressIssue),       // Undeliverable as addressed
        ["11"] = new(TrackingStatus.Exception, ExceptionReason.Lost),               // Dead letter / dead parcel: USPS cannot deliver or return it
        // Delivery status not updated: the carrier never scanned the outcome. Unknown outcome, so a person should look.
        ["DX"] = new(TrackingStatus.Exception, ExceptionReason.Other),

        // Return to sender, with the reason USPS gives where the code carries one.
        ["09"] = new(TrackingStatus.ReturnedToSender),                              // Return to sender
        ["44"] = new(TrackingStatus.ReturnedToSender),                              // Customer (sender) recall
        ["21"] = new(TrackingStatus.ReturnedToSender, ExceptionReason.AddressIssue),  // No such number
        ["22"] = new(TrackingStatus.ReturnedToSender, ExceptionReason.AddressIssue),  // Insufficient address
        ["23"] = new(TrackingStatus.ReturnedToSender, ExceptionReason.AddressIssue),  // Moved, left no address
        ["24"] = new(TrackingStatus.ReturnedToSender, ExceptionReason.AddressIssue),  // Forward expired
        ["25"] = new(TrackingStatus.ReturnedToSender, ExceptionReason.AddressIssue),  // Addressee unknown
        ["26"] = new(TrackingStatus.ReturnedToSender, ExceptionReason.AddressIssue),  // Vacant
        ["27"] = new(TrackingStatus.ReturnedToSender, ExceptionReason.FailedAttempt), // Unclaimed
        ["31"] = new(TrackingStatus.ReturnedToSender, ExceptionReason.FailedAttempt), // Not picked up
        ["28"] = new(TrackingStatus.ReturnedToSender, ExceptionReason.Other),         // Deceased
        ["29"] = new(TrackingStatus.ReturnedToSender, ExceptionReason.Other),         // Other
    };

    /// <summary>
    /// <c>statusCategory</c> values seen in answers and fixtures. "Alert" says only that something is wrong; the
    /// reason comes from the status wording where <see cref="FromText"/> recognizes it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, UspsStatus> StatusCategories = new Dictionary<string, UspsStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["Pre-Shipment"] = new(TrackingStatus.LabelCreated),
        ["Accepted"] = new(TrackingStatus.PickedUp),
        ["In Transit"] = new(TrackingStatus.InTransit),
        ["Out for Delivery"] = new(TrackingStatus.OutForDelivery),
        ["Delivered"] = new(TrackingStatus.Delivered),
        ["Available for Pickup"] = new(TrackingStatus.AvailableForPickup),
        ["Delivery Attempt"] = new(TrackingStatus.Exception, ExceptionReason.FailedAttempt),
        ["Alert"] = new(TrackingStatus.Exception, ExceptionReason.Other),
        ["Return to Sender"] = new(TrackingStatus.ReturnedToSender),
        ["Returned to Sender"] = new(TrackingStatus.ReturnedToSender),
    };

    // First match wins, so the specific phrases come before the generic ones ("undeliverable" before "deliver",
    // "picked up at post office" before "picked up").
    private static readonly (string Phrase, UspsStatus Status)[] Phrases =
    [
        ("return to sender", new(TrackingStatus.ReturnedToSender)),
        ("returned to sender", new(TrackingStatus.ReturnedToSender)),
        ("being returned", new(TrackingStatus.ReturnedToSender)),
        ("undeliverable as addressed", new(TrackingStatus.Exception, ExceptionReason.AddressIssue)),
        ("insufficient address", new(TrackingStatus.Exception, ExceptionReason.AddressIssue)),
        ("no such number", new(TrackingStatus.Exception, ExceptionReason.AddressIssue)),
        ("addressee unknown", new(TrackingStatus.Exception, ExceptionReason.AddressIssue)),
        ("refused", new(TrackingStatus.Exception, ExceptionReason.Refused)),
        ("damaged", new(TrackingStatus.Exception, ExceptionReason.Damaged)),
        ("dead letter", new(TrackingStatus.Exception, ExceptionReason.Lost)),
        ("dead mail", new(TrackingStatus.Exception, ExceptionReason.Lost)),
        ("held in customs", new(TrackingStatus.Exception, ExceptionReason.CustomsHold)),
        ("delivery attempted", new(TrackingStatus.Exception, ExceptionReason.FailedAttempt)),
        ("delivery failed", new(TrackingStatus.Exception, ExceptionReason.FailedAttempt)),
        ("notice left", new(TrackingStatus.Exception, ExceptionReason.FailedAttempt)),
        ("no access", new(TrackingStatus.Exception, ExceptionReason.FailedAttempt)),
        ("no secure location", new(TrackingStatus.Exception, ExceptionReason.FailedAttempt)),
        ("no authorized recipient", new(TrackingStatus.Exception, ExceptionReason.FailedAttempt)),
        ("receptacle", new(TrackingStatus.Exception, ExceptionReason.FailedAttempt)),
        ("business closed", new(TrackingStatus.Exception, ExceptionReason.FailedAttempt)),
        ("undeliver", new(TrackingStatus.Exception, ExceptionReason.Other)),
        ("held at post office", new(TrackingStatus.AvailableForPickup)),
        ("available for pickup", new(TrackingStatus.AvailableForPickup)),
        ("ready for pickup", new(TrackingStatus.AvailableForPickup)),
        // karrio's "on_hold": a hold USPS does not explain is something for a person to look at.
        ("on hold", new(TrackingStatus.Exception, ExceptionReason.Other)),
        ("out for delivery", new(TrackingStatus.OutForDelivery)),
        ("picked up at post office", new(TrackingStatus.Delivered)),
        ("picked up at postal facility", new(TrackingStatus.Delivered)),
        ("delivered", new(TrackingStatus.Delivered)),
        ("label created", new(TrackingStatus.LabelCreated)),
        ("pre-shipment", new(TrackingStatus.LabelCreated)),
        ("awaiting item", new(TrackingStatus.LabelCreated)),
        ("picked up", new(TrackingStatus.PickedUp)),
        ("origin scan", new(TrackingStatus.PickedUp)),
        ("acceptance", new(TrackingStatus.PickedUp)),
        ("accepted", new(TrackingStatus.PickedUp)),
        ("in possession", new(TrackingStatus.PickedUp)),
        ("in transit", new(TrackingStatus.InTransit)),
        ("arrived", new(TrackingStatus.InTransit)),
        ("departed", new(TrackingStatus.InTransit)),
        ("processed", new(TrackingStatus.InTransit)),
        ("forwarded", new(TrackingStatus.InTransit)),
        // "Delivery delayed" alone: still moving, and MentionsDelay raises the delay flag.
        ("delayed", new(TrackingStatus.InTransit)),
    ];

    /// <summary>An event: its code when the table knows it, else its wording, else Unknown.</summary>
    public static UspsStatus FromEvent(string? eventCode, string? eventType) =>
        eventCode is { } code && EventCodes.TryGetValue(code.Trim(), out var status)
            ? status
            : FromText(eventType) ?? new(TrackingStatus.Unknown);

    /// <summary>The summary: statusCategory, with the status wording for the reason of an "Alert".</summary>
    public static UspsStatus? FromSummary(string? statusCategory, string? status)
    {
        var fromText = FromText(status);
        if (statusCategory is { } category && StatusCategories.TryGetValue(category.Trim(), out var mapped))
        {
            return mapped.Status == TrackingStatus.Exception && fromText is { Status: TrackingStatus.Exception } detailed ? detailed : mapped;
        }

        return fromText ?? FromText(statusCategory);
    }

    /// <summary>USPS wording ("Delivered, Parcel Locker", "Delivery Attempted - No Access") by phrase; null when none matches.</summary>
    public static UspsStatus? FromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normalized = text.Replace('_', ' ');
        foreach (var (phrase, status) in Phrases)
        {
            if (normalized.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>True for USPS delay notices: "In Transit, Arriving Late", "will arrive later than expected", "Delivery delayed".</summary>
    public static bool MentionsDelay(string? text) => text is not null && DelayWords().IsMatch(text);

    [GeneratedRegex(@"\b(delay|delays|delayed|late|later than expected)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DelayWords();
}
