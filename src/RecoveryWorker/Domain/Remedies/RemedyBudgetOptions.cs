namespace RecoveryWorker.Domain.Remedies;

/// <summary>
/// The global compensation budget (Remedies:Budget), per currency. Past it, a new case proposes the fallback remedy
/// (an apology without money) and its ticket says a person must approve more. A currency without an entry has no limit.
/// </summary>
public sealed class RemedyBudgetOptions
{
    /// <summary>Per currency code ("EUR"), what the ledger may commit (proposed to redeemed, not withdrawn) in one day.</summary>
    public Dictionary<string, decimal> Daily { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per currency code, what the ledger may commit in one calendar month.</summary>
    public Dictionary<string, decimal> Monthly { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The IANA or Windows time zone whose midnight starts the budget's day and month.</summary>
    public string TimeZone { get; set; } = "UTC";
}
