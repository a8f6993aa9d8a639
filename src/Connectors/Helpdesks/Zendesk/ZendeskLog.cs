using Microsoft.Extensions.Logging;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Helpdesks.Zendesk;

/// <summary>Zendesk connector log events (3101-3199). Case keys and ticket ids only: never e-mails, names or credentials.</summary>
internal static partial class ZendeskLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "{Call} answered HTTP {StatusCode} in {ElapsedMs} ms")]
    public static partial void Called(this ILogger logger, string call, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Zendesk ticket {TicketId} opened for case {CaseKey} (idempotency lookup: {Lookup})")]
    public static partial void TicketOpened(this ILogger logger, string ticketId, string caseKey, string lookup);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Zendesk ticket {TicketId} for case {CaseKey} exists, but its internal note failed ({Kind}): {Reason}")]
    public static partial void NoteAfterCreateFailed(this ILogger logger, string ticketId, string caseKey, ConnectorErrorKind kind, string reason);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Zendesk refused the create for case {CaseKey} as a changed replay of its idempotency key; adopted ticket {TicketId} carrying that external id")]
    public static partial void TicketAdopted(this ILogger logger, string caseKey, string ticketId);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Zendesk refused the create for case {CaseKey} as a changed replay of its idempotency key, and no ticket carries that external id yet")]
    public static partial void IdempotencyConflictWithoutTicket(this ILogger logger, string caseKey);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Zendesk has {Count} tickets for case {CaseKey}; using the first one made, {TicketId}")]
    public static partial void SeveralTickets(this ILogger logger, int count, string caseKey, string ticketId);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "Escalation of Zendesk ticket {TicketId}: group '{Group}' is not a numeric group id, so no group was assigned")]
    public static partial void GroupNotNumeric(this ILogger logger, string ticketId, string group);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "{Call} failed ({Kind}): {Reason}")]
    public static partial void CallFailed(this ILogger logger, string call, ConnectorErrorKind kind, string reason);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Warning, Message = "{Call}: the answer could not be read: {Reason}")]
    public static partial void AnswerMalformed(this ILogger logger, string call, string reason);
}
