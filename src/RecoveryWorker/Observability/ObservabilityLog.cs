namespace RecoveryWorker;

/// <summary>Observability events: the metrics' own troubles.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "Reading the store for the metrics gauges failed; they keep their last values")]
    public static partial void StoreReadingFailed(this ILogger logger, Exception exception);
}
