namespace RecoveryWorker;

/// <summary>Operations events: the service stopping on a signal, and how it went.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Stopping: no new requests or jobs are taken; running jobs get {JobStopTimeout} to finish and are put back in their queue after that (the whole stop may take {ShutdownTimeout})")]
    public static partial void Stopping(this ILogger logger, TimeSpan jobStopTimeout, TimeSpan shutdownTimeout);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Stopped cleanly in {Elapsed}")]
    public static partial void Stopped(this ILogger logger, TimeSpan elapsed);
}
