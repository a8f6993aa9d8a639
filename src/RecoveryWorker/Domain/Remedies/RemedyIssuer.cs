namespace RecoveryWorker.Domain.Remedies;

/// <summary>Who issues a remedy with money in it (Remedies:Issuer).</summary>
public enum RemedyIssuer
{
    /// <summary>Nobody automatically: the agent issues it and marks it granted; messages say the team is arranging it.</summary>
    None,

    /// <summary>The store connected for intake (Intake:Shopify): shipping refunds go through its Admin API.</summary>
    Shopify,
}
