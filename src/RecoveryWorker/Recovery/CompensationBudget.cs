using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Remedies;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Recovery;

/// <summary>
/// Holds new cases to the compensation budget (Remedies:Budget) before the batch that opens them is saved: a case whose
/// remedy would take the day's or the month's commitments in its currency past the budget proposes the fallback (an
/// apology without money) instead, and its ticket says a person must approve more. What counts is the ledger (every
/// entry but withdrawn ones) plus the cases opened earlier in the same batch. On PostgreSQL the decision and the save
/// run under a session advisory lock per currency, so two replicas cannot both spend the last euro.
/// </summary>
internal sealed class CompensationBudget(IOptions<RemedyOptions> options, RecoveryMetrics metrics, ILogger<CompensationBudget> logger)
{
    private readonly RemedyBudgetOptions _budget = options.Value.Budget;

    /// <summary>The currencies the budget limits among these new cases' remedies.</summary>
    public IReadOnlyList<string> Limited(IEnumerable<CaseRecord> opened) =>
        [.. opened.Where(c => c.RemedyAmount > 0 && c.RemedyCurrency is { } currency && (_budget.Daily.ContainsKey(currency) || _budget.Monthly.ContainsKey(currency)))
            .Select(c => c.RemedyCurrency!.ToUpperInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Takes the lock of each currency (PostgreSQL), in a fixed order; the caller saves, then unlocks.</summary>
    public static async Task LockAsync(RecoveryDbContext db, IReadOnlyList<string> currencies, bool take, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return; // SQLite is one process writing one file at a time
        }

        foreach (var currency in currencies)
        {
            var key = LockKey(currency);
            if (take)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({key})", cancellationToken);
            }
            else
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({key})", cancellationToken);
            }
        }
    }

    /// <summary>Applies the budget to the batch's new cases, in the order they were opened; held ones lose their entry.</summary>
    public async Task ApplyAsync(RecoveryDbContext db, IReadOnlyList<CaseRecord> opened, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = PromiseZones.Resolve(_budget.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var dayStart = Start(new DateTime(local.Year, local.Month, local.Day, 0, 0, 0, DateTimeKind.Unspecified), zone);
        var monthStart = Start(new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified), zone);
        foreach (var currency in Limited(opened))
        {
            // Amounts are read, not summed in SQL: SQLite keeps decimals as text.
            var spent = await db.Compensations.AsNoTracking()
                .Where(c => c.Currency == currency && c.Status != CompensationStatuses.Withdrawn && c.ProposedAt >= monthStart)
                .Select(c => new { c.ProposedAt, c.Amount }).ToListAsync(cancellationToken);
            var day = spent.Where(s => s.ProposedAt >= dayStart).Sum(s => s.Amount);
            var month = spent.Sum(s => s.Amount);
            foreach (var record in opened.Where(c => c.RemedyAmount > 0 && string.Equals(c.RemedyCurrency, currency, StringComparison.OrdinalIgnoreCase)))
            {
                var amount = record.RemedyAmount!.Value;
                var heldBy = _budget.Daily.TryGetValue(currency, out var daily) && day + amount > daily ? "daily"
                    : _budget.Monthly.TryGetValue(currency, out var monthly) && month + amount > monthly ? "monthly"
                    : null;
                if (heldBy is null)
                {
                    day += amount;
                    month += amount;
                    continue;
                }

                Hold(db, record, heldBy);
                metrics.RemedyHeldByBudget(currency, heldBy);
                logger.RemedyHeldByBudget(record.Key, heldBy, currency);
            }
        }
    }

    /// <summary>The fallback remedy: an apology without money; no ledger entry, nothing to issue.</summary>
    private static void Hold(RecoveryDbContext db, CaseRecord record, string heldBy)
    {
        foreach (var entry in db.ChangeTracker.Entries<CompensationRecord>().Where(e => e.Entity.CaseId == record.Id && e.State == EntityState.Added).ToList())
        {
            entry.State = EntityState.Detached;
        }

        record.OwedEffects.RemoveAll(e => e.Kind == OwedEffectKinds.IssueRemedy && e.CaseId == record.Id);
        foreach (var effect in db.ChangeTracker.Entries<OwedEffectRecord>().Where(e => e.Entity.CaseId == record.Id && e.Entity.Kind == OwedEffectKinds.IssueRemedy && e.State == EntityState.Added).ToList())
        {
            effect.State = EntityState.Detached;
        }

        record.RemedyKind = nameof(RemedyKind.ApologyOnly);
        record.RemedyAmount = 0m;
        record.RemedyHeldBy = heldBy;
    }

    private static DateTimeOffset Start(DateTime wall, TimeZoneInfo zone) => new(wall, zone.GetUtcOffset(wall));

    /// <summary>A stable 64-bit key per currency for PostgreSQL's advisory locks ("RWBUD" + the code).</summary>
    private static long LockKey(string currency) =>
        currency.Aggregate(0x5257_4255_4400_0000L, (key, c) => (key << 8) ^ c);
}
