using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Api;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Pages.RecoveryConsole;

/// <summary>The cases list: the API's filters as a form, the page of rows read in the database, and links that keep the filters.</summary>
internal sealed class CasesModel(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time) : PageModel
{
    public CaseSearch Search { get; private set; } = new();

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<CaseRow> Rows { get; private set; } = [];

    public bool HasMore { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Search = CaseSearch.Read(Request.Query, Errors);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Search.PageAsync(db, Now, cancellationToken);
        HasMore = rows.Count > Search.Paging.Size;
        Rows = rows.Take(Search.Paging.Size).ToList();
    }

    /// <summary>How late the parcel is (or was, when it arrived): positive past the promise.</summary>
    public TimeSpan Lateness(ShipmentRecord shipment) => (shipment.DeliveredAt ?? Now) - shipment.PromisedBy;

    public static string Duration(TimeSpan span) => span.TotalDays >= 1 ? $"{span.TotalDays:0.#} d" : span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{Math.Max(0, span.TotalMinutes):0} min";
}
