using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Intake;

/// <summary>
/// Registers shipments. The same (carrier, tracking number, order) is one shipment however often it is sent;
/// a batch is stored all together or not at all, in one round of statements (one look-up, one batched insert).
/// </summary>
internal sealed class ShipmentIntake(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time, ILogger<ShipmentIntake> logger)
{
    private const int DetailedLogLimit = 20;

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
        var results = new List<(Guid Id, bool Created)>(registrations.Count);
        var added = new List<ShipmentRecord>(registrations.Count);

        // One query for the whole array: which of these are known already (by tracking number, then matched exactly).
        var numbers = registrations.Select(r => r.TrackingNumber).Distinct(StringComparer.Ordinal).ToList();
        var known = (await db.Shipments.AsNoTracking().Where(s => numbers.Contains(s.TrackingNumber))
                .Select(s => new { s.Id, s.Carrier, s.TrackingNumber, s.OrderId }).ToListAsync(cancellationToken))
            .ToDictionary(s => (s.Carrier, s.TrackingNumber, s.OrderId), s => s.Id);
        foreach (var r in registrations)
        {
            var carrier = r.Carrier.ToWireName();
            if (known.TryGetValue((carrier, r.TrackingNumber, r.OrderId), out var id))
            {
                results.Add((id, false)); // sent before, or twice in this array: one shipment
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
                SourceRef = r.SourceRef,
                OriginCountry = r.Origin?.Country,
                OriginRegion = r.Origin?.Region,
                OriginPostalCode = r.Origin?.PostalCode,
                DestinationCountry = r.Destination?.Country,
                DestinationRegion = r.Destination?.Region,
                DestinationPostalCode = r.Destination?.PostalCode,
                NextCheckAt = now, // look at it on the next sweep
            };
            db.Shipments.Add(shipment);
            added.Add(shipment);
            known[(carrier, r.TrackingNumber, r.OrderId)] = shipment.Id;
            results.Add((shipment.Id, true));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // One line per shipment for a handful (the demo, a store's webhook); a summary for a bulk array.
        if (added.Count <= DetailedLogLimit)
        {
            foreach (var s in added)
            {
                logger.ShipmentRegistered(s.Id, s.OrderId, s.Carrier, s.TrackingNumber, s.PromisedBy);
            }
        }
        else
        {
            logger.ShipmentsRegistered(added.Count, registrations.Count - added.Count);
        }

        return results;
    }
}
