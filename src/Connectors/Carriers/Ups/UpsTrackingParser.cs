using System.Globalization;
using System.Text.Json;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>
/// Turns one UPS Track API answer (HTTP 200 body) into a snapshot. Never throws for vendor data: unreadable JSON or a
/// surprising shape is <see cref="ConnectorErrorKind.Malformed"/> for that number; warning TW0001 without a package is
/// <see cref="ConnectorErrorKind.NotFound"/>. Error reasons name fields and codes, never values such as addresses.
/// </summary>
internal static class UpsTrackingParser
{
    /// <summary>"Tracking Information Not Found": UPS's answer to an unknown number, with HTTP 200.</summary>
    public const string NotFoundWarning = "TW0001";

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly string[] DateFormats = ["yyyyMMdd", "yyyy-MM-dd"];

    public static ConnectorResult<TrackingSnapshot> Parse(string trackingNumber, string? json)
    {
        var what = $"UPS tracking {trackingNumber}";
        UpsTrackApiResponse? body;
        try
        {
            body = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<UpsTrackApiResponse>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            return HttpErrors.Malformed(what, $"the answer is not the JSON UPS documents ({ex.Path ?? "root"}: {ex.GetType().Name})");
        }

        if (body is null)
        {
            return HttpErrors.Malformed(what, "the answer is empty");
        }

        var shipments = body.TrackResponse?.Shipment?.OfType<UpsShipment>().ToList() ?? [];
        if (shipments.Count == 0)
        {
            return body.Response?.Errors is { Count: > 0 } errors
                ? new ConnectorError(ConnectorErrorKind.Rejected, $"{what}: UPS answered with errors {Codes(errors)}")
                : HttpErrors.Malformed(what, "trackResponse.shipment is missing or empty");
        }

        var shipment = shipments.Find(s => SameNumber(s.InquiryNumber, trackingNumber)) ?? shipments[0];
        var packages = shipment.Package?.OfType<UpsPackage>().ToList() ?? [];
        if (packages.Count == 0)
        {
            var warnings = shipment.Warnings?.OfType<UpsMessage>().ToList() ?? [];
            return warnings.Exists(w => string.Equals(w.Code?.Trim(), NotFoundWarning, StringComparison.OrdinalIgnoreCase))
                ? new ConnectorError(ConnectorErrorKind.NotFound, $"{what}: UPS has no tracking information ({NotFoundWarning})")
                : HttpErrors.Malformed(what, $"the shipment has no package (warnings: {Codes(warnings)})");
        }

        // A shipment inquiry can list several packages; the one asked for is the one that counts.
        var package = packages.Find(p => SameNumber(p.TrackingNumber, trackingNumber)) ?? packages[0];
        return Map(trackingNumber, shipment, package, what);
    }

    private static ConnectorResult<TrackingSnapshot> Map(string trackingNumber, UpsShipment shipment, UpsPackage package, string what)
    {
        var events = new List<TrackingEvent>();
        var activities = package.Activity ?? [];
        for (var i = 0; i < activities.Count; i++)
        {
            if (activities[i] is not { } activity)
            {
                continue;
            }

            if (!TryActivityTime(activity, out var at, out var problem))
            {
                return HttpErrors.Malformed(what, $"activity[{i}]: {problem}");
            }

            var decision = UpsStatusMap.Resolve(activity.Status);
            events.Add(new TrackingEvent(
                at,
                decision.Status,
                decision.Reason,
                EventCode(activity.Status),
                Describe(activity.Status),
                Place(activity.Location?.Address)));
        }

        // UPS lists activities most recent first; its currentStatus is the summary, the newest known scan the fallback.
        var current = UpsStatusMap.Resolve(package.CurrentStatus);
        if (current.Status == TrackingStatus.Unknown && events.FirstOrDefault(e => e.Status != TrackingStatus.Unknown) is { } newest)
        {
            current = new UpsDecision(newest.Status, newest.Reason);
        }

        var dates = package.DeliveryDate?.OfType<UpsDeliveryDate>().ToList() ?? [];
        var times = DeliveryTimes(package.DeliveryTime);
        var rescheduled = DateOf(dates, "RDD");
        var estimateDay = rescheduled ?? DateOf(dates, "SDD");
        var (estimate, commitment) = Estimate(estimateDay, times);

        return new TrackingSnapshot
        {
            Carrier = CarrierCode.Ups,
            TrackingNumber = trackingNumber,
            Status = current.Status,
            Reason = current.Reason,
            Events = events,
            EstimatedDelivery = estimate,
            CommitmentTime = commitment,
            CarrierReportsDelay = rescheduled is not null
                || current.Reason is ExceptionReason.Delayed or ExceptionReason.WeatherOrDisaster
                || activities.Any(a => a?.Status is { } s
                    && string.Equals(s.Type?.Trim(), "X", StringComparison.OrdinalIgnoreCase)
                    && s.Code is { } code && UpsStatusMap.MissedCommitmentCodes.Contains(code.Trim())),
            ReportedService = ServiceName(package.Service) ?? ServiceName(shipment.Service),
            DeliveredAt = DeliveredAt(events, DateOf(dates, "DEL"), times),
        };
    }

