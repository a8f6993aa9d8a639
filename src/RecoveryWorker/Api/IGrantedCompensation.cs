namespace RecoveryWorker.Api;

/// <summary>Granted compensation (granted or redeemed in the ledger), for reports that set it against carrier claims.</summary>
internal interface IGrantedCompensation
{
    /// <summary>Sums per carrier, month (UTC) of the grant and currency, for entries granted in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    Task<IReadOnlyList<(string Carrier, int Year, int Month, string Currency, decimal Amount)>> GrantedByCarrierAndMonthAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}
