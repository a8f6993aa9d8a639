using Microsoft.Extensions.Logging;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Usps;

/// <summary>USPS log events. Never logs credentials, tokens, headers or the addresses in USPS answers.</summary>
internal static partial class UspsLog
{
    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "USPS tracking call for {NumberCount} numbers failed: {ErrorKind} {ErrorMessage}")]
    public static partial void TrackingCallFailed(this ILogger logger, int numberCount, ConnectorErrorKind errorKind, string errorMessage);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "USPS token request failed: {ErrorKind} {ErrorMessage}")]
    public static partial void TokenRequestFailed(this ILogger logger, ConnectorErrorKind errorKind, string errorMessage);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "USPS refused the access token; fetching a new one and retrying the call once")]
    public static partial void TokenRefused(this ILogger logger);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Warning, Message = "USPS answer for tracking number {TrackingNumber} is unusable: {Reason}")]
    public static partial void AnswerMalformed(this ILogger logger, string trackingNumber, string reason);
}
