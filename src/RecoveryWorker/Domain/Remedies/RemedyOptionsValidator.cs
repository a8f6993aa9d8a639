using Microsoft.Extensions.Options;

namespace RecoveryWorker.Domain.Remedies;

[OptionsValidator]
internal sealed partial class RemedyOptionsRangeValidator : IValidateOptions<RemedyOptions>;

/// <summary>Catches typos in policy keys, which would otherwise silently fall back to an apology only.</summary>
internal sealed class RemedyOptionsValidator : IValidateOptions<RemedyOptions>
{
    private static readonly string[] SeverityNames = [.. Enum.GetValues<Severity>().Select(s => s.ToWireName())];

    public ValidateOptionsResult Validate(string? name, RemedyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        foreach (var (breachType, bySeverity) in options.Policies)
        {
            if (!BreachTypes.TryParse(breachType, out _))
            {
                failures.Add($"Remedies:Policies:{breachType} is not a breach type ({string.Join(", ", BreachTypes.All.Select(t => t.ToWireName()))}).");
            }

            CheckSeverities($"Remedies:Policies:{breachType}", bySeverity.Keys, failures);
        }

        CheckSeverities("Remedies:Default", options.Default.Keys, failures);
        CheckSeverities("Remedies:AgentBudget", options.AgentBudget.Keys, failures);

        var percentRules = options.Policies.Values.SelectMany(p => p.Values).Concat(options.Default.Values)
            .Where(r => r.Basis is AmountBasis.PercentOfOrder && r.Value > 100m * options.MaxShareOfOrderValue);
        if (percentRules.Any())
        {
            failures.Add("A Remedies rule asks for more than Remedies:MaxShareOfOrderValue of the order; it would always be capped.");
        }

        if (!PromiseZones.TryResolve(options.Budget.TimeZone, out _))
        {
            failures.Add($"Remedies:Budget:TimeZone '{options.Budget.TimeZone}' is not a time zone (an IANA id such as Europe/Berlin).");
        }

        foreach (var (period, budget) in new[] { ("Daily", options.Budget.Daily), ("Monthly", options.Budget.Monthly) })
        {
            foreach (var (currency, amount) in budget.Where(b => b.Key.Length != 3 || !b.Key.All(char.IsAsciiLetter) || b.Value <= 0))
            {
                failures.Add($"Remedies:Budget:{period}:{currency} must be a three-letter currency code with an amount above 0 (got {amount}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckSeverities(string path, IEnumerable<string> keys, List<string> failures)
    {
        foreach (var key in keys.Where(k => !SeverityNames.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            failures.Add($"{path}:{key} is not a severity ({string.Join(", ", SeverityNames)}).");
        }
    }
}
