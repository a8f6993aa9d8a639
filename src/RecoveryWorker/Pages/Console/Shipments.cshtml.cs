using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Pages.RecoveryConsole;

/// <summary>Find a shipment by tracking number, order id or customer id (exact, as an agent pastes it).</summary>
internal sealed class ShipmentsModel(IDbContextFactory<RecoveryDbContext> dbFactory) : PageModel
{
    private const int Shown = 100;

    public string? Q { get; private set; }

    public IReadOnlyList<ShipmentRecord> Found { get; private set; } = [];

    public async Task OnGetAsync(string? q, CancellationToken cancellationToken)
    {
        Q = q?.Trim();
        if (string.IsNullOrEmpty(Q))
        {
            return;
        }

        var number = RecoveryWorker.Intake.TrackingNumbers.Normalize(Q);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Found = await db.Shipments.AsNoTracking()
            .Where(s => s.TrackingNumber == number || s.OrderId == Q || s.CustomerId == Q)
            .OrderByDescending(s => s.RegisteredAt).Take(Shown).ToListAsync(cancellationToken);
    }
}
