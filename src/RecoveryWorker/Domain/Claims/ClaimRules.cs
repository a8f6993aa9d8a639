using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Domain.Claims;

/// <summary>What the rules know about one shipment: its promise, the carrier's latest snapshot in order, and the charge.</summary>
internal sealed record ClaimFacts(
    CarrierCode Carrier,
    DeliveryPromise Promise,
    TrackingSnapshot Snapshot,
    TrackingTimeline Timeline,
    decimal ShippingCharge,
    string Currency);

/// <summary>A claim the carrier owes (or would owe, but for <see cref="Exclusion"/>), with the carrier's own evidence.</summary>
internal sealed record ClaimDecision(
    string Reason,
    DateTimeOffset Commitment,
    string CommitmentEvidence,
    DateTimeOffset? ActualDelivery,
    string? DeliveryEvidence,
    DateTimeOffset FileBy,
    decimal Amount,
    string Currency,
    string? Exclusion,
    string? ExclusionEvidence)
{
    public string Status => Exclusion is null ? ClaimStatuses.ToFile : ClaimStatuses.Excluded;
}

/// <summary>
/// Decides whether a parcel on a carrier-guaranteed service earns a refund of its shipping charge. Pure: the same facts
/// and clock give the same answer. A parcel is late when delivered after the carrier's commitment by any amount (the
/// guarantee has no grace), or still undelivered once it passed. Exclusions are read from the carrier's own scans up to
/// the delivery (or now): the first that holds, in <see cref="ClaimExclusions.All"/> order, is recorded with the scan
/// that shows it.
/// </summary>
internal sealed class ClaimRules(IOptions<ClaimOptions> options, ServiceCatalog services, TimeProvider time)
{
    private readonly ClaimOptions _options = options.Value;

    // Wording carriers use for what their guarantee excludes, checked on scan texts (lower case). Weather and customs
    // come first through the connectors' own reasons (UPS 032/051-053, FedEx CD, ...); the texts catch the rest.
    private static readonly string[] BeyondControlWords = ["beyond", "emergency", "civil", "strike", "government", "act of god", "disaster"];
    private static readonly string[] AddressWords = ["address correct", "address change", "address was corrected", "incorrect address", "wrong address", "address changed", "address information"];
    private static readonly string[] RecipientWords = ["receiver requested", "recipient requested", "customer requested", "consignee requested", "delivery change requested", "rescheduled by", "at the request of", "will call", "delivery option requested", "requested by the receiver"];
    private static readonly string[] HoldWords = ["hold", "held", "holding", "on-hold"];

    // Carrier codes that are themselves an exclusion whatever the wording (UPS appendix, FedEx status table).
    private static readonly Dictionary<string, string> UpsCodes = new(StringComparer.Ordinal)
    {
        ["018"] = ClaimExclusions.RecipientRequest, // Delivery Change Requested: Hold for Pickup
        ["020"] = ClaimExclusions.RecipientRequest, // Held for Future Delivery Requested
        ["027"] = ClaimExclusions.AddressCorrection, // Delivery Address Change Requested
        ["028"] = ClaimExclusions.AddressCorrection, // Delivery Address Changed
        ["054"] = ClaimExclusions.RecipientRequest, // Delivery Change Requested
        ["104"] = ClaimExclusions.Hold, // Hold for Instructions
    };

