using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Access;
using RecoveryWorker.Api;
using RecoveryWorker.Intake;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Pages.RecoveryConsole;

/// <summary>
/// The compensation ledger: the newest entries (filtered by status), the totals per day, carrier or breach type, and
/// for admins the steps people take (granted, redeemed, withdrawn), each with a reason recorded with their name.
/// </summary>
internal sealed class CompensationsModel(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    TimeProvider time,
    RecoveryMetrics metrics,
    ILogger<CompensationsModel> logger) : PageModel
{
    private const int Shown = 200;

    public IReadOnlyList<(CompensationRecord Entry, string CaseKey)> Entries { get; private set; } = [];

    public IReadOnlyList<CompensationTotal> Totals { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string By { get; set; } = "day";

    [TempData]
    public string? Notice { get; set; }

    public bool IsAdmin => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Status = Status is { Length: > 0 } s && CompensationStatuses.All.Contains(s) ? s : null;
        By = CompensationApi.Groupings.Contains(By) ? By : "day";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var filter = new CompensationApi.Filter(Status, null, null, null, null);
        var rows = await filter.Apply(db.Compensations.AsNoTracking()).OrderByDescending(c => c.ProposedAt).Take(Shown)
            .Join(db.Cases, c => c.CaseId, k => k.Id, (c, k) => new { Entry = c, k.Key }).ToListAsync(cancellationToken);
        Entries = [.. rows.Select(r => (r.Entry, r.Key))];
        Totals = await CompensationApi.TotalsAsync(db, filter, By, cancellationToken);
        return Page();
    }

    /// <summary>An admin's step on one entry, with its reason; a viewer is refused, an illegal step is explained.</summary>
    public async Task<IActionResult> OnPostStepAsync(Guid id, string? step, string? reason, CancellationToken cancellationToken)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        if (step is not (CompensationStatuses.Granted or CompensationStatuses.Redeemed or CompensationStatuses.Withdrawn))
        {
            Notice = "Choose granted, redeemed or withdrawn.";
            return RedirectToPage();
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            Notice = "Say why: the reason is recorded on the entry.";
            return RedirectToPage();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.Compensations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (entry is null)
        {
            Notice = "No such compensation.";
            return RedirectToPage();
        }

        var actor = ShipmentChanges.Actor(User);
        var why = reason.Trim();
        if (await CompensationLedger.MoveAsync(db, id, step, actor, why, time.GetUtcNow(), cancellationToken))
        {
            metrics.Compensation(step, entry.Kind, entry.Amount, entry.Currency);
            var caseKey = await db.Cases.Where(c => c.Id == entry.CaseId).Select(c => c.Key).FirstOrDefaultAsync(cancellationToken) ?? "";
            logger.CompensationMoved(id, caseKey, step, actor, why);
            Notice = $"Marked {step}.";
        }
        else
        {
            Notice = $"It is {entry.Status}: {step} follows only {string.Join(" or ", CompensationStatuses.From(step))}.";
        }

        return RedirectToPage();
    }
}
