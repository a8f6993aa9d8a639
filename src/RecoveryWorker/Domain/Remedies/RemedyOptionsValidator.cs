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
