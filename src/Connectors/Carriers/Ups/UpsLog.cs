using Microsoft.Extensions.Logging;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>UPS connector log events (2201-2299). Never credentials, tokens, auth headers or addresses.</summary>
internal static partial class UpsLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "UPS tracking call for {TrackingNumber} answered HTTP {StatusCode} in {ElapsedMs} ms")]
    public static partial void TrackingCalled(this ILogger logger, string trackingNumber, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "UPS refused the access token (HTTP 401) for {TrackingNumber}; fetching a new token and retrying once")]
    public static partial void TokenRefused(this ILogger logger, string trackingNumber);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "UPS token request failed ({Kind}): {Reason}")]
    public static partial void TokenFailed(this ILogger logger, ConnectorErrorKind kind, string reason);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "UPS answer for {TrackingNumber} could not be read: {Reason}")]
    public static partial void AnswerMalformed(this ILogger logger, string trackingNumber, string reason);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "UPS does not know {TrackingNumber}: {Reason}")]
    public static partial void NumberNotFound(this ILogger logger, string trackingNumber, string reason);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Warning, Message = "UPS tracking call for {TrackingNumber} failed ({Kind}): {Reason}")]
    public static partial void TrackingFailed(this ILogger logger, string trackingNumber, ConnectorErrorKind kind, string reason);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Debug, Message = "UPS access token fetched, valid for {ExpiresInSeconds} s")]
    public static partial void TokenFetched(this ILogger logger, long expiresInSeconds);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Debug, Message = "UPS Track Alert subscription of {Count} numbers answered HTTP {StatusCode} in {ElapsedMs} ms")]
    public static partial void SubscriptionCalled(this ILogger logger, int count, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Warning, Message = "UPS Track Alert subscription of {Count} numbers failed ({Kind}): {Reason}")]
    public static partial void SubscriptionFailed(this ILogger logger, int count, ConnectorErrorKind kind, string reason);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Information, Message = "UPS refused the access token (HTTP 401) for a Track Alert subscription; fetching a new token and retrying once")]
    public static partial void SubscriptionTokenRefused(this ILogger logger);
}
