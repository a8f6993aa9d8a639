using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Api;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Pages.RecoveryConsole;

/// <summary>
/// Promise keeping for a period and grouping, as a table, a bar chart of kept % and a line of kept % per week per carrier
/// (server-rendered SVG), each table also as CSV.
/// </summary>
internal sealed class PromisesModel(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time) : PageModel
{
    public int Period { get; private set; } = 30;

    public string Group { get; private set; } = "carrier";

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<PromiseGroup> Groups { get; private set; } = [];

    public IReadOnlyList<string> BreachTypes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? period, string? group, string? format, string? table, CancellationToken cancellationToken)
    {
        if (period is not null && !(int.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && PromiseKeeping.Periods.Contains(days)))
        {
            Errors["period"] = [$"'{period}' is not a period; use {string.Join(", ", PromiseKeeping.Periods)} (days)"];
        }
        else if (period is not null)
        {
            Period = int.Parse(period, CultureInfo.InvariantCulture);
        }

        if (group is not null && !PromiseKeeping.Groupings.Contains(group))
        {
            Errors["group"] = [$"'{group}' is not a grouping; use one of {string.Join(", ", PromiseKeeping.Groupings)}"];
        }
        else if (group is not null)
        {
            Group = group;
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (table is not null && table != "weekly")
        {
            Errors["table"] = [$"'{table}' is not a table; leave it out for the grouped table, or use weekly"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // The chosen grouping and the weekly chart's carrier-by-week groups, in one pass over the period.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var computed = await PromiseKeeping.ComputeAsync(db, time.GetUtcNow(), Period, [Group, PromiseKeeping.CarrierWeek], cancellationToken);
        Groups = computed[Group];
        CarrierWeeks = computed[PromiseKeeping.CarrierWeek];
        (Weeks, Lines) = PromiseKeeping.Weekly(CarrierWeeks);
        BreachTypes = [.. Groups.SelectMany(g => g.BrokenBy.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return (format, table) switch
        {
            ("csv", "weekly") => File(Encoding.UTF8.GetBytes(PromiseKeeping.WeeklyCsv(CarrierWeeks)), "text/csv", $"promises-{Period}d-weekly-by-carrier.csv"),
            ("csv", _) => File(Encoding.UTF8.GetBytes(PromiseKeeping.Csv(Groups)), "text/csv", $"promises-{Period}d-by-{Group}.csv"),
            _ => Page(),
        };
    }

    /// <summary>Carrier-by-week groups behind the weekly chart.</summary>
    public IReadOnlyList<PromiseGroup> CarrierWeeks { get; private set; } = [];

    /// <summary>The ISO weeks of the period that had deadlines, oldest first: the chart's x axis.</summary>
    public IReadOnlyList<string> Weeks { get; private set; } = [];

    /// <summary>One line per carrier: its kept share each week, null where it had no deadline that week.</summary>
    public IReadOnlyList<(string Carrier, IReadOnlyList<double?> Kept)> Lines { get; private set; } = [];

    /// <summary>Line colours, told apart by more than hue: each line also carries its name at its end.</summary>
    public static readonly IReadOnlyList<string> LineColours = ["#1f6f43", "#1d4ed8", "#b45309", "#7c3aed", "#be123c", "#0f766e", "#4b5563"];

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";

    public static string Minutes(TimeSpan? span) => span is not { } s ? "–" : Math.Abs(s.TotalHours) >= 1 ? s.TotalHours.ToString("0.0", CultureInfo.InvariantCulture) + " h" : PromiseKeeping.WholeMinutes(s).ToString(CultureInfo.InvariantCulture) + " min";
}

/// <summary>The weekly chart's geometry: weeks spread evenly along x, kept share 0–100 % up y.</summary>
internal sealed class LineChart(int points)
{
    public const int Left = 48;

    public const int Top = 12;

    public const int PlotHeight = 200;

    public int PlotWidth { get; } = Math.Max(320, (points - 1) * 72);

    public int Width => Left + PlotWidth + 110; // room for the carriers' names at the lines' ends

    public const int Height = Top + PlotHeight + 40;

    /// <summary>The x of a week, moved right by <paramref name="offset"/>, as SVG text.</summary>
    public string X(int index, double offset = 0) => Format(offset + (points <= 1 ? Left + PlotWidth / 2.0 : Left + (double)index * PlotWidth / (points - 1)));

    /// <summary>The y of a kept share, moved down by <paramref name="offset"/>, as SVG text.</summary>
    public static string Y(double share, double offset = 0) => Format(offset + Top + (1 - share) * PlotHeight);

    /// <summary>Runs of consecutive weeks with a value: a line is broken where a carrier had no deadline that week.</summary>
    public static IEnumerable<List<int>> Segments(IReadOnlyList<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var run = new List<int>();
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                if (run.Count > 1)
                {
                    yield return run;
                }

                run = [];
                continue;
            }

            run.Add(i);
        }

        if (run.Count > 1)
        {
            yield return run;
        }
    }

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
