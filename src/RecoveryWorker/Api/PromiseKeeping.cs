using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Api;

/// <summary>How promises fared for one group (a carrier, a service, a week) in the period.</summary>
internal sealed record PromiseGroup(
    string Group,
    int Shipments,
    int Kept,
    IReadOnlyDictionary<string, int> BrokenBy,
    TimeSpan? MedianLateness,
    TimeSpan? P90Lateness,
    int Cases,
    int Proactive,
    TimeSpan? MedianLead)
{
    public int Broken => Shipments - Kept;

    public double? KeptShare => Shipments == 0 ? null : (double)Kept / Shipments;

    /// <summary>Cases whose ticket opened before the customer could have asked: before the deadline or within the window after it.</summary>
    public double? ProactiveShare => Cases == 0 ? null : (double)Proactive / Cases;
}

/// <summary>
/// Promise keeping over a period: the shipments whose promised deadline fell in it (cancelled ones left out), grouped by
/// carrier, service, lane (origin region to destination region) or week of the deadline. A promise is kept when no case was opened for the shipment; broken ones
/// count under the breach their first case was opened for. Lateness is the delivery's distance past the deadline, for
/// parcels delivered late. A case is proactive when its ticket opened before the deadline or within
/// <see cref="ProactiveWithin"/> of it (the customer rarely asks within the first hour); its lead time is the deadline
/// minus the ticket's opening (negative when after the deadline). Rows stream from the database; only late deliveries'
/// lateness, proactive lead times and the broken shipments' ids are held.
/// </summary>
internal static class PromiseKeeping
{
    public static readonly IReadOnlyList<int> Periods = [7, 30, 90];

    public static readonly IReadOnlyList<string> Groupings = ["carrier", "service", "lane", "week"];

    /// <summary>The grouping behind the weekly chart: one group per carrier and ISO week, keyed "carrier|week".</summary>
    public const string CarrierWeek = "carrier-week";

    public static readonly TimeSpan ProactiveWithin = TimeSpan.FromHours(1);

    public static async Task<IReadOnlyList<PromiseGroup>> ComputeAsync(RecoveryDbContext db, DateTimeOffset now, int periodDays, string grouping, CancellationToken cancellationToken) =>
        (await ComputeAsync(db, now, periodDays, [grouping], cancellationToken))[grouping];

    /// <summary>Several groupings of the same period in one pass over its shipments and cases.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<PromiseGroup>>> ComputeAsync(
        RecoveryDbContext db, DateTimeOffset now, int periodDays, IReadOnlyList<string> groupings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(groupings);
        var from = now - TimeSpan.FromDays(periodDays);
        var shipments = db.Shipments.AsNoTracking().Where(s => s.PromisedBy >= from && s.PromisedBy <= now && s.CancelledAt == null);
        var groups = groupings.Select(_ => new Dictionary<string, Accumulator>(StringComparer.Ordinal)).ToArray();
        IEnumerable<Accumulator> GroupsOf(Row row)
        {
            for (var i = 0; i < groupings.Count; i++)
            {
                var key = KeyOf(groupings[i], row);
                yield return groups[i].TryGetValue(key, out var found) ? found : groups[i][key] = new Accumulator();
            }
        }

        var rows = shipments.Select(s => new
        {
            Row = new Row(s.Carrier, s.ServiceCode, s.PromisedBy, s.OriginCountry, s.OriginRegion, s.DestinationCountry, s.DestinationRegion),
            s.DeliveredAt,
        });
        await foreach (var s in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            foreach (var group in GroupsOf(s.Row))
            {
                group.Shipments++;
                if (s.DeliveredAt is { } delivered && delivered > s.Row.PromisedBy)
                {
                    group.Lateness.Add(delivered - s.Row.PromisedBy);
                }
            }
        }

        // Every case of those shipments, oldest first, with its shipment's group and when its ticket opened (the owed
        // create's delivery): the group comes with the case, so no per-shipment map is held for the period.
        var cases = db.Cases.AsNoTracking()
            .Join(shipments, c => c.ShipmentId, s => s.Id, (c, s) => new
            {
                c.Id,
                c.ShipmentId,
                c.BreachType,
                c.DetectedAt,
                Row = new Row(s.Carrier, s.ServiceCode, s.PromisedBy, s.OriginCountry, s.OriginRegion, s.DestinationCountry, s.DestinationRegion),
            })
            .OrderBy(c => c.DetectedAt)
            .Select(c => new
            {
                c.ShipmentId,
                c.BreachType,
                c.Row,
                Opened = db.OwedEffects.Where(e => e.CaseId == c.Id && e.Kind == OwedEffectKinds.OpenTicket).Select(e => e.DeliveredAt).FirstOrDefault(),
            });
        var broken = new HashSet<Guid>();
        await foreach (var c in cases.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var first = broken.Add(c.ShipmentId);
            var proactive = c.Opened is { } opened && opened <= c.Row.PromisedBy + ProactiveWithin;
            foreach (var group in GroupsOf(c.Row))
            {
                group.Cases++;
                if (first)
                {
                    group.BrokenBy[c.BreachType] = group.BrokenBy.GetValueOrDefault(c.BreachType) + 1;
                }

                if (proactive)
                {
                    group.Proactive++;
                    group.Leads.Add(c.Row.PromisedBy - c.Opened!.Value);
                }
            }
        }

