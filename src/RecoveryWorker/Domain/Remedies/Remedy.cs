namespace RecoveryWorker.Domain.Remedies;

/// <summary>The remedy granted for a breach, with the agent's room to do more.</summary>
/// <param name="Kind">What we give.</param>
/// <param name="Amount">Its value in the order's currency; zero for an apology alone.</param>
/// <param name="AgentBudget">Extra goodwill an agent may offer without approval.</param>
/// <param name="Capped">The policy asked for more than the cap allows; the amount was cut to the cap.</param>
/// <param name="CarrierRefundEligible">The shipping charge can be claimed from the carrier's service guarantee.</param>
internal sealed record Remedy(RemedyKind Kind, Money Amount, Money AgentBudget, bool Capped, bool CarrierRefundEligible);
