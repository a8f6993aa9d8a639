using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Polling;

/// <summary>A shipment the sweep claimed: leased to the tracking job it is handed to.</summary>
internal sealed record ClaimedShipment(Guid Id, string Carrier);

/// <summary>
/// Claims a page of due shipments in one statement: the lease is written by the same UPDATE that picks the rows and
/// returns them. On PostgreSQL the pick is <c>FOR UPDATE SKIP LOCKED</c>, so replicas sweeping at once claim
/// disjoint pages and never wait for each other; SQLite has one writer at a time, so the statement alone is atomic.
/// </summary>
internal static class DueShipments
{
    public static async Task<List<ClaimedShipment>> ClaimAsync(RecoveryDbContext db, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var skipLocked = db.Database.IsNpgsql() ? "FOR UPDATE SKIP LOCKED" : "";
        var sql = $$"""
            UPDATE shipments SET "CheckLeaseUntil" = {0}
            WHERE "Id" IN (
                SELECT "Id" FROM shipments
                WHERE "NextCheckAt" IS NOT NULL AND "NextCheckAt" <= {1} AND ("CheckLeaseUntil" IS NULL OR "CheckLeaseUntil" <= {1})
                ORDER BY "NextCheckAt"
                LIMIT {2}
                {{skipLocked}})
            RETURNING "Id", "Carrier"
            """;
        return await db.Database.SqlQueryRaw<ClaimedShipment>(sql, Instant(db, leaseUntil), Instant(db, now), limit).ToListAsync(cancellationToken);
    }

    /// <summary>An instant as the store keeps it (UTC ticks on SQLite, timestamptz on PostgreSQL): the model's own converter.</summary>
    private static object Instant(RecoveryDbContext db, DateTimeOffset value)
    {
        var property = db.Model.FindEntityType(typeof(ShipmentRecord))!.FindProperty(nameof(ShipmentRecord.NextCheckAt))!;
        return property.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value)! : value;
    }
}
