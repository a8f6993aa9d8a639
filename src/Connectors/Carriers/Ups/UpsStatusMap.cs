using System.Globalization;
using RecoveryWorker.Connectors.Abstractions;
using static RecoveryWorker.Connectors.Abstractions.ExceptionReason;
using static RecoveryWorker.Connectors.Abstractions.TrackingStatus;

namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>A normalized status and, where UPS says why, the reason.</summary>
internal readonly record struct UpsDecision(TrackingStatus Status, ExceptionReason? Reason);

/// <summary>
/// UPS status vocabulary -> <see cref="TrackingStatus"/>, as tables taken from the Track API appendix
/// (developer.ups.com/api/reference/tracking/appendix). How one status object is decided:
/// <list type="number">
/// <item>The 3-digit <c>statusCode</c> (<see cref="StatusCodes"/>) is the most specific signal; failing that, the
/// movement-scan or manifest <c>code</c> of an I/P or M activity (<see cref="MovementScans"/>, <see cref="ManifestCodes"/>).</item>
/// <item>The activity <c>type</c> (<see cref="ActivityTypes"/>) has the last word where it is definite: a D activity is
/// Delivered unless the code says it went to a pickup point or back to the sender; an X activity is an Exception
/// unless the code says something more final (returned, held for pickup, delivered, voided).</item>
/// <item>An Exception without a reason from the table takes one from <see cref="ClassifyException"/>, a keyword rule over
/// UPS's customer-facing text (the 687 package exception codes and the DIALS codes have no other structure), with
/// <see cref="ExceptionReason.Other"/> as the explicit fallback.</item>
/// </list>
/// </summary>
internal static class UpsStatusMap
{
    /// <summary>Package Activity Types (<c>status.type</c>). P and RS are not in the appendix but occur in real answers.</summary>
    public static readonly IReadOnlyDictionary<string, TrackingStatus> ActivityTypes = new Dictionary<string, TrackingStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["D"] = Delivered,
        ["I"] = InTransit,              // "In Transit, Out for Delivery": the code tells which
        ["M"] = LabelCreated,           // billing information received: label only
        ["MV"] = Cancelled,             // billing information voided
        ["X"] = TrackingStatus.Exception,
        ["DO"] = InTransit,             // delivered to the origin freight station: still moving to the receiver
        ["DD"] = InTransit,             // delivered to the destination freight station, not to the receiver
        ["W"] = InTransit,              // freight warehousing
        ["NA"] = Unknown,               // "Not Available"
        ["U"] = Unknown,                // Track Alert update (date/time/photo): not a movement
        ["P"] = PickedUp,               // pickup scan
        ["RS"] = ReturnedToSender,
    };

    /// <summary>
    /// Status/Description Codes (<c>status.statusCode</c>, zero-padded to 3 digits). A null reason on an Exception means
    /// "take it from <see cref="ClassifyException"/>". Receiver-requested changes (hold, reschedule, new address) stay
    /// InTransit: the customer moved the promise, the carrier did not break it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, UpsDecision> StatusCodes = new Dictionary<string, UpsDecision>(StringComparer.Ordinal)
    {
        ["000"] = new(Unknown, null),                          // Status Not Available
        ["003"] = new(LabelCreated, null),                     // Shipment Ready for UPS
        ["005"] = new(InTransit, null),                        // On the Way
        ["006"] = new(OutForDelivery, null),
        ["007"] = new(Cancelled, null),                        // Shipment Information Voided
        ["010"] = new(InTransit, null),
        ["011"] = new(Delivered, null),
        ["012"] = new(InTransit, null),                        // Clearance in Progress: routine for imports
        ["013"] = new(TrackingStatus.Exception, null),         // Exception: reason from the text
        ["014"] = new(InTransit, null),                        // Clearance Completed
        ["016"] = new(InTransit, null),                        // In Warehouse
        ["017"] = new(AvailableForPickup, null),               // Held for Customer Pickup
        ["018"] = new(InTransit, null),                        // Delivery Change Requested: Hold for Pickup
        ["019"] = new(InTransit, null),                        // Held for Future Delivery (receiver's choice)
        ["020"] = new(InTransit, null),                        // Held for Future Delivery Requested
        ["021"] = new(OutForDelivery, null),
        ["022"] = new(TrackingStatus.Exception, FailedAttempt), // First Attempt Made
        ["023"] = new(TrackingStatus.Exception, FailedAttempt), // Second Delivery Attempted
        ["024"] = new(TrackingStatus.Exception, FailedAttempt), // Final Attempt Made
        ["025"] = new(InTransit, null),
        ["026"] = new(Delivered, null),                        // Delivered by Local Post Office
        ["027"] = new(InTransit, null),                        // Delivery Address Change Requested
        ["028"] = new(InTransit, null),                        // Delivery Address Changed
        ["029"] = new(TrackingStatus.Exception, null),         // Exception: Action Required
        ["030"] = new(TrackingStatus.Exception, null),         // Local Post Office Exception
        ["032"] = new(TrackingStatus.Exception, WeatherOrDisaster), // Adverse Weather May Cause Delay
        ["033"] = new(ReturnedToSender, null),                 // Return to Sender Requested: it will not be delivered
        ["034"] = new(ReturnedToSender, null),
        ["035"] = new(ReturnedToSender, null),
        ["036"] = new(ReturnedToSender, null),
        ["037"] = new(OutForDelivery, null),
        ["038"] = new(PickedUp, null),                         // Picked Up by UPS
        ["039"] = new(InTransit, null),
        ["040"] = new(AvailableForPickup, null),               // Ready for Customer Pickup
        ["041"] = new(InTransit, null),                        // Service Upgrade Requested
        ["042"] = new(InTransit, null),                        // Service Upgraded
        ["043"] = new(LabelCreated, null),                     // Voided Pickup: UPS still does not have it
        ["044"] = new(LabelCreated, null),                     // On the Way to UPS: not accepted yet
        ["045"] = new(LabelCreated, null),
        ["046"] = new(TrackingStatus.Exception, Delayed),
        ["047"] = new(InTransit, null),
        ["048"] = new(TrackingStatus.Exception, Delayed),
        ["049"] = new(TrackingStatus.Exception, null),         // Delay: Action Required: the text says which action
        ["050"] = new(TrackingStatus.Exception, AddressIssue), // Address Information Required
        ["051"] = new(TrackingStatus.Exception, WeatherOrDisaster),
        ["052"] = new(TrackingStatus.Exception, WeatherOrDisaster),
        ["053"] = new(TrackingStatus.Exception, WeatherOrDisaster),
        ["054"] = new(InTransit, null),                        // Delivery Change Requested
        ["055"] = new(TrackingStatus.Exception, Delayed),      // Rescheduled Delivery (by UPS; receiver requests are 115/116)
        ["056"] = new(InTransit, null),                        // Service Upgrade Requested
        ["057"] = new(InTransit, null),                        // On the Way to a Local UPS Access Point
        ["058"] = new(TrackingStatus.Exception, CustomsHold),  // Clearance Information Required
        ["059"] = new(TrackingStatus.Exception, Damaged),      // Damage Reported
        ["060"] = new(TrackingStatus.Exception, FailedAttempt), // Delivery Attempted
        ["061"] = new(TrackingStatus.Exception, FailedAttempt), // ...: Adult Signature Required
        ["062"] = new(TrackingStatus.Exception, FailedAttempt), // ...: Funds Required
        ["063"] = new(InTransit, null),                        // Delivery Change Completed
        ["064"] = new(TrackingStatus.Exception, Refused),
        ["065"] = new(LabelCreated, null),                     // Pickup Attempted: UPS does not have it yet
        ["066"] = new(TrackingStatus.Exception, FailedAttempt), // Post Office Delivery Attempted
        ["067"] = new(ReturnedToSender, null),                 // Returned to Sender by Post Office
        ["068"] = new(TrackingStatus.Exception, Lost),         // Sent to Lost and Found
        ["069"] = new(TrackingStatus.Exception, null),         // Unable to Deliver: the text says why
        ["070"] = new(InTransit, null),                        // Package not at UPS Access Point yet
        ["071"] = new(InTransit, null),                        // Preparing for Delivery (may be Saturday for Monday)
        ["072"] = new(InTransit, null),                        // Loaded on Delivery Vehicle: "might not be today" per UPS
        ["073"] = new(InTransit, null),
        ["074"] = new(InTransit, null),
        ["075"] = new(InTransit, null),                        // Scheduled for Delivery
        ["076"] = new(TrackingStatus.Exception, null),         // UPS Delivery Partner Exception
        ["077"] = new(LabelCreated, null),                     // Scheduled for Pickup Today
        ["078"] = new(OutForDelivery, null),                   // Your Driver is Arriving Soon!
        ["079"] = new(LabelCreated, null),                     // Order Processed: In Transit to UPS
        ["080"] = new(LabelCreated, null),                     // Order Processed: Ready for UPS
        ["081"] = new(ReturnedToSender, Damaged),              // Returned - Damage Reported
        ["082"] = new(InTransit, null),                        // Delivery Instructions Received
        ["083"] = new(TrackingStatus.Exception, null),         // Held
        ["084"] = new(InTransit, null),                        // Cleared
        ["085"] = new(TrackingStatus.Exception, ExceptionReason.Other), // Held for COD Payment
        ["086"] = new(TrackingStatus.Exception, Delayed),
        ["087"] = new(InTransit, null),
        ["088"] = new(Unknown, null),                          // Test
        ["089"] = new(OutForDelivery, null),
        ["090"] = new(TrackingStatus.Exception, Delayed),
        ["091"] = new(OutForDelivery, null),
        ["092"] = new(InTransit, null),                        // Customs Clearance in Progress
        ["093"] = new(TrackingStatus.Exception, Lost),         // Premier Recovery In Progress: UPS is looking for it
        ["094"] = new(InTransit, null),                        // Premier Recovery Completed
        ["095"] = new(InTransit, null),                        // Additional Attempt Requested
        ["096"] = new(InTransit, null),
        ["097"] = new(InTransit, null),
        ["098"] = new(InTransit, null),
        ["099"] = new(InTransit, null),
        ["100"] = new(InTransit, null),                        // Hold at Access Point Confirmed: 040/161 say when it is there
        ["101"] = new(InTransit, null),
        ["102"] = new(InTransit, null),
        ["103"] = new(InTransit, null),
        ["104"] = new(TrackingStatus.Exception, ExceptionReason.Other), // Hold for Instructions: delivery stopped until someone decides
        ["105"] = new(TrackingStatus.Exception, ExceptionReason.Other),
        ["106"] = new(InTransit, null),
        ["107"] = new(InTransit, null),
        ["108"] = new(InTransit, null),
        ["109"] = new(InTransit, null),
        ["110"] = new(InTransit, null),                        // Refrigeration / Re-Ice
        ["111"] = new(InTransit, null),
        ["112"] = new(InTransit, null),
        ["113"] = new(InTransit, null),
        ["114"] = new(InTransit, null),                        // Request Canceled
        ["115"] = new(InTransit, null),                        // Reschedule Delivery Confirmed (receiver's request)
        ["116"] = new(InTransit, null),
        ["117"] = new(ReturnedToSender, null),                 // Return by Saturday Confirmed
        ["118"] = new(ReturnedToSender, null),
        ["119"] = new(ReturnedToSender, null),
        ["120"] = new(InTransit, null),                        // Saturday Delivery
        ["121"] = new(InTransit, null),
        ["122"] = new(InTransit, null),                        // Upgrade Confirmed
        ["123"] = new(TrackingStatus.Exception, CustomsHold),  // Pending Release From Non-UPS Broker
        ["124"] = new(TrackingStatus.Exception, CustomsHold),
        ["125"] = new(TrackingStatus.Exception, CustomsHold),
        ["126"] = new(TrackingStatus.Exception, CustomsHold),  // Pending Government Agency Release
        ["127"] = new(Unknown, null),                          // Investigation Closed: the outcome is not in the code
        ["128"] = new(Unknown, null),                          // Investigation Canceled
        ["129"] = new(TrackingStatus.Exception, Lost),         // Investigation Opened (a trace)
        ["130"] = new(TrackingStatus.Exception, ExceptionReason.Other), // Claim in Progress (loss or damage)
        ["131"] = new(LabelCreated, null),                     // Final Pickup Attempted
        ["132"] = new(TrackingStatus.Exception, Delayed),      // Airport Security Delay
        ["133"] = new(Unknown, null),                          // Return Label Left With Customer: not about this parcel's progress
        ["134"] = new(InTransit, null),                        // Cleared Import Customs
        ["135"] = new(LabelCreated, null),                     // Second Pickup Attempted
        ["136"] = new(InTransit, null),                        // Delivery Rescheduled for Saturday
        ["137"] = new(InTransit, null),
        ["138"] = new(InTransit, null),
        ["139"] = new(TrackingStatus.Exception, AddressIssue), // Security Access Required (gate code)
        ["140"] = new(TrackingStatus.Exception, ExceptionReason.Other), // Claim Paid
        ["141"] = new(TrackingStatus.Exception, CustomsHold),  // Incomplete Documentation Received
        ["142"] = new(Unknown, null),                          // Claim Voided
        ["143"] = new(InTransit, null),                        // Delivered to Agent: the agent still has to deliver it
        ["144"] = new(AvailableForPickup, null),               // Delivered to Post Office for Pickup
        ["145"] = new(TrackingStatus.Exception, FailedAttempt),
        ["146"] = new(OutForDelivery, null),
        ["147"] = new(TrackingStatus.Exception, ExceptionReason.Other), // Seized by Law Enforcement
        ["148"] = new(Unknown, null),                          // Package Information Unavailable
        ["149"] = new(TrackingStatus.Exception, ExceptionReason.Other), // Prohibited Contents, Package Destroyed
        ["153"] = new(Unknown, null),                          // Updated Delivery Time: the estimate fields carry it
        ["154"] = new(Unknown, null),                          // Updated Delivery Date: ditto (RDD marks a slip)
        ["155"] = new(Delivered, null),                        // Delivery Photo: only taken on delivery
        ["156"] = new(Unknown, null),                          // Commercial Inside Release: a release authorization, not a movement
        ["157"] = new(LabelCreated, null),
        ["158"] = new(InTransit, null),
        ["159"] = new(InTransit, null),
        ["160"] = new(PickedUp, null),                         // We Have Your Package
        ["161"] = new(AvailableForPickup, null),               // Delivered to UPS Access Point
        ["162"] = new(OutForDelivery, null),
        ["163"] = new(Unknown, null),
        ["164"] = new(InTransit, null),
        ["165"] = new(InTransit, null),
        ["166"] = new(LabelCreated, null),                     // Shipment Ready for Roadie
        ["167"] = new(PickedUp, null),                         // Dropped off at UPS Store by Customer
        ["168"] = new(PickedUp, null),
        ["169"] = new(PickedUp, null),
    };

    /// <summary>Movement Scans (<c>status.code</c> of I/P activities), used when no status code decides.</summary>
    public static readonly IReadOnlyDictionary<string, TrackingStatus> MovementScans = new Dictionary<string, TrackingStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["AG"] = InTransit, ["AR"] = InTransit, ["AT"] = InTransit,
        ["CA"] = InTransit, ["CD"] = InTransit, ["CL"] = InTransit, // scan corrections: still moving
        ["DL"] = InTransit,        // Driver Load: like OD, delivery may not be today
        ["DP"] = InTransit, ["DS"] = InTransit, ["EP"] = InTransit, ["HU"] = InTransit, ["IP"] = InTransit,
        ["LC"] = InTransit, ["LM"] = InTransit,
        ["OC"] = LabelCreated,     // "Shipper created a label, UPS has not received the package yet"
        ["OD"] = InTransit,        // "delivery might not be today"
        ["OF"] = OutForDelivery, ["OT"] = OutForDelivery,
        ["OR"] = PickedUp, ["PC"] = PickedUp, ["PU"] = PickedUp, ["PT"] = PickedUp,
        ["PL"] = LabelCreated, ["SP"] = LabelCreated, ["VP"] = LabelCreated,
        ["UA"] = InTransit, ["UD"] = InTransit, ["UL"] = InTransit, ["WH"] = InTransit,
        ["XA"] = InTransit, ["XR"] = InTransit, ["YH"] = InTransit, ["YM"] = InTransit, ["YN"] = InTransit, ["YP"] = InTransit,
        ["XD"] = PickedUp,         // dropped off at a UPS Store: in UPS's hands
        ["YF"] = OutForDelivery,   // USPS out for delivery (SurePost last mile)
        ["YI"] = InTransit,        // out for delivery to an Access Point, not to the receiver
    };

    /// <summary>Manifest Codes (<c>status.code</c> of M activities).</summary>
    public static readonly IReadOnlyDictionary<string, TrackingStatus> ManifestCodes = new Dictionary<string, TrackingStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["DP"] = LabelCreated,
        ["MP"] = LabelCreated,
        ["RD"] = LabelCreated,
        ["VP"] = Cancelled,        // manifest cancelled and shipment voided
    };

    /// <summary>
    /// Package exception codes (X activities) saying the delivery came, or will come, after UPS's commitment:
    /// 56/59 "delivery was made after the UPS service commitment time", 4Y "scheduled to arrive today after the
    /// delivery commitment time", GV Premier "delivered after the scheduled time", 8C/8E/8F "may not have arrived
    /// on-schedule", 8Y/8Z "one business day later than expected".
    /// </summary>
    public static readonly IReadOnlySet<string> MissedCommitmentCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "56", "59", "4Y", "GV", "8C", "8E", "8F", "8Y", "8Z",
    };

    /// <summary>
    /// Keyword rules over UPS's customer-facing exception text, in order: the first rule with a matching phrase wins.
    /// Weather comes before damage ("location was damaged by fire" is a disaster), customs before delay ("customs
    /// delay"), address before attempt ("we're attempting to update the address").
    /// </summary>
    public static readonly IReadOnlyList<(ExceptionReason Reason, string[] Phrases)> ExceptionRules =
    [
        (WeatherOrDisaster, ["weather", "natural disaster", "emergency situation", "damaged by fire", "civil demonstration", "flood", "hurricane", "earthquake"]),
        (Damaged, ["damage", "merchandise missing", "merchandise is missing", "contents shortage"]),
        (Lost, ["lost and found", "lost package", "could not be located", "verify the package location", "not recoverable", "premier recovery"]),
        (Refused, ["refuse"]),
        (CustomsHold, ["customs", "clearance", "government agency", "govt agency", "broker", "import charges", "import c.o.d", "clearing agency", "clear agency", "clr agy", "duty", "in-bond", "gateway hold", "general order", "commercial invoice", "movement reference number", "power of attorney", "value of goods", "importer"]),
        (AddressIssue, ["address", "postal code", "apartment number", "suite number", "floor number", "street", "city name", "rural route", "p.o. box", "receiver has moved", "directions", "building directory", "receiver name", "apo or fpo", "label is illegible", "label became detached", "illegible label", "phone number", "vacant", "no longer in business", "security access", "gate code"]),
        (FailedAttempt, ["not available", "attempt", "was closed", "were closed", "business is closed", "no one was available", "adult signature", "receive payment", "collect funds", "valid pin", "missed you", "left a notice", "unable to contact", "on vacation", "proper identification", "delivery notice", "not picked up by the receiver", "does not fit in locker", "unable to deliver", "not in."]),
        (Delayed, ["delay", " late", "missed", "reschedul", "misrouted", "incorrectly sorted", "after the", "on-schedule", "on schedule", "one business day", "mechanical failure", "unable to dispatch", "unable to load", "operating conditions", "disruption", "labor", "strike", "did not arrive", "not received at the ups facility", "future delivery date", "held until", "special flight", "adjusting", "updating plans", "flight cancel", "as quickly as possible"]),
    ];

    /// <summary>Decides one UPS status object (an activity's or the package's current status).</summary>
    public static UpsDecision Resolve(UpsStatus? status)
    {
        if (status is null)
        {
            return new(Unknown, null);
        }

        var type = status.Type?.Trim().ToUpperInvariant();
        var code = status.Code?.Trim();
        UpsDecision? primary = null;
        if (NormalizeStatusCode(status.StatusCode) is { } statusCode
            && StatusCodes.TryGetValue(statusCode, out var byStatusCode)
            && byStatusCode.Status != Unknown)
        {
            primary = byStatusCode;
        }
        else if (code is not null && type is "I" or "P" && MovementScans.TryGetValue(code, out var moved) && moved != Unknown)
        {
            primary = new(moved, null);
        }
        else if (code is not null && type is "M" && ManifestCodes.TryGetValue(code, out var manifested))
        {
            primary = new(manifested, null);
        }

        TrackingStatus? byType = type is not null && ActivityTypes.TryGetValue(type, out var t) ? t : null;
        var decision = byType switch
        {
            Delivered => primary is { Status: AvailableForPickup or ReturnedToSender } ? primary.Value : new(Delivered, null),
            TrackingStatus.Exception => primary is { Status: TrackingStatus.Exception or ReturnedToSender or AvailableForPickup or Delivered or Cancelled }
                ? primary.Value
                : new(TrackingStatus.Exception, null),
            _ => primary ?? new(byType ?? Unknown, null),
        };

        if (decision.Status == TrackingStatus.Exception && decision.Reason is null)
        {
            var reason = type == "X" && code is not null && MissedCommitmentCodes.Contains(code)
                ? Delayed
                : ClassifyException(status.Description ?? status.SimplifiedTextDescription);
            decision = decision with { Reason = reason };
        }

        return decision;
    }

    /// <summary>The reason a UPS exception text gives, by <see cref="ExceptionRules"/>; <see cref="ExceptionReason.Other"/> when no rule matches.</summary>
    public static ExceptionReason ClassifyException(string? description) => MatchException(description)?.Reason ?? ExceptionReason.Other;

    /// <summary>The rule that decides <paramref name="description"/>, or null when the fallback applies.</summary>
    public static (ExceptionReason Reason, string Phrase)? MatchException(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return null;
        }

        var text = " " + description.ToLowerInvariant() + " ";
        foreach (var (reason, phrases) in ExceptionRules)
        {
            foreach (var phrase in phrases)
            {
                if (text.Contains(phrase, StringComparison.Ordinal))
                {
                    return (reason, phrase);
                }
            }
        }

        return null;
    }

    /// <summary>"11", "011" and " 011 " are the same code; JSON uses three digits, the appendix does not.</summary>
    public static string? NormalizeStatusCode(string? statusCode)
    {
        var trimmed = statusCode?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("D3", CultureInfo.InvariantCulture)
            : trimmed;
    }
}
