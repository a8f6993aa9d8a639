using Microsoft.Extensions.Logging;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Helpdesks.Freshdesk;

/// <summary>Freshdesk connector log events (3200-3299). Case keys and ticket ids only: never e-mails, names, API keys or auth headers.</summary>
internal static partial class FreshdeskLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Freshdesk {Operation} answered HTTP {StatusCode} in {ElapsedMs} ms")]
    public static partial void Called(this ILogger logger, string operation, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Freshdesk ticket {TicketId} opened for case {CaseKey}")]
    public static partial void TicketOpened(this ILogger logger, string caseKey, long ticketId);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Freshdesk ticket {TicketId} for case {CaseKey} exists but its {Step} failed ({Kind}): {Reason}; the ticket is kept, an agent must add it")]
    public static partial void FollowOnFailed(this ILogger logger, string caseKey, long ticketId, string step, ConnectorErrorKind kind, string reason);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Freshdesk ticket create for case {CaseKey} failed ({Kind}): {Reason}")]
    public static partial void OpenFailed(this ILogger logger, string caseKey, ConnectorErrorKind kind, string reason);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Information, Message = "Freshdesk ticket {TicketId} has custom status {Status}; treated as Open")]
    public static partial void CustomStatus(this ILogger logger, string ticketId, int status);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Warning, Message = "Freshdesk escalation of ticket {TicketId}: group '{Group}' is not a numeric group id; the group is left unchanged")]
    public static partial void GroupNotNumeric(this ILogger logger, string ticketId, string group);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Warning, Message = "Freshdesk {Operation} for ticket {TicketId} failed ({Kind}): {Reason}")]
    public static partial void CallFailed(this ILogger logger, string operation, string ticketId, ConnectorErrorKind kind, string reason);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Information, Message = "Freshdesk search for case {CaseKey} found {Count} ticket(s); using {TicketId}")]
    public static partial void TicketFound(this ILogger logger, string caseKey, int count, long ticketId);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Warning, Message = "Freshdesk search for case {CaseKey} failed ({Kind}): {Reason}")]
    public static partial void FindFailed(this ILogger logger, string caseKey, ConnectorErrorKind kind, string reason);
}
