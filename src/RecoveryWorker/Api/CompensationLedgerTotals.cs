using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Api;

/// <summary><see cref="IGrantedCompensation"/> from the ledger. Amounts are summed in memory: SQLite keeps decimals as text.</summary>
internal sealed class CompensationLedgerTotals(IDbContextFactory<RecoveryDbContext> dbFactory) : IGrantedCompensation
{
    public async Task<IReadOnlyList<(string Carrier, int Year, int Month, string Currency, decimal Amount)>> GrantedByCarrierAndMonthAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var granted = await db.Compensations.AsNoTracking()
            .Where(c => (c.Status == CompensationStatuses.Granted || c.Status == CompensationStatuses.Redeemed) && c.GrantedAt >= from && c.GrantedAt < to)
            .Select(c => new { c.Carrier, GrantedAt = c.GrantedAt!.Value, c.Currency, c.Amount })
            .ToListAsync(ct);
        return [.. granted
            .GroupBy(c => (c.Carrier, c.GrantedAt.UtcDateTime.Year, c.GrantedAt.UtcDateTime.Month, c.Currency))
            .OrderBy(g => g.Key.Carrier, StringComparer.Ordinal).ThenBy(g => g.Key.Year).ThenBy(g => g.Key.Month).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => (g.Key.Carrier, g.Key.Year, g.Key.Month, g.Key.Currency, g.Sum(c => c.Amount)))];
    }
}
