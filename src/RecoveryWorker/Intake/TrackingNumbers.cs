namespace RecoveryWorker.Intake;

/// <summary>How a tracking number is stored and looked up: without spaces, in capitals ("1z 999 aa1" is "1Z999AA1").</summary>
internal static class TrackingNumbers
{
    public static string Normalize(string trackingNumber)
    {
        ArgumentNullException.ThrowIfNull(trackingNumber);
        return trackingNumber.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
    }
}