    /// <summary>
    /// The activity's time: an instant when UPS gives gmtDate/gmtTime (UTC) with gmtOffset (the local offset), else the
    /// local wall clock, which carries no offset and is kept that way.
    /// </summary>
    private static bool TryActivityTime(UpsActivity activity, out CarrierTimestamp at, out string? problem)
    {
        at = default;
        problem = null;
        if (ParseDate(activity.GmtDate) is { } gmtDay && ParseTime(activity.GmtTime) is { } gmtTime)
        {
            var utc = new DateTimeOffset(gmtDay.ToDateTime(gmtTime), TimeSpan.Zero);
            at = TryParseOffset(activity.GmtOffset, out var offset)
                ? CarrierTimestamp.FromInstant(utc.ToOffset(offset))
                : CarrierTimestamp.FromInstant(utc);
            return true;
        }

        if (ParseDate(activity.Date) is not { } day)
        {
            problem = "date is missing or not YYYYMMDD";
            return false;
        }

        // A date without a time is midnight local: UPS sends both on every scan, so this is only a safe floor.
        var time = string.IsNullOrWhiteSpace(activity.Time) ? TimeOnly.MinValue : ParseTime(activity.Time);
        if (time is null)
        {
            problem = "time is not HHMMSS";
            return false;
        }

        at = CarrierTimestamp.FromWallClock(day.ToDateTime(time.Value));
        return true;
    }

    private static (DeliveryEstimate? Estimate, CarrierTimestamp? Commitment) Estimate(DateOnly? day, IReadOnlyList<UpsDeliveryTime> times)
    {
        if (day is not { } date)
        {
            return (null, null);
        }

        DeliveryEstimate? estimate = null;
        CarrierTimestamp? commitment = null;
        foreach (var time in times)
        {
            var type = time.Type?.Trim().ToUpperInvariant();
            var start = ParseTime(time.StartTime);
            var end = ParseTime(time.EndTime);
            switch (type)
            {
                // Estimated, confirmed and imminent windows; the later kinds are more precise, so they win.
                case "EDW" or "CDW" or "IDW" when end is { } windowEnd:
                    estimate = DeliveryEstimate.Window(
                        start is { } windowStart ? CarrierTimestamp.FromWallClock(date.ToDateTime(windowStart)) : null,
                        CarrierTimestamp.FromWallClock(date.ToDateTime(windowEnd)));
                    break;
                case "CMT" when (end ?? start) is { } committed:
                    commitment = CarrierTimestamp.FromWallClock(date.ToDateTime(committed));
                    break;
                default:
                    break;
            }
        }

        // EOD, CMT or no time at all: the estimate is the day (a commitment time is reported on its own).
        return (estimate ?? DeliveryEstimate.OnDay(date), commitment);
    }

