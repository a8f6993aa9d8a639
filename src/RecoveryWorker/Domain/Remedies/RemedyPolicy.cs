using Microsoft.Extensions.Options;

namespace RecoveryWorker.Domain.Remedies;

/// <summary>
/// Prices a breach: looks up the rule for its type and severity (a repeat customer's severity is already one
/// step higher, so they get the next rung of the ladder), computes the amount, and caps remedy plus agent budget
/// at <see cref="RemedyOptions.MaxShareOfOrderValue"/> of the order.
/// </summary>
internal sealed class RemedyPolicy(IOptions<RemedyOptions> options)
{
    private readonly RemedyOptions _options = options.Value;

    public Remedy Choose(PromiseBreach breach, DeliveryPromise promise)
    {
        ArgumentNullException.ThrowIfNull(breach);
        ArgumentNullException.ThrowIfNull(promise);

        var order = promise.Order;
        var severity = breach.Severity.ToWireName();
        var rule = RuleFor(breach.Type.ToWireName(), severity);
        var cap = Money.Of(order.Value * _options.MaxShareOfOrderValue, order.Currency);

        var asked = rule.Kind == RemedyKind.ApologyOnly ? Money.Zero(order.Currency) : Amount(rule, order);
        var amount = asked.Min(cap);

        var budgetRule = _options.AgentBudget.GetValueOrDefault(severity);
        var budget = budgetRule is null ? Money.Zero(order.Currency) : Amount(budgetRule, order);
        budget = budget.Min(Money.Of(cap.Amount - amount.Amount, order.Currency));

        return new Remedy(rule.Kind, amount, budget, Capped: asked.Amount > cap.Amount, breach.CarrierRefundEligible);
    }

    private RemedyRule RuleFor(string breachType, string severity)
    {
        if (_options.Policies.TryGetValue(breachType, out var bySeverity) && bySeverity.TryGetValue(severity, out var rule))
        {
            return rule;
        }

        // An apology and a follow-up are always owed, whatever the policy forgot to say.
        return _options.Default.GetValueOrDefault(severity) ?? new RemedyRule { Kind = RemedyKind.ApologyOnly };
    }

    private static Money Amount(AmountRule rule, OrderTotals order) => rule.Basis switch
    {
        AmountBasis.Fixed => Money.Of(rule.Value, order.Currency),
        AmountBasis.PercentOfOrder => Money.Of(order.Value * rule.Value / 100m, order.Currency),
        AmountBasis.PercentOfShipping => Money.Of(order.ShippingCost * rule.Value / 100m, order.Currency),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Basis, "Unknown amount basis."),
    };
}
