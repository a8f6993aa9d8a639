using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Domain;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Pages.RecoveryConsole;

/// <summary>One shipment: its promise, the carrier's scans, when it is checked next and the last error, its cases and its changes.</summary>
internal sealed class ShipmentModel(IDbContextFactory<RecoveryDbContext> dbFactory) : PageModel
{
    public ShipmentRecord Shipment { get; private set; } = null!;

    public IReadOnlyList<TimelineEvent> Scans { get; private set; } = [];

    public IReadOnlyList<CaseRecord> Cases { get; private set; } = [];

    public IReadOnlyList<ShipmentChangeRecord> Changes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shipment = await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (shipment is null)
        {
            return NotFound();
        }

        Shipment = shipment;
        Scans = shipment.Tracking() is { } snapshot ? TrackingTimeline.From(snapshot, PromiseZones.Resolve(shipment.PromiseTimeZone)).Events : [];
        Cases = await db.Cases.AsNoTracking().Where(c => c.ShipmentId == id).OrderBy(c => c.DetectedAt).ToListAsync(cancellationToken);
        Changes = await db.ShipmentChanges.AsNoTracking().Where(c => c.ShipmentId == id).OrderBy(c => c.At).ToListAsync(cancellationToken);
        return Page();
    }
}
