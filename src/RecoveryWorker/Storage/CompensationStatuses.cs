namespace RecoveryWorker.Storage;

/// <summary>The ledger's states (wire names) and which step may follow which.</summary>
internal static class CompensationStatuses
{
    public const string Proposed = "proposed";
    public const string Offered = "offered";
    public const string Granted = "granted";
    public const string Redeemed = "redeemed";
    public const string Withdrawn = "withdrawn";

    public static IReadOnlyList<string> All { get; } = [Proposed, Offered, Granted, Redeemed, Withdrawn];

    /// <summary>
    /// The states an entry may be in before moving to <paramref name="to"/>. Granting need not wait for the offer (a
    /// store refund is issued before the apology that announces it); nothing leaves redeemed or withdrawn.
    /// </summary>
    public static IReadOnlyList<string> From(string to) => to switch
    {
        Offered => [Proposed],
        Granted => [Proposed, Offered],
        Redeemed => [Granted],
        Withdrawn => [Proposed, Offered, Granted],
        _ => [],
    };
}
