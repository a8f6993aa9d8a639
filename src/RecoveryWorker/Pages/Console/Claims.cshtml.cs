using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Access;
using RecoveryWorker.Api;
using RecoveryWorker.Claims;
using RecoveryWorker.Intake;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Pages.RecoveryConsole;

/// <summary>
/// Carrier guarantee claims: the API's filters as a form, the rows with their deadlines, the refund request's CSV, admin
/// buttons to record filed, credited and denied (audited with the admin's name), and the monthly summary per carrier.
/// </summary>
internal sealed class ClaimsModel(IDbContextFactory<RecoveryDbContext> dbFactory, ClaimOutcomes outcomes, ClaimSummary summary, TimeProvider time) : PageModel
{
    public ClaimFilter Filter { get; private set; } = new(null, null, null, null, null);

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ClaimRecord> Rows { get; private set; } = [];

    public bool HasMore { get; private set; }

    public Paging Paging { get; private set; } = new(1, Paging.DefaultSize);

    public IReadOnlyList<ClaimMonth> Months { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public bool IsAdmin => User.IsInRole(Roles.Admin);

    public static string Local(DateTimeOffset at, string zone) => ClaimsCsv.Local(at, ClaimsCsv.Zone(zone), "yyyy-MM-dd HH:mm");

    /// <summary>The list's query with another format (the CSV link keeps the filters).</summary>
    public string QueryWith(string key, string value) =>
        QueryString.Create(Request.Query.Where(q => q.Key is not ("page" or "format" or "summary") && q.Key != key).SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))).Append(KeyValuePair.Create(key, (string?)value))).ToUriComponent();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        var query = Request.Query;
        Filter = ClaimFilter.Read(query["status"], query["carrier"], query["exclusion"], query["dueWithin"], query["trackingNumber"], Errors);
        Paging = Paging.Read(query["page"], query["pageSize"], Errors);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (query["summary"] == "csv")
        {
            var months = await summary.ComputeAsync(Now, ClaimSummary.DefaultMonths, cancellationToken);
            return File(Encoding.UTF8.GetBytes(ClaimSummary.Csv(months)), "text/csv", $"claims-summary-{ClaimSummary.DefaultMonths}m.csv");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claims = Filter.Apply(db.Claims.AsNoTracking(), Now);
        if (query["format"] == "csv")
        {
            var all = await claims.ToListAsync(cancellationToken);
            return File(Encoding.UTF8.GetBytes(ClaimsCsv.Write(all)), "text/csv", $"claims-{Filter.Status ?? "all"}-{Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv");
        }

        var rows = await claims.Skip(Paging.Skip).Take(Paging.Size + 1).ToListAsync(cancellationToken);
        HasMore = rows.Count > Paging.Size;
        Rows = rows.Take(Paging.Size).ToList();
        Months = await summary.ComputeAsync(Now, ClaimSummary.DefaultMonths, cancellationToken);
        return Page();
    }

    /// <summary>An admin records what the carrier said; a viewer is refused. The outcome's rules are the API's.</summary>
    public async Task<IActionResult> OnPostOutcomeAsync(Guid id, string outcome, string? note, string? carrierReference, string? amount, CancellationToken cancellationToken)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        if (!ClaimOutcomes.Outcomes.Contains(outcome))
        {
            return BadRequest();
        }

        decimal? credited = null;
        if (!string.IsNullOrWhiteSpace(amount))
        {
            if (!decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
            {
                Notice = $"'{amount}' is not an amount.";
                return RedirectToPage();
            }

            credited = parsed;
        }

        var request = new ClaimOutcomeRequest(string.IsNullOrWhiteSpace(note) ? null : note, string.IsNullOrWhiteSpace(carrierReference) ? null : carrierReference, credited);
        var result = await outcomes.RecordAsync(id, outcome, request, ShipmentChanges.Actor(User), cancellationToken);
        Notice = result switch
        {
            ClaimOutcomeResult.Recorded recorded => $"Claim {recorded.Claim.TrackingNumber} recorded as {outcome}.",
            ClaimOutcomeResult.Invalid invalid => string.Join(" ", invalid.Errors.Select(e => $"{e.Key} {string.Join("; ", e.Value)}.")),
            ClaimOutcomeResult.Conflict conflict => conflict.Detail,
            _ => "No such claim.",
        };
        return RedirectToPage();
    }
}
