using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Api;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Pages.RecoveryConsole;

/// <summary>Promise keeping for a period and grouping, as a table, a bar chart of kept % (server-rendered SVG) and CSV.</summary>
internal sealed class PromisesModel(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time) : PageModel
{
    public int Period { get; private set; } = 30;

    public string Group { get; private set; } = "carrier";

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<PromiseGroup> Groups { get; private set; } = [];

    public IReadOnlyList<string> BreachTypes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? period, string? group, string? format, CancellationToken cancellationToken)
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

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Groups = await PromiseKeeping.ComputeAsync(db, time.GetUtcNow(), Period, Group, cancellationToken);
        BreachTypes = [.. Groups.SelectMany(g => g.BrokenBy.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return format == "csv"
            ? File(Encoding.UTF8.GetBytes(PromiseKeeping.Csv(Groups)), "text/csv", $"promises-{Period}d-by-{Group}.csv")
            : Page();
    }

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";

    public static string Minutes(TimeSpan? span) => span is not { } s ? "–" : Math.Abs(s.TotalHours) >= 1 ? s.TotalHours.ToString("0.0", CultureInfo.InvariantCulture) + " h" : s.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min";
}
