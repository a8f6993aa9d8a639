namespace RecoveryWorker.Polling;

/// <summary>
/// When this process last swept and how many due shipments it claimed, for the dashboard. One replica sweeps at a time
/// (Quartz's cluster lock), so on the others this stays empty until the sweep moves to them.
/// </summary>
internal sealed class LastSweep
{
    private volatile Sweep? _last;

    public Sweep? Value => _last;

    public void Record(DateTimeOffset at, int claimed) => _last = new Sweep(at, claimed);

    internal sealed record Sweep(DateTimeOffset At, int Claimed);
}
