using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Domain;

/// <summary>A broken (or about to break) promise, with the facts that prove it, ready to be told to a customer.</summary>
internal sealed record PromiseBreach(BreachType Type, Severity Severity, BreachEvidence Evidence)
{
    /// <summary>
    /// The carrier guarantees this service and it arrived late: the shipping charge can be claimed back from the
    /// carrier (UPS/FedEx money-back guarantees). Weather exceptions void those guarantees, so they clear the flag.
    /// </summary>
    public bool CarrierRefundEligible { get; init; }

    /// <summary>The customer had another case inside the repeat window; severity was raised one step for it.</summary>
    public bool RepeatCustomer { get; init; }
}

/// <summary>The facts behind a breach. Each field is set where the breach type makes it meaningful.</summary>
internal sealed record BreachEvidence
{
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>The scan that tells the story (the exception, the last movement, the delivery).</summary>
    public TimelineEvent? Event { get; init; }

    /// <summary>How late: delivery or now minus the deadline; for at-risk, how late the estimate would make it.</summary>
    public TimeSpan? Lateness { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>The end of the carrier's estimated window, or its commitment time.</summary>
    public DateTimeOffset? EstimatedBy { get; init; }

    /// <summary>The carrier's estimated day, when it gave only a day.</summary>
    public DateOnly? EstimatedDay { get; init; }

    /// <summary>The carrier said it is running late.</summary>
    public bool CarrierReportedDelay { get; init; }

    /// <summary>Business hours without movement (stalled) or without pickup (not picked up).</summary>
    public TimeSpan? BusinessTimeWaiting { get; init; }

    public TrackingStatus? Status { get; init; }

    public ExceptionReason? Reason { get; init; }

    public string? PromisedService { get; init; }

    public string? ReportedService { get; init; }
}
