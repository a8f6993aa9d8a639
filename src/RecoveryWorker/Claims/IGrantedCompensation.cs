namespace RecoveryWorker.Claims;

/// <summary>One carrier's month in one currency: the cell of the claims summary.</summary>
internal readonly record struct CarrierMonth(string Carrier, string Month, string Currency);

/// <summary>
/// What we granted customers (refunds, credits) for late parcels, by carrier and month of the promise, to set beside what
/// the carriers paid back. The compensation ledger implements it; until then <see cref="NoCompensationLedger"/> says zero.
/// </summary>
internal interface IGrantedCompensation
{
    /// <param name="from">First instant of the first month.</param>
    /// <param name="to">First instant after the last month.</param>
    Task<IReadOnlyDictionary<CarrierMonth, decimal>> GrantedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>The seam's default: no ledger, nothing granted.</summary>
internal sealed class NoCompensationLedger : IGrantedCompensation
{
    public Task<IReadOnlyDictionary<CarrierMonth, decimal>> GrantedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<CarrierMonth, decimal>>(new Dictionary<CarrierMonth, decimal>());
}