    private static CarrierTimestamp? DeliveredAt(List<TrackingEvent> events, DateOnly? deliveredDay, IReadOnlyList<UpsDeliveryTime> times)
    {
        // The delivery scan carries the best time (an instant when UPS sent GMT fields); the earliest one counts.
        var scans = events.Where(e => e.Status == TrackingStatus.Delivered).ToList();
        if (scans.Count > 0)
        {
            return scans[^1].At;
        }

        var deliveredTime = times.FirstOrDefault(t => string.Equals(t.Type?.Trim(), "DEL", StringComparison.OrdinalIgnoreCase));
        return deliveredDay is { } day && deliveredTime is not null && ParseTime(deliveredTime.EndTime ?? deliveredTime.StartTime) is { } time
            ? CarrierTimestamp.FromWallClock(day.ToDateTime(time))
            : null;
    }

    /// <summary>deliveryTime is one object in the spec and an array in some answers; anything else is ignored.</summary>
    private static List<UpsDeliveryTime> DeliveryTimes(JsonElement? element)
    {
        var result = new List<UpsDeliveryTime>();
        if (element is not { } value)
        {
            return result;
        }

        IEnumerable<JsonElement> items = value.ValueKind switch
        {
            JsonValueKind.Object => [value],
            JsonValueKind.Array => value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList(),
            _ => [],
        };
        foreach (var item in items)
        {
            try
            {
                if (item.Deserialize<UpsDeliveryTime>(JsonOptions) is { } time)
                {
                    result.Add(time);
                }
            }
            catch (JsonException)
            {
                // A delivery time we cannot read is no delivery time; the rest of the answer stands.
            }
        }

        return result;
    }

    private static DateOnly? DateOf(List<UpsDeliveryDate> dates, string type) =>
        dates.Where(d => string.Equals(d.Type?.Trim(), type, StringComparison.OrdinalIgnoreCase))
             .Select(d => ParseDate(d.Date))
             .FirstOrDefault(d => d is not null);

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>HHMMSS, HH:MM:SS, or HHMMSS with the leading zero dropped ("74700" is 07:47:00).</summary>
    public static TimeOnly? ParseTime(string? text)
    {
        var digits = text?.Trim().Replace(":", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(digits) || digits.Length > 6 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        digits = digits.PadLeft(6, '0');
        return TimeOnly.TryParseExact(digits, "HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
    }

    private static bool TryParseOffset(string? text, out TimeSpan offset)
    {
        offset = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed[0] is not ('+' or '-'))
        {
            return false;
        }

        var negative = trimmed[0] == '-';
        if (!TimeSpan.TryParseExact(trimmed[1..], [@"hh\:mm", "hhmm", "hh"], CultureInfo.InvariantCulture, out var magnitude)
            || magnitude > TimeSpan.FromHours(14))
        {
            return false;
        }

        offset = negative ? -magnitude : magnitude;
        return true;
    }

    private static string? EventCode(UpsStatus? status) =>
        NonEmpty(status?.Code) ?? NonEmpty(status?.StatusCode) ?? NonEmpty(status?.Type);

    private static string Describe(UpsStatus? status) =>
        NonEmpty(status?.Description) ?? NonEmpty(status?.SimplifiedTextDescription) ?? NonEmpty(status?.Code) ?? "UPS scan";

    private static string? Place(UpsAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        var parts = new[] { address.City, address.StateProvince, address.CountryCode ?? address.Country }
            .Select(NonEmpty)
            .OfType<string>()
            .ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string? ServiceName(UpsService? service) => NonEmpty(service?.Description) ?? NonEmpty(service?.Code);

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool SameNumber(string? a, string b) =>
        a is not null && string.Equals(a.Replace(" ", "", StringComparison.Ordinal), b.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    /// <summary>The codes of UPS messages, for error texts: codes only, UPS's own messages may echo request data.</summary>
    public static string Codes(IEnumerable<UpsMessage?> messages)
    {
        var codes = messages.Select(m => NonEmpty(m?.Code)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return codes.Count == 0 ? "none" : string.Join(", ", codes);
    }
}
