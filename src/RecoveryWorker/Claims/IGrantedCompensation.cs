namespace RecoveryWorker.Claims;

/// <summary>One carrier's month in one currency: the cell of the claims summary.</summary>
internal readonly record struct CarrierMonth(string Carrier, string Month, string Currency);

/// <summary>
/// What we granted customers (refunds, credits) for late parcels, by carrier and month (the claim's month of its commitment, the grant's month of the grant), to set beside what
/// the carriers paid back. The compensation ledger implements it (<see cref="Api.CompensationLedgerTotals"/>).
/// </summary>
internal interface IGrantedCompensation
{
    /// <param name="from">First instant of the first month.</param>
    /// <param name="to">First instant after the last month.</param>
    Task<IReadOnlyDictionary<CarrierMonth, decimal>> GrantedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
