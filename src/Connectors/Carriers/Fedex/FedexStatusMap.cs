using System.Collections.Frozen;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Fedex;

/// <summary>A FedEx status code's meaning for us.</summary>
internal readonly record struct FedexStatusDecision(TrackingStatus Status, ExceptionReason? Reason = null);

/// <summary>
/// FedEx status codes (latestStatusDetail.code / derivedCode, scanEvents[].eventType / derivedStatusCode) to our
/// statuses. Every Movement and Regulatory code of FedEx's "Tracking Status Codes" reference
/// (conformance/carrier-codes/fedex-tracking-status-codes.json) has a row; codes outside the table map to Unknown.
/// </summary>
internal static class FedexStatusMap
{
    /// <summary>The exception reason of the generic exception codes, refined from FedEx's wording by <see cref="RefineReason"/>.</summary>
    public static readonly FrozenDictionary<string, FedexStatusDecision> Codes = new Dictionary<string, FedexStatusDecision>(StringComparer.OrdinalIgnoreCase)
    {
        // Before the parcel is in FedEx's hands.
        ["OC"] = new(TrackingStatus.LabelCreated),                          // Order Created ("Shipment information sent to FedEx")
        ["IN"] = new(TrackingStatus.LabelCreated),                          // derivedStatusCode of OC scans ("Initiated"); seen in real answers
        ["EP"] = new(TrackingStatus.LabelCreated),                          // Enroute to Pickup
        // Judgment: karrio says picked_up, but "At Pickup" is the courier at the door, before FedEx accepted the parcel.
        ["AP"] = new(TrackingStatus.LabelCreated),                          // At Pickup
        ["DS"] = new(TrackingStatus.LabelCreated),                          // Vehicle Dispatched (to a pickup)
        ["DR"] = new(TrackingStatus.LabelCreated),                          // Vehicle furnished but not used (nothing picked up)
        ["RP"] = new(TrackingStatus.LabelCreated),                          // Return label link e-mailed to return sender
        ["RG"] = new(TrackingStatus.LabelCreated),                          // Return label link expiring soon
        ["LP"] = new(TrackingStatus.Cancelled),                             // Return label link cancelled by shipment originator
        ["RD"] = new(TrackingStatus.Cancelled),                             // Return label link expired (karrio: cancelled)
        ["MD"] = new(TrackingStatus.LabelCreated),                          // not in FedEx's table; karrio: pending

        // Accepted.
        ["PU"] = new(TrackingStatus.PickedUp),                              // Picked Up
        ["PX"] = new(TrackingStatus.PickedUp),                              // Picked up (see Details)
        ["OF"] = new(TrackingStatus.PickedUp),                              // At FedEx origin facility

        // Moving.
        ["AA"] = new(TrackingStatus.InTransit),                             // At Airport
        ["AC"] = new(TrackingStatus.InTransit),                             // At Canada Post facility
        ["AE"] = new(TrackingStatus.InTransit),                             // Shipment arriving early (not in the table; seen in real answers)
        ["AF"] = new(TrackingStatus.InTransit),                             // At local FedEx Facility
        ["AO"] = new(TrackingStatus.InTransit),                             // Shipment arriving On-time (informational scan)
        ["AR"] = new(TrackingStatus.InTransit),                             // Arrived at FedEx location
        ["AX"] = new(TrackingStatus.InTransit),                             // At USPS facility
        ["CH"] = new(TrackingStatus.InTransit),                             // Location Changed (a reroute, not a failure)
        ["DP"] = new(TrackingStatus.InTransit),                             // Departed
        ["EA"] = new(TrackingStatus.InTransit),                             // Enroute to Airport; Regulatory: Export Approved
        ["EO"] = new(TrackingStatus.InTransit),                             // Enroute to Origin Airport
        ["FD"] = new(TrackingStatus.InTransit),                             // At FedEx Destination
        ["IT"] = new(TrackingStatus.InTransit),                             // In Transit
        ["IX"] = new(TrackingStatus.InTransit),                             // In transit (see Details)
        ["LO"] = new(TrackingStatus.InTransit),                             // Left Origin
        ["Ow"] = new(TrackingStatus.InTransit),                             // On the way
        // Judgment: karrio says pending, but SmartPost sends it when FedEx hands the moving parcel to USPS.
        ["OX"] = new(TrackingStatus.InTransit),                             // Shipment information sent to USPS
        ["PF"] = new(TrackingStatus.InTransit),                             // Plane in Flight
        ["PL"] = new(TrackingStatus.InTransit),                             // Plane Landed
        ["PM"] = new(TrackingStatus.InTransit),                             // In Progress
        ["SF"] = new(TrackingStatus.InTransit),                             // At Sort Facility
        ["SP"] = new(TrackingStatus.InTransit),                             // Split Status (a multi-piece shipment in several states)
        ["TR"] = new(TrackingStatus.InTransit),                             // Transfer
        // Custom delivery option requested / modified / cancelled: the recipient changed plans, the parcel keeps moving.
        ["RR"] = new(TrackingStatus.InTransit),                             // CDO requested
        ["RM"] = new(TrackingStatus.InTransit),                             // CDO Modified
        ["RC"] = new(TrackingStatus.InTransit),                             // CDO Cancelled
        ["CC"] = new(TrackingStatus.InTransit),                             // Regulatory: Cleared Customs
        ["CP"] = new(TrackingStatus.InTransit),                             // Regulatory: Clearance in Progress (routine for imports)

        // Last mile.
        ["OD"] = new(TrackingStatus.OutForDelivery),                        // Out for Delivery
        ["ED"] = new(TrackingStatus.OutForDelivery),                        // Enroute to Delivery
        ["AD"] = new(TrackingStatus.OutForDelivery),                        // At Delivery
        ["HL"] = new(TrackingStatus.AvailableForPickup),                    // Hold at Location
        ["HP"] = new(TrackingStatus.AvailableForPickup),                    // Ready for Recipient Pickup
        ["DL"] = new(TrackingStatus.Delivered),                             // Delivered

        // Trouble.
        ["DE"] = new(TrackingStatus.Exception, ExceptionReason.FailedAttempt), // Delivery Exception (refined from the wording)
        ["SE"] = new(TrackingStatus.Exception, ExceptionReason.Other),      // Shipment Exception (refined from the wording)
        ["DD"] = new(TrackingStatus.Exception, ExceptionReason.Delayed),    // Delivery Delay
        ["DY"] = new(TrackingStatus.Exception, ExceptionReason.Delayed),    // Delay
        ["PD"] = new(TrackingStatus.Exception, ExceptionReason.Delayed),    // Pickup Delay
        ["PY"] = new(TrackingStatus.Exception, ExceptionReason.Delayed),    // not in FedEx's table; karrio: delivery_delayed
        ["CD"] = new(TrackingStatus.Exception, ExceptionReason.CustomsHold), // Regulatory: Clearance Delay
        ["HA"] = new(TrackingStatus.Exception, ExceptionReason.Other),      // not in FedEx's table; karrio: on_hold
        ["RS"] = new(TrackingStatus.ReturnedToSender),                      // Return to Shipper
        ["RT"] = new(TrackingStatus.ReturnedToSender),                      // not in FedEx's table; karrio: return_to_sender
        ["CA"] = new(TrackingStatus.Cancelled),                             // Shipment Cancelled

        // "Running Late": a derivedCode seen in real answers (code stays e.g. FD). The parcel is still moving; the
        // tracker also raises CarrierReportsDelay.
        ["RL"] = new(TrackingStatus.InTransit, ExceptionReason.Delayed),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The table's "Possession" section (who holds the parcel: carrier, recipient, shipper, customs, broker, transfer
    /// partner, split). They are not statuses and the tracker reads no possession field; listed so that the code-table
    /// test sees a deliberate decision for each. CA and RC mean something else as Movement codes (above).
    /// </summary>
    public static readonly FrozenSet<string> PossessionCodes = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "CA", "RC", "SH", "CU", "BR", "TP", "SP");

