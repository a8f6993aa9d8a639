namespace RecoveryWorker.Domain;

/// <summary>How bad a breach is for the customer; drives the remedy, the ticket priority and escalation.</summary>
internal enum Severity
{
    Minor,
    Major,
    Critical,
}

internal static class Severities
{
    /// <summary>One step worse, e.g. for a repeat customer: a second failure in a row hurts more than the first.</summary>
    public static Severity Raise(this Severity severity) => severity == Severity.Critical ? Severity.Critical : severity + 1;

    public static Severity AtLeast(this Severity severity, Severity floor) => severity < floor ? floor : severity;

    public static string ToWireName(this Severity severity) => severity switch
    {
        Severity.Minor => "minor",
        Severity.Major => "major",
        Severity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity."),
    };
}
