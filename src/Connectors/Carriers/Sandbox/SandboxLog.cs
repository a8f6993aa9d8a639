using Microsoft.Extensions.Logging;

namespace RecoveryWorker.Connectors.Carriers.Sandbox;

/// <summary>Sandbox carrier log events. The file's content is never logged: only its path and what is wrong with it.</summary>
internal static partial class SandboxLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Sandbox tracking file {Path} does not exist; no sandbox parcel is known until it does")]
    public static partial void TrackingFileMissing(this ILogger logger, string path);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Sandbox tracking file {Path} is malformed, keeping the previous content: {Reason}")]
    public static partial void TrackingFileMalformed(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Sandbox tracking file {Path} could not be read, keeping the previous content: {Reason}")]
    public static partial void TrackingFileUnreadable(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Sandbox tracking file {Path} loaded with {ParcelCount} parcels")]
    public static partial void TrackingFileLoaded(this ILogger logger, string path, int parcelCount);
}
