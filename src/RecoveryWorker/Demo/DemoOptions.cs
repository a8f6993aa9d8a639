namespace RecoveryWorker.Demo;

/// <summary>The development demo. Bound from "Demo".</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Register the demo's sandbox shipments (and write their tracking file) when the store has none yet.</summary>
    public bool Seed { get; set; }
}
