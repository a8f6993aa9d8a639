using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Claims;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Api;

/// <summary>
/// <see cref="IGrantedCompensation"/> from the ledger: entries granted or redeemed, by carrier, month (UTC) of the grant
/// and currency. Amounts are summed in memory: SQLite keeps decimals as text.
/// </summary>
internal sealed class CompensationLedgerTotals(IDbContextFactory<RecoveryDbContext> dbFactory) : IGrantedCompensation
{
    public async Task<IReadOnlyDictionary<CarrierMonth, decimal>> GrantedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var granted = await db.Compensations.AsNoTracking()
            .Where(c => (c.Status == CompensationStatuses.Granted || c.Status == CompensationStatuses.Redeemed) && c.GrantedAt >= from && c.GrantedAt < to)
            .Select(c => new { c.Carrier, GrantedAt = c.GrantedAt!.Value, c.Currency, c.Amount })
            .ToListAsync(cancellationToken);
        var sums = new Dictionary<CarrierMonth, decimal>();
        foreach (var entry in granted)
        {
            var key = new CarrierMonth(entry.Carrier, ClaimSummary.Month(entry.GrantedAt), entry.Currency);
            sums[key] = sums.GetValueOrDefault(key) + entry.Amount;
        }

        return sums;
    }
}