        var result = new Dictionary<string, IReadOnlyList<PromiseGroup>>(StringComparer.Ordinal);
        for (var i = 0; i < groupings.Count; i++)
        {
            result[groupings[i]] = [.. groups[i].OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.ToGroup(g.Key))];
        }

        return result;
    }

    /// <summary>The weekly chart's data: kept share per carrier (in name order) for each ISO week of the period, oldest first; null where a carrier had no deadline that week.</summary>
    public static (IReadOnlyList<string> Weeks, IReadOnlyList<(string Carrier, IReadOnlyList<double?> Kept)> Lines) Weekly(IReadOnlyList<PromiseGroup> carrierWeeks)
    {
        ArgumentNullException.ThrowIfNull(carrierWeeks);
        var cells = carrierWeeks.Select(g => (Parts: g.Group.Split('|'), g.KeptShare)).ToList();
        var weeks = cells.Select(c => c.Parts[1]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var lines = cells.GroupBy(c => c.Parts[0], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var byWeek = g.ToDictionary(c => c.Parts[1], c => c.KeptShare, StringComparer.Ordinal);
                return (g.Key, (IReadOnlyList<double?>)[.. weeks.Select(w => byWeek.GetValueOrDefault(w))]);
            })
            .ToList();
        return (weeks, lines);
    }

    /// <summary>The weekly chart's table as CSV: carrier, week, shipments, kept, kept %.</summary>
    public static string WeeklyCsv(IReadOnlyList<PromiseGroup> carrierWeeks)
    {
        ArgumentNullException.ThrowIfNull(carrierWeeks);
        var lines = new List<string> { "carrier,week,shipments,kept,broken,kept_percent" };
        lines.AddRange(carrierWeeks.Select(g =>
        {
            var parts = g.Group.Split('|');
            return string.Join(',', Quote(parts[0]), parts[1], Number(g.Shipments), Number(g.Kept), Number(g.Broken), Percent(g.KeptShare));
        }));
        return string.Join("\r\n", lines) + "\r\n";
    }

    private static string KeyOf(string grouping, Row row) => grouping switch
    {
        "service" => row.Service,
        "week" => Week(row.PromisedBy),
        "lane" => Intake.Place.Lane(row.OriginCountry, row.OriginRegion, row.DestinationCountry, row.DestinationRegion),
        CarrierWeek => row.Carrier + "|" + Week(row.PromisedBy),
        _ => row.Carrier,
    };

    /// <summary>What a shipment is grouped by.</summary>
    private sealed record Row(string Carrier, string Service, DateTimeOffset PromisedBy, string? OriginCountry, string? OriginRegion, string? DestinationCountry, string? DestinationRegion);

    /// <summary>The table as CSV: one row per group, the breach types as columns.</summary>
    public static string Csv(IReadOnlyList<PromiseGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var types = groups.SelectMany(g => g.BrokenBy.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var lines = new List<string>
        {
            string.Join(',', LeadingColumns.Concat(types.Select(t => "broken_" + t)).Concat(TrailingColumns)),
        };
        lines.AddRange(groups.Select(g => string.Join(',', new[]
            {
                Quote(g.Group), Number(g.Shipments), Number(g.Kept), Number(g.Broken), Percent(g.KeptShare),
            }
            .Concat(types.Select(t => Number(g.BrokenBy.GetValueOrDefault(t))))
            .Concat([Minutes(g.MedianLateness), Minutes(g.P90Lateness), Number(g.Cases), Number(g.Proactive), Percent(g.ProactiveShare), Minutes(g.MedianLead)]))));
        return string.Join("\r\n", lines) + "\r\n";
    }

    /// <summary>The ISO week of the deadline, e.g. 2026-W47.</summary>
    public static string Week(DateTimeOffset at) => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(at.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(at.UtcDateTime):00}");

    /// <summary>The value at the share <paramref name="p"/> of the sorted values (nearest rank), or null when there are none.</summary>
    public static TimeSpan? Percentile(List<TimeSpan> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var rank = (int)Math.Ceiling(p * values.Count);
        return values[Math.Clamp(rank - 1, 0, values.Count - 1)];
    }

    private static readonly string[] LeadingColumns = ["group", "shipments", "kept", "broken", "kept_percent"];

    private static readonly string[] TrailingColumns = ["median_lateness_minutes", "p90_lateness_minutes", "cases", "proactive", "proactive_percent", "median_lead_minutes"];

    private static readonly char[] NeedQuotes = [',', '"', '\n', '\r'];

    private static string Quote(string text) => text.IndexOfAny(NeedQuotes) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) : "";

    private static string Minutes(TimeSpan? span) => span is { } s ? s.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) : "";

    private sealed class Accumulator
    {
        public int Shipments { get; set; }

        public int Cases { get; set; }

        public int Proactive { get; set; }

        public Dictionary<string, int> BrokenBy { get; } = new(StringComparer.Ordinal);

        public List<TimeSpan> Lateness { get; } = [];

        public List<TimeSpan> Leads { get; } = [];

        public PromiseGroup ToGroup(string key) => new(
            key, Shipments, Shipments - BrokenBy.Values.Sum(), BrokenBy, Percentile(Lateness, 0.5), Percentile(Lateness, 0.9), Cases, Proactive, Percentile(Leads, 0.5));
    }
}
