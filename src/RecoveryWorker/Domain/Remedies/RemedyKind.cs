namespace RecoveryWorker.Domain.Remedies;

/// <summary>What we give the customer, cheapest first. Research: match the remedy to the loss, pay it now.</summary>
public enum RemedyKind
{
    /// <summary>A sincere apology and a follow-up, no money: minor, first-time, carrier-caused delays.</summary>
    ApologyOnly,
    /// <summary>The shipping charge back: they paid for speed they did not get.</summary>
    ShippingRefund,
    /// <summary>Credit towards the next order.</summary>
    StoreCredit,
    /// <summary>A replacement sent by the fastest service, at our cost.</summary>
    ExpressReship,
    /// <summary>The whole order refunded: lost, damaged, returned.</summary>
    FullRefund,
}

/// <summary>What a remedy amount is computed from.</summary>
public enum AmountBasis
{
    /// <summary>A fixed amount in the order's currency.</summary>
    Fixed,
    /// <summary>A percentage of the order value.</summary>
    PercentOfOrder,
    /// <summary>A percentage of what the customer paid for shipping.</summary>
    PercentOfShipping,
}