    private static readonly Dictionary<string, string> FedexCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RR"] = ClaimExclusions.RecipientRequest, // Custom delivery option requested
        ["RM"] = ClaimExclusions.RecipientRequest, // Custom delivery option modified
        ["HA"] = ClaimExclusions.Hold,
        ["CD"] = ClaimExclusions.Customs, // Regulatory: clearance delay
    };

    /// <summary>The claim this parcel earns now, or null: not a guaranteed service, on time, not yet late, or cancelled.</summary>
    public ClaimDecision? Decide(ClaimFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var promise = facts.Promise;
        var timeline = facts.Timeline;
        if (!services.IsCarrierGuaranteed(promise.ServiceCode) || timeline.Status == TrackingStatus.Cancelled)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var (commitment, commitmentEvidence) = facts.Snapshot.CommitmentTime is { } committed
            ? (committed.ToInstant(promise.TimeZone), $"carrier commitment {committed}")
            : (promise.PromisedBy, $"scheduled delivery of the {promise.ServiceCode} service");

        string reason;
        if (timeline.DeliveredAt is { } delivered)
        {
            if (delivered <= commitment)
            {
                return null;
            }

            reason = ClaimReasons.Late;
        }
        else if (timeline.Status == TrackingStatus.ReturnedToSender || now > commitment)
        {
            reason = ClaimReasons.NotDelivered;
        }
        else
        {
            return null;
        }

        var terms = _options.For(facts.Carrier.ToWireName());
        var (exclusion, exclusionEvidence) = Exclusion(facts, timeline.DeliveredAt ?? now);
        if (exclusion is null && SuspendedOn(terms, promise, commitment) is { } suspension)
        {
            (exclusion, exclusionEvidence) = (ClaimExclusions.Suspension, $"guarantee suspended {suspension.From:yyyy-MM-dd} to {suspension.To:yyyy-MM-dd}");
        }

        var deliveryEvent = timeline.DeliveredAt is null ? null : timeline.Events.FirstOrDefault(e => e.Event.Status == TrackingStatus.Delivered);
        return new ClaimDecision(
            reason,
            commitment,
            commitmentEvidence,
            timeline.DeliveredAt,
            timeline.DeliveredAt is null ? null : Evidence(deliveryEvent) ?? "carrier reports delivered",
            commitment + terms.FileWithin,
            facts.ShippingCharge,
            facts.Currency,
            exclusion,
            exclusionEvidence);
    }

    private static GuaranteeSuspension? SuspendedOn(CarrierClaimOptions terms, DeliveryPromise promise, DateTimeOffset commitment)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(commitment, promise.TimeZone).DateTime);
        return terms.Suspensions.FirstOrDefault(s => s.Covers(day, promise.ServiceCode));
    }

    /// <summary>The first exclusion, in precedence order, that a scan up to <paramref name="until"/> shows.</summary>
    private static (string? Exclusion, string? Evidence) Exclusion(ClaimFacts facts, DateTimeOffset until)
    {
        var events = facts.Timeline.Events.Where(e => e.Instant <= until).ToList();
        if (facts.Timeline.Status == TrackingStatus.ReturnedToSender || events.Any(e => e.Event.Status == TrackingStatus.ReturnedToSender))
        {
            return (ClaimExclusions.ReturnedToSender, Evidence(events.LastOrDefault(e => e.Event.Status == TrackingStatus.ReturnedToSender)) ?? "carrier reports returned to sender");
        }

        string? best = null;
        TimelineEvent? shownBy = null;
        foreach (var e in events)
        {
            var found = Classify(facts.Carrier, e.Event);
            if (found is not null && (best is null || Rank(found) < Rank(best)))
            {
                (best, shownBy) = (found, e);
            }
        }

        // A carrier summary's reason with no scan to show it (some answer with a status and no history) still counts,
        // unless the parcel was delivered: a reason reported after the delivery did not delay it.
        if (best is null && facts.Timeline.DeliveredAt is null && facts.Snapshot.Reason is { } summary && FromReason(summary) is { } fromSummary)
        {
            return (fromSummary, $"carrier status reason {summary}");
        }

        return (best, Evidence(shownBy));
    }

    private static int Rank(string exclusion)
    {
        for (var i = 0; i < ClaimExclusions.All.Count; i++)
        {
            if (ClaimExclusions.All[i] == exclusion)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>What one scan says about the guarantee, by the connector's reason, the carrier's code, then its wording.</summary>
    internal static string? Classify(CarrierCode carrier, TrackingEvent scan)
    {
        if (scan.Status == TrackingStatus.ReturnedToSender)
        {
            return ClaimExclusions.ReturnedToSender;
        }

        if (scan.Status == TrackingStatus.Delivered)
        {
            return null; // the delivery itself excuses nothing ("left with a household member")
        }

        if (scan.Reason is { } reason && FromReason(reason) is { } byReason)
        {
            return byReason;
        }

        var codes = carrier switch
        {
            CarrierCode.Ups => UpsCodes,
            CarrierCode.Fedex => FedexCodes,
            _ => null,
        };
        if (scan.CarrierCode is { } code && codes is not null && codes.TryGetValue(code, out var byCode))
        {
            return byCode;
        }

        var text = scan.Description.ToLowerInvariant();
        if (text.Contains("weather", StringComparison.Ordinal))
        {
            return ClaimExclusions.Weather;
        }

        if (BeyondControlWords.Any(w => text.Contains(w, StringComparison.Ordinal)))
        {
            return ClaimExclusions.BeyondControl;
        }

        if (text.Contains("customs", StringComparison.Ordinal) || text.Contains("clearance", StringComparison.Ordinal))
        {
            return ClaimExclusions.Customs;
        }

        if (AddressWords.Any(w => text.Contains(w, StringComparison.Ordinal)))
        {
            return ClaimExclusions.AddressCorrection;
        }

        if (RecipientWords.Any(w => text.Contains(w, StringComparison.Ordinal)))
        {
            return ClaimExclusions.RecipientRequest;
        }

        // Whole words only: "household" or "shareholder" are no hold.
        var words = text.Split([' ', ',', '.', ':', ';', '(', ')', '/'], StringSplitOptions.RemoveEmptyEntries);
        return words.Any(w => HoldWords.Contains(w, StringComparer.Ordinal)) ? ClaimExclusions.Hold : null;
    }

    private static string? FromReason(ExceptionReason reason) => reason switch
    {
        ExceptionReason.WeatherOrDisaster => ClaimExclusions.Weather,
        ExceptionReason.CustomsHold => ClaimExclusions.Customs,
        ExceptionReason.AddressIssue => ClaimExclusions.AddressCorrection,
        _ => null,
    };

    private static string? Evidence(TimelineEvent? e) =>
        e is null ? null : string.Join(' ', new[] { e.Instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture), e.Event.CarrierCode, e.Event.Description }.Where(p => !string.IsNullOrWhiteSpace(p)));
}
