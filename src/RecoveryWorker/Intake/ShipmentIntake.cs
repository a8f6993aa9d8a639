using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Intake;

/// <summary>
/// Registers shipments. The same (carrier, tracking number, order) is one shipment however often it is sent;
/// a batch is stored all together or not at all.
/// </summary>
internal sealed class ShipmentIntake(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time, ILogger<ShipmentIntake> logger)
{
    public async Task<IReadOnlyList<(Guid Id, bool Created)>> RegisterAsync(IReadOnlyList<ShipmentRegistration> registrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryRegisterAsync(registrations, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // A concurrent request registered one of these first; the unique index refused ours. Look again.
            }
        }
    }

    private async Task<IReadOnlyList<(Guid Id, bool Created)>> TryRegisterAsync(IReadOnlyList<ShipmentRegistration> registrations, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // All or nothing, in one transaction; the provider's execution strategy may run it again after a transient
        // failure, from a clean change tracker.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            return await RegisterInTransactionAsync(db, registrations, ct);
        }, cancellationToken);
    }

    private async Task<IReadOnlyList<(Guid Id, bool Created)>> RegisterInTransactionAsync(RecoveryDbContext db, IReadOnlyList<ShipmentRegistration> registrations, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var results = new List<(Guid Id, bool Created)>();
        var added = new List<ShipmentRecord>();
        foreach (var r in registrations)
        {
            var carrier = r.Carrier.ToWireName();
            var existing = await db.Shipments.Where(s => s.Carrier == carrier && s.TrackingNumber == r.TrackingNumber && s.OrderId == r.OrderId)
                .Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken)
                ?? added.FirstOrDefault(s => s.Carrier == carrier && s.TrackingNumber == r.TrackingNumber && s.OrderId == r.OrderId)?.Id;
            if (existing is { } id)
            {
                results.Add((id, false));
                continue;
            }

            var shipment = new ShipmentRecord
            {
                Id = Guid.NewGuid(),
                OrderId = r.OrderId,
                Carrier = carrier,
                TrackingNumber = r.TrackingNumber,
                ServiceCode = r.Service,
                PromisedBy = r.PromisedBy,
                PromiseTimeZone = r.PromiseTimeZone,
                Guaranteed = r.Guaranteed,
                ShippedAt = r.ShippedAt ?? now,
                CustomerId = r.CustomerId,
                CustomerEmail = r.CustomerEmail,
                CustomerName = r.CustomerName,
                CustomerLocale = r.CustomerLocale,
                OrderValue = r.OrderValue,
                ShippingCost = r.ShippingCost,
                Currency = r.Currency,
                RegisteredAt = now,
                NextCheckAt = now, // look at it on the next sweep
            };
            db.Shipments.Add(shipment);
            added.Add(shipment);
            results.Add((shipment.Id, true));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var s in added)
        {
            logger.ShipmentRegistered(s.Id, s.OrderId, s.Carrier, s.TrackingNumber, s.PromisedBy);
        }

        return results;
    }
}