    // Checked in order against FedEx's wording (ancillary reason, exception description, status description).
    private static readonly (string Phrase, ExceptionReason Reason)[] ReasonPhrases =
    [
        ("address", ExceptionReason.AddressIssue),
        ("refused", ExceptionReason.Refused),
        ("rejected", ExceptionReason.Refused),
        ("damage", ExceptionReason.Damaged),
        ("unable to locate", ExceptionReason.Lost),
        ("weather", ExceptionReason.WeatherOrDisaster),
        ("natural disaster", ExceptionReason.WeatherOrDisaster),
        ("customs", ExceptionReason.CustomsHold),
        ("clearance", ExceptionReason.CustomsHold),
        ("not available", ExceptionReason.FailedAttempt),
        ("business closed", ExceptionReason.FailedAttempt),
        ("not home", ExceptionReason.FailedAttempt),
    ];

    public static bool TryGet(string? code, out FedexStatusDecision decision)
    {
        decision = default;
        return !string.IsNullOrWhiteSpace(code) && Codes.TryGetValue(code.Trim(), out decision);
    }

    /// <summary>
    /// For an exception, a more specific reason when FedEx's wording names one ("Customer not available or business
    /// closed", "Incorrect address"); otherwise the table's reason. Other statuses keep theirs.
    /// </summary>
    public static ExceptionReason? RefineReason(FedexStatusDecision decision, params ReadOnlySpan<string?> wording)
    {
        if (decision.Status != TrackingStatus.Exception)
        {
            return decision.Reason;
        }

        foreach (var text in wording)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            foreach (var (phrase, reason) in ReasonPhrases)
            {
                if (text.Contains(phrase, StringComparison.OrdinalIgnoreCase))
                {
                    return reason;
                }
            }
        }

        return decision.Reason;
    }
}
