using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Fedex;

/// <summary>
/// Reads a FedEx tracking answer (HTTP 200) into one result per number asked. Each number is read on its own: a
/// surprising shape or unreadable time for one number makes that number Malformed and leaves the others alone.
/// </summary>
internal static class FedexTrackingParser
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private const string What = "FedEx track";

    public static Dictionary<string, ConnectorResult<TrackingSnapshot>> Read(IReadOnlyCollection<string> asked, ReadOnlySpan<byte> body, ILogger logger)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            logger.AnswerMalformed(ex.Message);
            return Fail(asked, HttpErrors.Malformed(What, "the answer is not JSON"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Object
                || !output.TryGetProperty("completeTrackResults", out var complete) || complete.ValueKind != JsonValueKind.Array)
            {
                // A request-level refusal may come back as { errors: [...] } without output.
                var error = RequestLevelError(root) ?? HttpErrors.Malformed(What, "the answer has no output.completeTrackResults");
                logger.AnswerMalformed(error.Message);
                return Fail(asked, error);
            }

            return ReadResults(asked, complete, logger);
        }
    }

    /// <summary>The error a whole-call failure body names ({ errors: [ { code, message } ] }), or null.</summary>
    public static ConnectorError? RequestLevelError(JsonElement root) => FirstError(root) is { } error ? ErrorFor(error) : null;

    /// <summary>The first coded entry of a failure body's errors[], or null.</summary>
    public static FedexError? FirstError(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        try
        {
            return errors.Deserialize<IReadOnlyList<FedexError?>>(JsonOptions)?.FirstOrDefault(e => e?.Code is { Length: > 0 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>FedEx's error codes: "*.NOTFOUND" (TRACKING.TRACKINGNUMBER.NOTFOUND, TRACKING.DATA.NOTFOUND) means unknown, anything else refuses the request.</summary>
    public static ConnectorError ErrorFor(FedexError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var code = error.Code ?? "no code";
        var message = string.IsNullOrWhiteSpace(error.Message) ? $"{What}: {code}" : $"{What}: {code}: {error.Message}";
        var kind = code.EndsWith(".NOTFOUND", StringComparison.OrdinalIgnoreCase) ? ConnectorErrorKind.NotFound : ConnectorErrorKind.Rejected;
        return new ConnectorError(kind, message);
    }

    private static Dictionary<string, ConnectorResult<TrackingSnapshot>> ReadResults(IReadOnlyCollection<string> asked, JsonElement complete, ILogger logger)
    {
        // FedEx echoes the number in completeTrackResults[].trackingNumber; tracking numbers are case-insensitive.
        var askedByNumber = asked.ToLookup(n => n.Trim(), StringComparer.OrdinalIgnoreCase);
        var answers = new Dictionary<string, List<FedexTrackResult?>>(StringComparer.OrdinalIgnoreCase);
        var unreadable = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in complete.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object
                || !element.TryGetProperty("trackingNumber", out var numberElement) || numberElement.ValueKind != JsonValueKind.String
                || numberElement.GetString()?.Trim() is not { Length: > 0 } number)
            {
                // Cannot be attributed: the number it was meant for ends up "not in the answer" below.
                logger.AnswerMalformed("a completeTrackResults entry has no trackingNumber");
                continue;
            }

            if (!askedByNumber.Contains(number))
            {
                logger.UnaskedNumber(number);
                continue;
            }

            try
            {
                var result = element.Deserialize<FedexCompleteTrackResult>(JsonOptions);
                if (!answers.TryGetValue(number, out var list))
                {
                    answers[number] = list = [];
                }

                list.AddRange(result?.TrackResults ?? []);
            }
            catch (JsonException ex)
            {
                unreadable[number] = $"unexpected shape at {ex.Path}";
            }
        }

        var results = new Dictionary<string, ConnectorResult<TrackingSnapshot>>(asked.Count, StringComparer.Ordinal);
        var unknownCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var asker in asked)
        {
            var key = asker.Trim();
            ConnectorResult<TrackingSnapshot> result;
            if (unreadable.TryGetValue(key, out var reason))
            {
                result = HttpErrors.Malformed(What, $"{asker}: {reason}");
            }
            else if (!answers.TryGetValue(key, out var trackResults))
            {
                result = HttpErrors.Malformed(What, $"the answer does not mention {asker}");
            }
            else
            {
                result = Map(asker, trackResults, unknownCodes, logger);
            }

            if (result.Error is { Kind: ConnectorErrorKind.Malformed } malformed)
            {
                logger.NumberMalformed(asker, malformed.Message);
            }

            results[asker] = result;
        }

        foreach (var code in unknownCodes)
        {
            logger.UnknownStatusCode(code);
        }

        return results;
    }

    private static ConnectorResult<TrackingSnapshot> Map(string number, List<FedexTrackResult?> trackResults, HashSet<string> unknownCodes, ILogger logger)
    {
        var candidates = trackResults.OfType<FedexTrackResult>().ToList();
        if (candidates.Count == 0)
        {
            return HttpErrors.Malformed(What, $"no trackResults for {number}");
        }

        // A result with an error and nothing else is FedEx saying no. The spec's own example carries an error next to
        // full tracking data; there the data wins (karrio reads it the same way).
        var shipments = candidates.Where(r => r.Error is null || r.LatestStatusDetail is not null || r.ScanEvents is { Count: > 0 }).ToList();
        if (shipments.Count == 0)
        {
            var error = candidates.Select(r => r.Error).OfType<FedexError>().First();
            logger.NumberError(error.Code ?? "no code", number);
            return ErrorFor(error);
        }

        if (shipments.Count > 1)
        {
            logger.SeveralShipments(shipments.Count, number);
        }

        return ToSnapshot(number, MostRecentShipment(shipments), unknownCodes);
    }

    /// <summary>
    /// FedEx reuses tracking numbers, and then returns one trackResult per shipment (they differ in
    /// trackingNumberUniqueId). Our parcel is the most recent shipment: the latest ship date (dateAndTimes SHIP, or the
    /// day of the oldest scan when SHIP is missing), then the latest scan; ties keep FedEx's order. Times without an
    /// offset count as UTC here, for ordering only.
    /// </summary>
    internal static FedexTrackResult MostRecentShipment(IReadOnlyList<FedexTrackResult> shipments)
    {
        var best = shipments[0];
        var bestKey = RecencyKey(best);
        foreach (var shipment in shipments.Skip(1))
        {
            var key = RecencyKey(shipment);
            if (key.CompareTo(bestKey) > 0)
            {
                (best, bestKey) = (shipment, key);
            }
        }

        return best;
    }

    private static (DateOnly ShipDay, DateTimeOffset LatestScan) RecencyKey(FedexTrackResult shipment)
    {
        var scans = (shipment.ScanEvents ?? [])
            .Select(e => CarrierTimestamp.TryParse(e?.Date, out var at) ? at : (CarrierTimestamp?)null)
            .OfType<CarrierTimestamp>()
            .Select(OrderingInstant)
            .ToList();
        var shipText = shipment.DateAndTimes?.FirstOrDefault(d => IsType(d, "SHIP"))?.DateTime;
        // SHIP is a day printed as midnight with a meaningless offset: only its date counts.
        var shipDay = CarrierTimestamp.TryParse(shipText, out var ship)
            ? DateOnly.FromDateTime(ship.WallClock)
            : scans.Count > 0 ? DateOnly.FromDateTime(scans.Min().DateTime) : DateOnly.MinValue;
        return (shipDay, scans.Count > 0 ? scans.Max() : DateTimeOffset.MinValue);
    }

    private static DateTimeOffset OrderingInstant(CarrierTimestamp at) => at.Instant ?? new DateTimeOffset(at.WallClock, TimeSpan.Zero);

    private static ConnectorResult<TrackingSnapshot> ToSnapshot(string number, FedexTrackResult result, HashSet<string> unknownCodes)
    {
        var events = new List<TrackingEvent>(result.ScanEvents?.Count ?? 0);
        FedexStatusDecision? newest = null;
        DateTimeOffset newestAt = DateTimeOffset.MinValue;
        CarrierTimestamp? deliveryScan = null;
        for (var i = 0; i < (result.ScanEvents?.Count ?? 0); i++)
        {
            if (result.ScanEvents![i] is not { } scan)
            {
                continue;
            }

            if (!CarrierTimestamp.TryParse(scan.Date, out var at))
            {
                // Never guess when something happened.
                return HttpErrors.Malformed(What, $"{number}: scan event {i} has no readable date");
            }

            var code = Blank(scan.EventType) ?? Blank(scan.DerivedStatusCode);
            var decision = Decide(code, unknownCodes, Blank(scan.DerivedStatusCode));
            var reason = FedexStatusMap.RefineReason(decision, scan.ExceptionDescription, scan.EventDescription);
            events.Add(new TrackingEvent(at, decision.Status, reason, code, Describe(scan), Place(scan.ScanLocation)));

            // FedEx lists scans newest first: on a tie the scan listed first is the newer one.
            if (newest is null || OrderingInstant(at) > newestAt)
            {
                (newest, newestAt) = (decision with { Reason = reason }, OrderingInstant(at));
            }

            if (decision.Status == TrackingStatus.Delivered && (deliveryScan is null || OrderingInstant(at) > OrderingInstant(deliveryScan.Value)))
            {
                deliveryScan = at;
            }
        }

        var latest = result.LatestStatusDetail;
        // latestStatusDetail.code is FedEx's current status; derivedCode is its summary (and the only place "RL"
        // appears). With neither readable, the newest scan decides.
        var current = FedexStatusMap.TryGet(latest?.Code, out var byCode) ? byCode
            : FedexStatusMap.TryGet(latest?.DerivedCode, out var byDerived) ? byDerived
            : newest ?? Decide(Blank(latest?.Code) ?? Blank(latest?.DerivedCode), unknownCodes, fallback: null);
        var wording = (latest?.AncillaryDetails ?? []).Select(a => a?.ReasonDescription).Append(latest?.Description).Append(latest?.StatusByLocale).ToArray();
        var currentReason = FedexStatusMap.RefineReason(current, wording);

        // Direct lateness signals: derivedCode RL ("Running Late"), delayDetail.status DELAYED, or a delay code.
        var delayed = string.Equals(latest?.DerivedCode, "RL", StringComparison.OrdinalIgnoreCase)
            || string.Equals(latest?.DelayDetail?.Status, "DELAYED", StringComparison.OrdinalIgnoreCase)
            || current is { Status: TrackingStatus.Exception, Reason: ExceptionReason.Delayed };
        if (delayed && currentReason is null or ExceptionReason.Delayed)
        {
            currentReason = string.Equals(latest?.DelayDetail?.Type, "WEATHER", StringComparison.OrdinalIgnoreCase)
                ? ExceptionReason.WeatherOrDisaster
                : ExceptionReason.Delayed;
        }

        if (!TryDates(result, out var dates, out var problem)
            || !TryWindow(result.EstimatedDeliveryTimeWindow, out var estimatedWindow, out problem)
            || !TryWindow(result.StandardTransitTimeWindow, out var standardWindow, out problem))
        {
            return HttpErrors.Malformed(What, $"{number}: {problem}");
        }

        var estimate = estimatedWindow
            ?? (dates.TryGetValue("ESTIMATED_DELIVERY", out var estimated) ? ToEstimate(null, estimated) : null)
            ?? standardWindow;

        return new TrackingSnapshot
        {
            Carrier = CarrierCode.Fedex,
            TrackingNumber = number,
            Status = current.Status,
            Reason = currentReason,
            Events = events,
            EstimatedDelivery = estimate,
            CommitmentTime = dates.TryGetValue("COMMITMENT", out var commitment) ? commitment
                : dates.TryGetValue("APPOINTMENT_DELIVERY", out var appointment) ? appointment
                : null,
            CarrierReportsDelay = delayed,
            ReportedService = Blank(result.ServiceDetail?.Description) ?? Blank(result.ServiceDetail?.Type),
            // Only for a delivered parcel: the spec's example carries an ACTUAL_DELIVERY on a parcel just picked up.
            DeliveredAt = current.Status == TrackingStatus.Delivered
                ? dates.TryGetValue("ACTUAL_DELIVERY", out var delivered) ? delivered : deliveryScan
                : null,
        };
    }

    private static FedexStatusDecision Decide(string? code, HashSet<string> unknownCodes, string? fallback)
    {
        if (FedexStatusMap.TryGet(code, out var decision) || FedexStatusMap.TryGet(fallback, out decision))
        {
            return decision;
        }

        if (code is not null)
        {
            unknownCodes.Add(code);
        }

        return new FedexStatusDecision(TrackingStatus.Unknown);
    }

    private static bool TryDates(FedexTrackResult result, out Dictionary<string, CarrierTimestamp> dates, out string? problem)
    {
        dates = new Dictionary<string, CarrierTimestamp>(StringComparer.OrdinalIgnoreCase);
        problem = null;
        foreach (var item in result.DateAndTimes ?? [])
        {
            if (Blank(item?.Type) is not { } type || Blank(item!.DateTime) is not { } text)
            {
                continue;
            }

            if (!CarrierTimestamp.TryParse(text, out var at))
            {
                problem = $"dateAndTimes {type} is not an ISO-8601 time";
                return false;
            }

            dates.TryAdd(type, at);
        }

        return true;
    }

    private static bool TryWindow(FedexTimeWindow? window, out DeliveryEstimate? estimate, out string? problem)
    {
        estimate = null;
        problem = null;
        // Often {"window":{}}; a window with a start and no end promises nothing.
        if (Blank(window?.Window?.Ends) is not { } endText)
        {
            return true;
        }

        CarrierTimestamp? begins = null;
        if (Blank(window!.Window!.Begins) is { } beginText)
        {
            if (!CarrierTimestamp.TryParse(beginText, out var parsed))
            {
                problem = $"{window.Type ?? "delivery"} window start is not an ISO-8601 time";
                return false;
            }

            begins = parsed;
        }

        if (!CarrierTimestamp.TryParse(endText, out var ends))
        {
            problem = $"{window.Type ?? "delivery"} window end is not an ISO-8601 time";
            return false;
        }

        estimate = ToEstimate(begins, ends);
        return true;
    }

    /// <summary>
    /// FedEx prints a bare day as midnight with a meaningless offset ("2024-04-26T00:00:00-06:00"): an end at midnight
    /// with no start is that day, not a deadline at its first second. Anything else is a window, offsets kept.
    /// </summary>
    internal static DeliveryEstimate ToEstimate(CarrierTimestamp? begins, CarrierTimestamp ends) =>
        begins is null && ends.WallClock.TimeOfDay == TimeSpan.Zero
            ? DeliveryEstimate.OnDay(DateOnly.FromDateTime(ends.WallClock))
            : DeliveryEstimate.Window(begins, ends);

    private static string Describe(FedexScanEvent scan)
    {
        var description = Blank(scan.EventDescription) ?? Blank(scan.DerivedStatus) ?? Blank(scan.EventType) ?? "FedEx scan";
        return Blank(scan.ExceptionDescription) is { } exception && !string.Equals(exception, description, StringComparison.OrdinalIgnoreCase)
            ? $"{description}: {exception}"
            : description;
    }

    /// <summary>City, state and country only: street lines and postal codes are never kept.</summary>
    private static string? Place(FedexLocation? location)
    {
        var parts = new[] { location?.City, location?.StateOrProvinceCode, location?.CountryCode }.Select(Blank).OfType<string>().ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static bool IsType(FedexDateAndTime? item, string type) => string.Equals(item?.Type, type, StringComparison.OrdinalIgnoreCase);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Dictionary<string, ConnectorResult<TrackingSnapshot>> Fail(IReadOnlyCollection<string> numbers, ConnectorError error) =>
        numbers.ToDictionary(n => n, _ => ConnectorResult.Failure<TrackingSnapshot>(error), StringComparer.Ordinal);
}
