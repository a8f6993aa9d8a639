using Microsoft.Extensions.Logging;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Dhl;

/// <summary>DHL connector log events (2501-2599). Never the API key, addresses or event texts: only kinds and counts.</summary>
internal static partial class DhlLog
{
    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "DHL tracking call failed: {ErrorKind} ({Reason})")]
    public static partial void CallFailed(this ILogger logger, ConnectorErrorKind errorKind, string reason);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Error, Message = "DHL refused the API key (HTTP {HttpStatus}); set Carriers__Dhl__ApiKey to a valid key")]
    public static partial void ApiKeyRefused(this ILogger logger, int httpStatus);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Warning, Message = "DHL answered unreadably: {Reason}")]
    public static partial void Malformed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Warning, Message = "DHL answered 404 without its problem document; check Carriers:Dhl:BaseUrl")]
    public static partial void NotFoundWithoutProblem(this ILogger logger);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Information, Message = "DHL returned {ShipmentCount} shipments for one number; using the {Service} one (set Carriers:Dhl:Service to choose)")]
    public static partial void SeveralShipments(this ILogger logger, int shipmentCount, string? service);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Warning, Message = "DHL sent {SkippedEvents} events without a readable timestamp; they were left out")]
    public static partial void EventsSkipped(this ILogger logger, int skippedEvents);
}
