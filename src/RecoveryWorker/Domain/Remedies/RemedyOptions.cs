using System.ComponentModel.DataAnnotations;

namespace RecoveryWorker.Domain.Remedies;

/// <summary>The compensation policy. Bound from "Remedies".</summary>
public sealed class RemedyOptions
{
    public const string SectionName = "Remedies";

    /// <summary>
    /// No remedy (with the agent's budget) exceeds this share of the order value. Research on over-compensation:
    /// returns fade past about 150% of the price.
    /// </summary>
    [Range(0.0, 5.0)]
    public decimal MaxShareOfOrderValue { get; set; } = 1.5m;

    /// <summary>
    /// Per breach type wire name ("late"), then per severity ("minor"), the remedy. A missing entry falls back to
    /// <see cref="Default"/> for that severity.
    /// </summary>
    public Dictionary<string, Dictionary<string, RemedyRule>> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per severity, the remedy for breach types without their own policy.</summary>
    public Dictionary<string, RemedyRule> Default { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per severity, what an agent may add as goodwill without approval ("you may offer up to X").</summary>
    public Dictionary<string, AmountRule> AgentBudget { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Shopify: a shipping refund is issued through the store's Admin API (the Intake:Shopify store) before the apology
    /// that announces it is sent. None: the agent issues remedies and marks them granted.
    /// </summary>
    public RemedyIssuer Issuer { get; set; } = RemedyIssuer.None;

    /// <summary>The daily and monthly compensation budget per currency.</summary>
    public RemedyBudgetOptions Budget { get; set; } = new();
}

/// <summary>An amount: <see cref="Value"/> read according to <see cref="Basis"/> (10 with PercentOfOrder is 10%).</summary>
public class AmountRule
{
    public AmountBasis Basis { get; set; } = AmountBasis.Fixed;

    [Range(0.0, 1_000_000.0)]
    public decimal Value { get; set; }
}

/// <summary>A remedy kind with its amount.</summary>
public sealed class RemedyRule : AmountRule
{
    public RemedyKind Kind { get; set; } = RemedyKind.ApologyOnly;
}
