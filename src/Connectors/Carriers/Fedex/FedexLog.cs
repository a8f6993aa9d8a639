using Microsoft.Extensions.Logging;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Fedex;

/// <summary>FedEx log events (2301-2399). Never credentials, tokens, headers or addresses: codes, counts and numbers only.</summary>
internal static partial class FedexLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "FedEx token request failed: {ErrorKind} {ErrorMessage}")]
    public static partial void TokenRequestFailed(this ILogger logger, ConnectorErrorKind errorKind, string errorMessage);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "FedEx refused the access token; fetching a new one and retrying the tracking call once")]
    public static partial void TokenRejected(this ILogger logger);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "FedEx tracking call for {NumberCount} numbers failed: {ErrorKind} {ErrorMessage}")]
    public static partial void TrackCallFailed(this ILogger logger, int numberCount, ConnectorErrorKind errorKind, string errorMessage);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "FedEx answer for {TrackingNumber} is unreadable: {Reason}")]
    public static partial void NumberMalformed(this ILogger logger, string trackingNumber, string reason);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Warning, Message = "FedEx answered the tracking call with something unreadable: {Reason}")]
    public static partial void AnswerMalformed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Information, Message = "FedEx status code {StatusCode} is not in the status table; mapped to Unknown")]
    public static partial void UnknownStatusCode(this ILogger logger, string statusCode);

    [LoggerMessage(EventId = 2307, Level = LogLevel.Information, Message = "FedEx returned {ShipmentCount} shipments for reused number {TrackingNumber}; using the most recent one")]
    public static partial void SeveralShipments(this ILogger logger, int shipmentCount, string trackingNumber);

    [LoggerMessage(EventId = 2308, Level = LogLevel.Information, Message = "FedEx reports {ErrorCode} for {TrackingNumber}")]
    public static partial void NumberError(this ILogger logger, string errorCode, string trackingNumber);

    [LoggerMessage(EventId = 2309, Level = LogLevel.Debug, Message = "FedEx tracking call for {NumberCount} numbers answered HTTP {StatusCode} in {ElapsedMilliseconds} ms")]
    public static partial void TrackCallCompleted(this ILogger logger, int numberCount, int statusCode, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2310, Level = LogLevel.Debug, Message = "FedEx answered for {TrackingNumber}, which was not asked for; ignored")]
    public static partial void UnaskedNumber(this ILogger logger, string trackingNumber);
}
