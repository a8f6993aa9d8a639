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
/// carrier, service, lane (origin region to destination region) or week of the deadline. A promise is kept when no case
/// was opened for the shipment; broken ones count under the breach their first case was opened for. Lateness is the delivery's distance past the deadline, for
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

    /// <summary>
    /// Several groupings of the same period in one pass over its shipments and cases. Rows are counted into cells (carrier,
    /// service, day of the deadline, lane) without allocating per row; the few thousand cells are merged into each
    /// grouping's groups at the end.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<PromiseGroup>>> ComputeAsync(
        RecoveryDbContext db, DateTimeOffset now, int periodDays, IReadOnlyList<string> groupings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(groupings);
        if (!db.Database.IsNpgsql())
        {
            return await ComputeInAsync(db, now, periodDays, groupings, cancellationToken);
        }

        // On PostgreSQL, shipments and cases are read from one snapshot, and without JIT compilation: the case query's
        // cost estimate makes PostgreSQL spend 2.2 s compiling it at 1,000,000 shipments, more than reading it takes.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            await db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off", ct);
            return await ComputeInAsync(db, now, periodDays, groupings, ct);
        }, cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<string, IReadOnlyList<PromiseGroup>>> ComputeInAsync(
        RecoveryDbContext db, DateTimeOffset now, int periodDays, IReadOnlyList<string> groupings, CancellationToken cancellationToken)
    {
        var from = now - TimeSpan.FromDays(periodDays);
        var shipments = db.Shipments.AsNoTracking().Where(s => s.PromisedBy >= from && s.PromisedBy <= now && s.CancelledAt == null);
        var cells = new Dictionary<Cell, Accumulator>();
        Accumulator CellOf(Cell cell) => cells.TryGetValue(cell, out var found) ? found : cells[cell] = new Accumulator();

        var rows = shipments.Select(s => new { s.Carrier, s.ServiceCode, s.PromisedBy, s.OriginCountry, s.OriginRegion, s.DestinationCountry, s.DestinationRegion, s.DeliveredAt });
        await foreach (var s in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var cell = CellOf(new Cell(s.Carrier, s.ServiceCode, DayOf(s.PromisedBy), s.OriginCountry, s.OriginRegion, s.DestinationCountry, s.DestinationRegion));
            cell.Shipments++;
            if (s.DeliveredAt is { } delivered && delivered > s.PromisedBy)
            {
                cell.Lateness.Add(delivered - s.PromisedBy);
            }
        }

        // Every case of those shipments, oldest first, with its shipment's cell and when its ticket opened (the owed
        // create's delivery): the cell comes with the case, so no per-shipment map is held for the period.
        var cases = db.Cases.AsNoTracking()
            .Join(shipments, c => c.ShipmentId, s => s.Id, (c, s) => new
            {
                c.Id, c.ShipmentId, c.BreachType, c.DetectedAt,
                s.Carrier, s.ServiceCode, s.PromisedBy, s.OriginCountry, s.OriginRegion, s.DestinationCountry, s.DestinationRegion,
            })
            .OrderBy(c => c.DetectedAt)
            .Select(c => new
            {
                c.ShipmentId, c.BreachType,
                c.Carrier, c.ServiceCode, c.PromisedBy, c.OriginCountry, c.OriginRegion, c.DestinationCountry, c.DestinationRegion,
                Opened = db.OwedEffects.Where(e => e.CaseId == c.Id && e.Kind == OwedEffectKinds.OpenTicket).Select(e => e.DeliveredAt).FirstOrDefault(),
            });
        var broken = new HashSet<Guid>();
        await foreach (var c in cases.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var cell = CellOf(new Cell(c.Carrier, c.ServiceCode, DayOf(c.PromisedBy), c.OriginCountry, c.OriginRegion, c.DestinationCountry, c.DestinationRegion));
            cell.Cases++;
            if (broken.Add(c.ShipmentId))
            {
                cell.BrokenBy[c.BreachType] = cell.BrokenBy.GetValueOrDefault(c.BreachType) + 1;
            }

            if (c.Opened is { } opened && opened <= c.PromisedBy + ProactiveWithin)
            {
                cell.Proactive++;
                cell.Leads.Add(c.PromisedBy - opened);
            }
        }

        var result = new Dictionary<string, IReadOnlyList<PromiseGroup>>(StringComparer.Ordinal);
        foreach (var grouping in groupings)
        {
            var groups = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
            foreach (var (cell, figures) in cells)
            {
                var key = KeyOf(grouping, cell);
                (groups.TryGetValue(key, out var group) ? group : groups[key] = new Accumulator()).Add(figures);
            }

            result[grouping] = [.. groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.ToGroup(g.Key))];
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
            return string.Join(',', CsvText.Field(parts[0]), parts[1], Number(g.Shipments), Number(g.Kept), Number(g.Broken), Percent(g.KeptShare));
        }));
        return string.Join("\r\n", lines) + "\r\n";
    }

    private static string KeyOf(string grouping, Cell cell) => grouping switch
    {
        "service" => cell.Service,
        "week" => Week(cell.Day),
        "lane" => Intake.Place.Lane(cell.OriginCountry, cell.OriginRegion, cell.DestinationCountry, cell.DestinationRegion),
        CarrierWeek => cell.Carrier + "|" + Week(cell.Day),
        _ => cell.Carrier,
    };

    /// <summary>The UTC day of a deadline: weeks are told from it.</summary>
    private static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>The finest grain the groupings are made of: shipments with the same carrier, service, deadline day and lane.</summary>
    private readonly record struct Cell(string Carrier, string Service, DateOnly Day, string? OriginCountry, string? OriginRegion, string? DestinationCountry, string? DestinationRegion);

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
                CsvText.Field(g.Group), Number(g.Shipments), Number(g.Kept), Number(g.Broken), Percent(g.KeptShare),
            }
            .Concat(types.Select(t => Number(g.BrokenBy.GetValueOrDefault(t))))
            .Concat([Minutes(g.MedianLateness), Minutes(g.P90Lateness), Number(g.Cases), Number(g.Proactive), Percent(g.ProactiveShare), Minutes(g.MedianLead)]))));
        return string.Join("\r\n", lines) + "\r\n";
    }

    /// <summary>The ISO week of the deadline (its UTC day), e.g. 2026-W47.</summary>
    public static string Week(DateTimeOffset at) => Week(DayOf(at));

    private static string Week(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
    }

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

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) : "";

    private static string Minutes(TimeSpan? span) => span is { } s ? WholeMinutes(s).ToString(CultureInfo.InvariantCulture) : "";

    /// <summary>Minutes rounded to whole ones, so a lead of a few seconds either side reads 0, never -0.</summary>
    public static long WholeMinutes(TimeSpan span) => (long)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero);

    private sealed class Accumulator
    {
        public int Shipments { get; set; }

        public int Cases { get; set; }

        public int Proactive { get; set; }

        public Dictionary<string, int> BrokenBy { get; } = new(StringComparer.Ordinal);

        public List<TimeSpan> Lateness { get; } = [];

        public List<TimeSpan> Leads { get; } = [];

        /// <summary>Adds a cell's figures to a group's.</summary>
        public void Add(Accumulator cell)
        {
            Shipments += cell.Shipments;
            Cases += cell.Cases;
            Proactive += cell.Proactive;
            foreach (var (type, count) in cell.BrokenBy)
            {
                BrokenBy[type] = BrokenBy.GetValueOrDefault(type) + count;
            }

            Lateness.AddRange(cell.Lateness);
            Leads.AddRange(cell.Leads);
        }

        public PromiseGroup ToGroup(string key) => new(
            key, Shipments, Shipments - BrokenBy.Values.Sum(), BrokenBy, Percentile(Lateness, 0.5), Percentile(Lateness, 0.9), Cases, Proactive, Percentile(Leads, 0.5));
    }
}
