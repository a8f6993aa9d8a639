using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Usps;

/// <summary>
/// Reads a successful (200 or 207) v3r2 answer into one result per requested number. Each item is read on its own,
/// so one odd item is Malformed for its number only. Items are matched on trackingNumber; an item without one is
/// matched by position when the answer has exactly one item per requested number (USPS answers in request order).
/// </summary>
internal static partial class UspsTrackingParser
{
    private const string What = "USPS tracking";

    /// <summary>Results keyed by the normalized numbers in <paramref name="requested"/>; every one of them gets a result.</summary>
    public static Dictionary<string, ConnectorResult<TrackingSnapshot>> Parse(ReadOnlySpan<byte> body, IReadOnlyList<string> requested)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return All(requested, HttpErrors.Malformed(What, "the answer is not JSON"));
        }

        using (document)
        {
            var items = document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => document.RootElement.EnumerateArray().ToList(),
                // The v3 single-number endpoint answers one object; read it the same way.
                JsonValueKind.Object => [document.RootElement],
                _ => null,
            };
            if (items is null)
            {
                return All(requested, HttpErrors.Malformed(What, "the answer is neither an array nor an object"));
            }

            var wanted = requested.ToHashSet(StringComparer.Ordinal);
            var candidates = new Dictionary<string, List<ConnectorResult<TrackingSnapshot>>>(StringComparer.Ordinal);
            for (var i = 0; i < items.Count; i++)
            {
                var number = NumberOf(items[i]) ?? (items.Count == requested.Count ? requested[i] : null);
                if (number is null || !wanted.Contains(number))
                {
                    // Not attributable to a number we asked for; the numbers it might belong to end up "missing".
                    continue;
                }

                if (!candidates.TryGetValue(number, out var list))
                {
                    candidates[number] = list = [];
                }

                list.Add(ReadItem(items[i], number));
            }

            var results = new Dictionary<string, ConnectorResult<TrackingSnapshot>>(requested.Count, StringComparer.Ordinal);
            foreach (var number in requested)
            {
                results[number] = candidates.TryGetValue(number, out var list)
                    ? Pick(list)
                    : HttpErrors.Malformed(What, "the answer has no usable entry for this number");
            }

            return results;
        }
    }

    /// <summary>Maps one tracking detail. Fails (Malformed) only when an event has no readable time.</summary>
    public static ConnectorResult<TrackingSnapshot> ToSnapshot(UspsTrackingDetail detail, string trackingNumber)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var raw = detail.TrackingEvents ?? [];
        var events = new List<TrackingEvent>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            if (raw[i] is not { } item)
            {
                return HttpErrors.Malformed(What, $"event {i} is null");
            }

            if (!TryReadEventTime(item, out var at))
            {
                return HttpErrors.Malformed(What, $"event {i} has no readable GMTTimestamp or eventTimestamp");
            }

            var status = UspsStatusMap.FromEvent(item.EventCode, item.EventType);
            events.Add(new TrackingEvent(at, status.Status, status.Reason, Blank(item.EventCode), item.EventType?.Trim() ?? item.EventCode ?? "", Location(item)));
        }

        var newest = Newest(events);
        var current = newest is { Status: not TrackingStatus.Unknown }
            ? new UspsStatus(newest.Status, newest.Reason)
            : UspsStatusMap.FromSummary(detail.StatusCategory, detail.Status) ?? new UspsStatus(TrackingStatus.Unknown);
        if (current.Status == TrackingStatus.Exception && current.Reason is null)
        {
            current = current with { Reason = ExceptionReason.Other };
        }

        var estimate = Estimate(detail);
        var commitment = Commitment(detail);
        return new TrackingSnapshot
        {
            Carrier = CarrierCode.Usps,
            TrackingNumber = trackingNumber,
            Status = current.Status,
            Reason = current.Reason,
            Events = events,
            EstimatedDelivery = estimate,
            CommitmentTime = commitment,
            CarrierReportsDelay = ReportsDelay(detail, newest, estimate, commitment),
            ReportedService = CleanText(detail.MailClass) ?? Blank(detail.MailClassCode),
            DeliveredAt = current.Status == TrackingStatus.Delivered ? FirstDelivery(events)?.At : null,
        };
    }

    /// <summary>Upper case, spaces removed; USPS numbers are 4 to 34 letters and digits (v3r2 request schema).</summary>
    public static bool TryNormalize(string? trackingNumber, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (trackingNumber is null)
        {
            return false;
        }

        var compact = new StringBuilder(trackingNumber.Length);
        foreach (var c in trackingNumber)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(char.ToUpperInvariant(c));
            }
        }

        if (compact.Length is < 4 or > 34 || !compact.ToString().All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        normalized = compact.ToString();
        return true;
    }

    private static ConnectorResult<TrackingSnapshot> ReadItem(JsonElement item, string number)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return HttpErrors.Malformed(What, "the entry is not an object");
        }

        if (FailureOf(item) is { } failure)
        {
            return failure;
        }

        UspsTrackingDetail? detail;
        try
        {
            detail = item.Deserialize<UspsTrackingDetail>(UspsJson.Options);
        }
        catch (JsonException ex)
        {
            return HttpErrors.Malformed(What, $"the entry does not have the expected shape ({ex.Path})");
        }

        return detail is null ? HttpErrors.Malformed(What, "the entry is null") : ToSnapshot(detail, number);
    }

    // A 207 item is a FailureResponse when it carries an error or a non-2xx statusCode (string per spec, number tolerated).
    private static ConnectorError? FailureOf(JsonElement item)
    {
        var statusCode = item.TryGetProperty("statusCode", out var code) ? code.ValueKind switch
        {
            JsonValueKind.String when int.TryParse(code.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonValueKind.Number when code.TryGetInt32(out var parsed) => parsed,
            _ => (int?)null,
        } : null;
        var hasError = item.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object;
        if (!hasError && statusCode is null or (>= 200 and < 300))
        {
            return null;
        }

        var message = hasError ? ErrorText(error) : null;
        var text = $"USPS tracking: item status {statusCode?.ToString(CultureInfo.InvariantCulture) ?? "missing"}" + (message is null ? "" : $": {message}");
        return statusCode switch
        {
            404 => new(ConnectorErrorKind.NotFound, text),
            401 or 403 => new(ConnectorErrorKind.Unauthorized, text),
            429 => new(ConnectorErrorKind.RateLimited, text, VendorRateLimitHandler.DefaultRetryAfter),
            408 or >= 500 => new(ConnectorErrorKind.Transient, text),
            _ => new(ConnectorErrorKind.Rejected, text),
        };
    }

    // USPS messages are about the request ("A status update is not yet available..."), never customer data.
    private static string? ErrorText(JsonElement error)
    {
        string? Read(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Blank(value.GetString()) : null;

        var parts = new List<string?> { Read(error, "code") is { } code ? $"code {code}" : null, Read(error, "message") };
        // The first sub-error says what actually happened ("150006: A status update is not yet available...").
        if (error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
            && errors.EnumerateArray().FirstOrDefault(e => e.ValueKind == JsonValueKind.Object) is { ValueKind: JsonValueKind.Object } first)
        {
            var detail = Read(first, "detail") ?? Read(first, "title");
            parts.Add(Read(first, "code") is { } subCode ? $"{subCode}: {detail}" : detail);
        }

        var text = string.Join(", ", parts.OfType<string>());
        return text.Length == 0 ? null : text;
    }

    private static string? NumberOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
        && item.TryGetProperty("trackingNumber", out var number)
        && number.ValueKind == JsonValueKind.String
        && TryNormalize(number.GetString(), out var normalized)
            ? normalized
            : null;

    // One number can answer twice (USPS reuses numbers; uniqueTrackingID tells them apart). A readable answer beats
    // an error, and of two readable ones the one with the newest scan is the parcel being shipped now.
    private static ConnectorResult<TrackingSnapshot> Pick(List<ConnectorResult<TrackingSnapshot>> candidates)
    {
        var readable = candidates.Where(c => c.IsSuccess).ToList();
        if (readable.Count == 0)
        {
            return candidates[0];
        }

        return readable.Aggregate((best, c) => SortKey(Newest(c.Value!.Events)) > SortKey(Newest(best.Value!.Events)) ? c : best);
    }

    // USPS lists events newest first; the newest is the latest instant, ties going to the one listed first.
    private static TrackingEvent? Newest(IReadOnlyList<TrackingEvent> events) =>
        events.Count == 0 ? null : events.Aggregate((best, e) => SortKey(e) > SortKey(best) ? e : best);

    private static TrackingEvent? FirstDelivery(IReadOnlyList<TrackingEvent> events) =>
        events.Where(e => e.Status == TrackingStatus.Delivered).OrderBy(SortKey).FirstOrDefault();

    // Only for ordering: a wall-clock time is compared as if it were UTC, which is off by at most the zone offset.
    private static DateTimeOffset SortKey(TrackingEvent? e) =>
        e is null ? DateTimeOffset.MinValue : e.At.Instant ?? new DateTimeOffset(e.At.WallClock, TimeSpan.Zero);

    /// <summary>
    /// GMTTimestamp is the instant, shown at GMTOffset so the wall clock matches the local time USPS prints;
    /// eventTimestamp is the fallback (v3r2: with offset; v3: local with no offset, kept as a wall-clock time).
    /// </summary>
    internal static bool TryReadEventTime(UspsTrackingEvent item, out CarrierTimestamp at)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (StartsWithDate(item.GmtTimestamp)
            && DateTimeOffset.TryParse(item.GmtTimestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var gmt))
        {
            at = CarrierTimestamp.FromInstant(TryParseOffset(item.GmtOffset, out var offset) ? gmt.ToOffset(offset) : gmt.ToUniversalTime());
            return true;
        }

        // A time-only eventTimestamp (seen in 2023) would be read as today's date: require the date.
        if (StartsWithDate(item.EventTimestamp) && CarrierTimestamp.TryParse(item.EventTimestamp, out at))
        {
            return true;
        }

        at = default;
        return false;
    }

    internal static bool TryParseOffset(string? text, out TimeSpan offset)
    {
        offset = default;
        var match = text is null ? Match.Empty : OffsetPattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var hours = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minutes = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0) * (match.Groups["sign"].Value == "-" ? -1 : 1);
        return true;
    }

    // Predicted window (most precise) > expected date or time > predicted day. A 00:00 time is how USPS writes a
    // day, so it is read as a day-only estimate rather than "by midnight".
    private static DeliveryEstimate? Estimate(UspsTrackingDetail detail)
    {
        var expectation = detail.DeliveryDateExpectation;
        var predictedDay = ParseDate(expectation?.PredictedDeliveryDate ?? detail.PredictedDeliveryDate);
        if (predictedDay is { } day
            && TimeOnDay(day, expectation?.PredictedDeliveryWindowStartTime ?? detail.PredictedDeliveryWindowStartTime) is { } start
            && TimeOnDay(day, expectation?.PredictedDeliveryWindowEndTime ?? detail.PredictedDeliveryWindowEndTime) is { } end)
        {
            return DeliveryEstimate.Window(start, end);
        }

        var endOfDay = expectation?.EndOfDay ?? detail.EndOfDay;
        if (ParseDate(expectation?.ExpectedDeliveryDate ?? detail.ExpectedDeliveryDate) is { } expectedDay)
        {
            return TimeOnDay(expectedDay, endOfDay) is { } by ? DeliveryEstimate.Window(null, by) : DeliveryEstimate.OnDay(expectedDay);
        }

        if (StartsWithDate(detail.ExpectedDeliveryTimeStamp) && CarrierTimestamp.TryParse(detail.ExpectedDeliveryTimeStamp, out var expected))
        {
            var date = DateOnly.FromDateTime(expected.WallClock);
            return expected.WallClock.TimeOfDay == TimeSpan.Zero
                ? TimeOnDay(date, endOfDay) is { } by ? DeliveryEstimate.Window(null, by) : DeliveryEstimate.OnDay(date)
                : DeliveryEstimate.Window(null, expected);
        }

        return predictedDay is { } onlyDay ? DeliveryEstimate.OnDay(onlyDay) : null;
    }

    // A guarantee for a day (no time, or 00:00) holds until the day ends, so it is read as 23:59:59 that day in the
    // carrier's local time: never earlier than USPS promised. Text guarantees ("3 Business Days") have no time.
    private static CarrierTimestamp? Commitment(UspsTrackingDetail detail)
    {
        var text = Blank(detail.DeliveryDateExpectation?.GuaranteedDeliveryDate) ?? Blank(detail.GuaranteedDeliveryTimeStamp) ?? Blank(detail.GuaranteedDeliveryDate);
        if (!StartsWithDate(text) || !CarrierTimestamp.TryParse(text, out var guaranteed))
        {
            return null;
        }

        return guaranteed.WallClock.TimeOfDay == TimeSpan.Zero && guaranteed.Offset is null
            ? CarrierTimestamp.FromWallClock(guaranteed.WallClock.Date.AddDays(1).AddSeconds(-1))
            : guaranteed;
    }

    private static bool ReportsDelay(UspsTrackingDetail detail, TrackingEvent? newest, DeliveryEstimate? estimate, CarrierTimestamp? commitment)
    {
        if (detail.OnTime == false || newest?.Reason == ExceptionReason.Delayed)
        {
            return true;
        }

        if (UspsStatusMap.MentionsDelay(detail.Status) || UspsStatusMap.MentionsDelay(detail.StatusSummary) || UspsStatusMap.MentionsDelay(newest?.Description))
        {
            return true;
        }

        // The expected day is after the guaranteed day: USPS itself no longer expects to keep the guarantee.
        var expectedDay = estimate?.Date ?? (estimate?.WindowEnd is { } end ? DateOnly.FromDateTime(end.WallClock) : null);
        return expectedDay is { } day && commitment is { } promise && day > DateOnly.FromDateTime(promise.WallClock);
    }

    private static CarrierTimestamp? TimeOnDay(DateOnly day, string? time)
    {
        if (string.IsNullOrWhiteSpace(time))
        {
            return null;
        }

        var text = time.Trim();
        if (StartsWithDate(text))
        {
            return CarrierTimestamp.TryParse(text, out var full) ? full : null;
        }

        string[] formats = ["H:mm", "HH:mm", "H:mm:ss", "HH:mm:ss", "h:mm tt", "h:mmtt", "hh:mm tt", "hh:mmtt", "h tt", "htt"];
        return TimeOnly.TryParseExact(text.ToUpperInvariant(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock)
            ? CarrierTimestamp.FromWallClock(day.ToDateTime(clock))
            : null;
    }

    private static DateOnly? ParseDate(string? text) =>
        StartsWithDate(text) && DateOnly.TryParseExact(text!.Trim()[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;

    private static bool StartsWithDate([NotNullWhen(true)] string? text) => text is not null && DatePrefix().IsMatch(text.Trim());

    private static string? Location(UspsTrackingEvent item)
    {
        var stateAndZip = string.Join(' ', new[] { Blank(item.EventState), Blank(item.EventZipCode) ?? Blank(item.EventZip) }.OfType<string>());
        var parts = new[] { Blank(item.EventCity), Blank(stateAndZip), Blank(item.EventCountry) }.OfType<string>().ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    /// <summary>mailClass without its HTML: "USPS Ground Advantage&lt;SUP&gt;&amp;#153;&lt;/SUP&gt;" becomes "USPS Ground Advantage".</summary>
    internal static string? CleanText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        var decoded = WebUtility.HtmlDecode(HtmlTag().Replace(html, ""));
        // Trademark signs (&#153; decodes to a C1 control character, &#8482; to ™) are decoration, not the name.
        var kept = new string(decoded.Where(c => !char.IsControl(c) && c is not ('\u2122' or '\u00AE' or '\u00A9' or '\u2120')).ToArray());
        return Blank(Whitespace().Replace(kept, " "));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Dictionary<string, ConnectorResult<TrackingSnapshot>> All(IEnumerable<string> numbers, ConnectorError error) =>
        numbers.ToDictionary(n => n, _ => ConnectorResult.Failure<TrackingSnapshot>(error), StringComparer.Ordinal);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex DatePrefix();

    [GeneratedRegex(@"^(?<sign>[+-])(?<h>\d{1,2}):?(?<m>\d{2})$")]
    private static partial Regex OffsetPattern();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
