namespace RecoveryWorker.Retention;

/// <summary>Erasure events: counts and ids only, never a name or an e-mail.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Retention erased personal data older than {Cutoff}: {Shipments} shipments, {Cases} cases, {HelpdeskWrites} helpdesk writes, {LocalTickets} local tickets, {LocalTicketComments} local ticket comments, {WebhookBodies} unprocessed webhook bodies")]
    public static partial void RetentionErased(this ILogger logger, DateTimeOffset cutoff, int shipments, int cases, int helpdeskWrites, int localTickets, int localTicketComments, int webhookBodies);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Erasure request for a customer ({Caller}): {Shipments} shipments, {Cases} cases, {HelpdeskWrites} helpdesk writes, {LocalTickets} local tickets, {LocalTicketComments} local ticket comments")]
    public static partial void CustomerErased(this ILogger logger, string caller, int shipments, int cases, int helpdeskWrites, int localTickets, int localTicketComments);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "No ticket opened for {CaseKey}: the customer's personal data was erased before one existed")]
    public static partial void TicketNotOpenedCustomerErased(this ILogger logger, string caseKey);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "Retention run {FireInstanceId} started on scheduler {SchedulerInstance}")]
    public static partial void RetentionStarted(this ILogger logger, string schedulerInstance, string fireInstanceId);
}
