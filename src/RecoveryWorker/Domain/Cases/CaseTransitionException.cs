namespace RecoveryWorker.Domain.Cases;

/// <summary>A case was asked to make a move its state does not allow: a bug in the caller, never a vendor failure.</summary>
internal sealed class CaseTransitionException(CaseKey key, CaseStatus from, string move)
    : InvalidOperationException($"Case {key} cannot {move} while {from}.")
{
    public CaseKey Key { get; } = key;

    public CaseStatus From { get; } = from;
}
