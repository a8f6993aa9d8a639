using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Domain.Claims;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Claims;

/// <summary>
/// One carrier's month (of the scheduled delivery, UTC) in one currency: refunds eligible (claims not excluded), how many
/// were filed, credited, denied and expired, the money eligible and recovered, and the compensation we granted.
/// </summary>
internal sealed record ClaimMonth(
    string Carrier, string Month, string Currency,
    int Eligible, int Excluded, int Filed, int Credited, int Denied, int Expired,
    decimal AmountEligible, decimal AmountRecovered, decimal CompensationGranted);

/// <summary>Whether claiming pays: per carrier and month, as a table and as CSV.</summary>
internal sealed class ClaimSummary(IDbContextFactory<RecoveryDbContext> dbFactory, IGrantedCompensation granted)
{
    public const int DefaultMonths = 12;

    public const string CsvHeader = "carrier,month,currency,eligible,excluded,filed,credited,denied,expired,amount_eligible,amount_recovered,compensation_granted";

    /// <summary>The <paramref name="months"/> months up to and including the current one, newest first.</summary>
    public async Task<IReadOnlyList<ClaimMonth>> ComputeAsync(DateTimeOffset now, int months, CancellationToken cancellationToken)
    {
        var utc = now.UtcDateTime;
        var to = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        var from = to.AddMonths(-months);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Amounts are summed here: SQLite keeps decimals as text, which SQL cannot add.
        var rows = await db.Claims.AsNoTracking().Where(c => c.Commitment >= from && c.Commitment < to)
            .Select(c => new { c.Carrier, c.Commitment, c.Currency, c.Status, c.Amount, c.CreditedAmount, c.FiledAt })
            .ToListAsync(cancellationToken);
        var grants = await granted.GrantedAsync(from, to, cancellationToken);

        var cells = new Dictionary<CarrierMonth, ClaimMonth>();
        foreach (var row in rows)
        {
            var key = new CarrierMonth(row.Carrier, Month(row.Commitment), row.Currency);
            var cell = cells.TryGetValue(key, out var found) ? found : Empty(key);
            var excluded = row.Status == ClaimStatuses.Excluded;
            cells[key] = cell with
            {
                Eligible = cell.Eligible + (excluded ? 0 : 1),
                Excluded = cell.Excluded + (excluded ? 1 : 0),
                Filed = cell.Filed + (row.FiledAt is null ? 0 : 1),
                Credited = cell.Credited + (row.Status == ClaimStatuses.Credited ? 1 : 0),
                Denied = cell.Denied + (row.Status == ClaimStatuses.Denied ? 1 : 0),
                Expired = cell.Expired + (row.Status == ClaimStatuses.Expired ? 1 : 0),
                AmountEligible = cell.AmountEligible + (excluded ? 0 : row.Amount),
                AmountRecovered = cell.AmountRecovered + (row.Status == ClaimStatuses.Credited ? row.CreditedAmount ?? row.Amount : 0),
            };
        }

        foreach (var (key, amount) in grants)
        {
            var cell = cells.TryGetValue(key, out var found) ? found : Empty(key);
            cells[key] = cell with { CompensationGranted = cell.CompensationGranted + amount };
        }

        return [.. cells.Values.OrderByDescending(c => c.Month, StringComparer.Ordinal).ThenBy(c => c.Carrier, StringComparer.Ordinal).ThenBy(c => c.Currency, StringComparer.Ordinal)];
    }

    public static string Csv(IReadOnlyList<ClaimMonth> months)
    {
        ArgumentNullException.ThrowIfNull(months);
        var csv = new StringBuilder(CsvHeader).Append("\r\n");
        foreach (var m in months)
        {
            csv.AppendJoin(',', m.Carrier, m.Month, m.Currency, Number(m.Eligible), Number(m.Excluded), Number(m.Filed), Number(m.Credited), Number(m.Denied), Number(m.Expired),
                Money(m.AmountEligible), Money(m.AmountRecovered), Money(m.CompensationGranted)).Append("\r\n");
        }

        return csv.ToString();
    }

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static ClaimMonth Empty(CarrierMonth key) => new(key.Carrier, key.Month, key.Currency, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
