namespace RecoveryWorker.Domain;

/// <summary>An amount in an ISO-4217 currency, rounded to that currency's minor unit.</summary>
internal readonly record struct Money(decimal Amount, string Currency)
{
    // Currencies without a minor unit; everything else in practice uses two decimals.
    private static readonly HashSet<string> ZeroDecimalCurrencies = new(StringComparer.OrdinalIgnoreCase)
    {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    public static Money Zero(string currency) => new(0m, currency);

    public static Money Of(decimal amount, string currency) =>
        new(Math.Round(amount, ZeroDecimalCurrencies.Contains(currency) ? 0 : 2, MidpointRounding.AwayFromZero), currency);

    public Money Min(Money other) => Amount <= other.Amount ? this : other;

    public override string ToString() => $"{Amount:0.##} {Currency}";
}
