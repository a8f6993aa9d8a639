namespace RecoveryWorker.Domain.Cases;

/// <summary>What a fresh look at a shipment means for its cases.</summary>
internal abstract record CaseDecision
{
    private CaseDecision()
    {
    }

    /// <summary>Nothing changed that anyone needs to hear about.</summary>
    public sealed record None : CaseDecision;

    /// <summary>A new broken promise: open a case (and then a ticket) under this key.</summary>
    public sealed record Open(CaseKey Key, PromiseBreach Breach) : CaseDecision;

    /// <summary>The open case's story moved on (late became delivered-late, severity rose): update it and its ticket.</summary>
    public sealed record Update(RecoveryCase Case, PromiseBreach Breach) : CaseDecision;

    /// <summary>The trouble went away by itself (the stall moved, the estimate came back): close with good news.</summary>
    public sealed record Clear(RecoveryCase Case) : CaseDecision;

    public static CaseDecision Nothing { get; } = new None();
}
