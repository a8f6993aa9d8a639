namespace RecoveryWorker;

/// <summary>
/// The events that tell a shipment's story, one line each, with fixed ids for dashboards and alerts. Customer
/// e-mails, names and addresses never appear here: shipments and cases are named by id and key.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Shipment {ShipmentId} registered: order {OrderId}, {Carrier} {TrackingNumber}, promised by {PromisedBy}")]
    public static partial void ShipmentRegistered(this ILogger logger, Guid shipmentId, string orderId, string carrier, string trackingNumber, DateTimeOffset promisedBy);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Registered {Created} shipments ({Known} already known)")]
    public static partial void ShipmentsRegistered(this ILogger logger, int created, int known);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Tracking push: {Scans} scans, {Shipments} watched shipments took them, {Unknown} tracking numbers unknown")]
    public static partial void TrackingPushed(this ILogger logger, int scans, int shipments, int unknown);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Shipment {ShipmentId}: the stored tracking could not be read; the pushed scans replace it")]
    public static partial void StoredTrackingUnreadable(this ILogger logger, Exception exception, Guid shipmentId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Shipment {ShipmentId} changed ({Fields}) by {Actor}")]
    public static partial void ShipmentChanged(this ILogger logger, Guid shipmentId, string fields, string actor);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Shipment {ShipmentId} cancelled by {Actor}: no longer watched, {Cases} open case(s) closed without a customer message")]
    public static partial void ShipmentCancelled(this ILogger logger, Guid shipmentId, int cases, string actor);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Shopify webhook refused ({Reason}): shop {ShopDomain}, delivery {DeliveryId}")]
    public static partial void ShopifyWebhookRefused(this ILogger logger, string reason, string? shopDomain, string? deliveryId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Shopify delivery {DeliveryId} ({Topic}) accepted; {State}")]
    public static partial void ShopifyDeliveryAccepted(this ILogger logger, string deliveryId, string topic, string state);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Shopify delivery {DeliveryId}, fulfilment {FulfillmentId} of order {OrderId}: {Outcome}")]
    public static partial void ShopifyDeliveryProcessed(this ILogger logger, string deliveryId, long fulfillmentId, long orderId, string outcome);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Shopify delivery {DeliveryId}, fulfilment {FulfillmentId} of order {OrderId}: {Outcome}")]
    public static partial void ShopifyDeliveryNeedsAttention(this ILogger logger, string deliveryId, long fulfillmentId, long orderId, string outcome);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Shopify delivery {DeliveryId} skipped: {Problem}")]
    public static partial void ShopifyDeliveryUnreadable(this ILogger logger, string deliveryId, string problem);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Shopify order {OrderId} of delivery {DeliveryId} could not be read ({ErrorKind}: {ErrorMessage}); the delivery is tried again")]
    public static partial void ShopifyOrderUnavailable(this ILogger logger, long orderId, string deliveryId, string errorKind, string errorMessage);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "Case {CaseKey}: {Action} by {Actor}")]
    public static partial void CaseActedOn(this ILogger logger, string caseKey, string action, string actor);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Sweep enqueued {Batches} tracking batches for {Shipments} due shipments")]
    public static partial void SweepEnqueued(this ILogger logger, int batches, int shipments);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Debug, Message = "Sweep {FireInstanceId} started on scheduler {SchedulerInstance}")]
    public static partial void SweepStarted(this ILogger logger, string schedulerInstance, string fireInstanceId);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Debug, Message = "Sweep {FireInstanceId} finished on scheduler {SchedulerInstance}")]
    public static partial void SweepFinished(this ILogger logger, string schedulerInstance, string fireInstanceId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Sweep re-created lost {Work} job for {Id}")]
    public static partial void LostJobRecreated(this ILogger logger, string work, Guid id);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Sweep put {Count} Hangfire jobs of a stopped worker back at the front of the queue (no keep-alive for {InvisibilityTimeout}): {JobIds}")]
    public static partial void AbandonedJobsRequeued(this ILogger logger, int count, TimeSpan invisibilityTimeout, string jobIds);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "No tracker is configured for carrier {Carrier}; {Shipments} shipments wait for it")]
    public static partial void NoTracker(this ILogger logger, string carrier, int shipments);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Shipment {ShipmentId} tracked: {TrackingStatus}, next check {NextCheckAt}")]
    public static partial void Tracked(this ILogger logger, Guid shipmentId, string trackingStatus, DateTimeOffset? nextCheckAt);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Tracking failed for shipment {ShipmentId} ({Carrier} {TrackingNumber}): {ErrorKind} {ErrorMessage}")]
    public static partial void TrackingFailed(this ILogger logger, Guid shipmentId, string carrier, string trackingNumber, string errorKind, string errorMessage);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Processing shipment {ShipmentId} failed; the batch carries on")]
    public static partial void ShipmentFailed(this ILogger logger, Exception exception, Guid shipmentId);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "A tracking batch of {Shipments} met a concurrent change (attempt {Attempt}): {Reason}; applying it again")]
    public static partial void BatchConflict(this ILogger logger, int shipments, int attempt, string reason);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Shipment {ShipmentId} changed concurrently; it is checked again on the next sweep")]
    public static partial void ShipmentConflict(this ILogger logger, Guid shipmentId);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Carrier {Carrier} unavailable for a batch of {Shipments}: {ErrorMessage}; Hangfire will retry")]
    public static partial void CarrierUnavailable(this ILogger logger, string carrier, int shipments, string errorMessage);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Promise broken for {CaseKey}: {BreachType} ({Severity}), {Carrier} {TrackingStatus}")]
    public static partial void BreachDetected(this ILogger logger, string caseKey, string breachType, string severity, string carrier, string trackingStatus);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Case {CaseKey} now {BreachType} ({Severity})")]
    public static partial void CaseUpdated(this ILogger logger, string caseKey, string breachType, string severity);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Case {CaseKey} cleared: {Resolution}")]
    public static partial void CaseCleared(this ILogger logger, string caseKey, string resolution);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Ticket {TicketId} opened in {Helpdesk} for {CaseKey}: remedy {RemedyKind} {RemedyAmount}, {FollowUps} follow-ups scheduled")]
    public static partial void TicketOpened(this ILogger logger, string ticketId, string helpdesk, string caseKey, string remedyKind, string remedyAmount, int followUps);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Opening the ticket for {CaseKey} failed: {ErrorKind} {ErrorMessage}")]
    public static partial void TicketFailed(this ILogger logger, string caseKey, string errorKind, string errorMessage);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "The ticket for {CaseKey} may or may not exist ({ErrorKind} {ErrorMessage}): it will be looked up by the case key before any new create")]
    public static partial void TicketUnknown(this ILogger logger, string caseKey, string errorKind, string errorMessage);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "Ticket {TicketId} in {Helpdesk} found by the case key {CaseKey} and adopted")]
    public static partial void TicketAdopted(this ILogger logger, string ticketId, string helpdesk, string caseKey);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Error, Message = "{Helpdesk} refused the ticket for {CaseKey}: {ErrorMessage}. The case keeps the reason; requeue the failed job once it is fixed")]
    public static partial void TicketRejected(this ILogger logger, string helpdesk, string caseKey, string errorMessage);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Error, Message = "{Helpdesk} refused our credentials for {CaseKey} ({ErrorMessage}): the case stays pending and readiness fails until a call succeeds; check the Helpdesk settings")]
    public static partial void HelpdeskUnauthorized(this ILogger logger, string helpdesk, string caseKey, string errorMessage);

    [LoggerMessage(EventId = 1407, Level = LogLevel.Information, Message = "Ticket for {CaseKey} deferred until {NotBefore:O}: {Reason}")]
    public static partial void TicketDeferred(this ILogger logger, string caseKey, DateTimeOffset notBefore, string reason);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Follow-up {Sequence} for {CaseKey}: {Outcome}")]
    public static partial void FollowUpRan(this ILogger logger, int sequence, string caseKey, string outcome);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Case {CaseKey} resolved: {Resolution}")]
    public static partial void CaseResolved(this ILogger logger, string caseKey, string resolution);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Case {CaseKey} escalated: {Reason}")]
    public static partial void CaseEscalated(this ILogger logger, string caseKey, string reason);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Helpdesk call for {CaseKey} failed: {ErrorKind} {ErrorMessage}")]
    public static partial void HelpdeskFailed(this ILogger logger, string caseKey, string errorKind, string errorMessage);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Warning, Message = "Ticket {TicketId} for {CaseKey} was {TicketStatus} while the promise is still broken: reopened with an internal note")]
    public static partial void TicketReopened(this ILogger logger, string ticketId, string caseKey, string ticketStatus);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Warning, Message = "Ticket {TicketId} for {CaseKey} is done in the helpdesk while the promise is still broken, and could not be reopened: {Reason}")]
    public static partial void TicketNotReopened(this ILogger logger, string ticketId, string caseKey, string reason);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Information, Message = "Ticket {TicketId} for {CaseKey}: the story has ended ({Outcome})")]
    public static partial void TicketSolved(this ILogger logger, string ticketId, string caseKey, Connectors.Abstractions.SolveOutcome outcome);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Information, Message = "Escalations go to group '{Group}' in {Helpdesk} (id {GroupId})")]
    public static partial void GroupFound(this ILogger logger, string group, string helpdesk, string groupId);

    [LoggerMessage(EventId = 1514, Level = LogLevel.Warning, Message = "Could not check escalation group '{Group}' in {Helpdesk} now ({Reason}); it is looked up again at the first escalation")]
    public static partial void GroupCheckDeferred(this ILogger logger, string group, string helpdesk, string reason);

    [LoggerMessage(EventId = 1515, Level = LogLevel.Warning, Message = "Escalation of {CaseKey} goes to no group: '{Group}' is not a group in {Helpdesk} ({Reason})")]
    public static partial void GroupMissing(this ILogger logger, string caseKey, string group, string helpdesk, string reason);

    [LoggerMessage(EventId = 1516, Level = LogLevel.Information, Message = "Follow-up {FollowUpId} met a concurrent change of its case (attempt {Attempt}); deciding again")]
    public static partial void FollowUpConflict(this ILogger logger, Guid followUpId, int attempt);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Database schema is current: {Applied} migration(s) applied ({Migrations}); Hangfire schema checked")]
    public static partial void StorageMigrated(this ILogger logger, int applied, string migrations);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Demo seeded {Shipments} sandbox shipments; tracking file {TrackingFile}")]
    public static partial void DemoSeeded(this ILogger logger, int shipments, string trackingFile);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "{Carrier} push: {Subscribed} parcels subscribed until {Until}, {Refused} refused")]
    public static partial void PushSubscribed(this ILogger logger, string carrier, int subscribed, DateTimeOffset until, int refused);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "{Carrier} refused push for {Count} parcels ({Codes}), e.g. {Examples}; they stay polled and are offered again after {RetryAfter}")]
    public static partial void PushRefused(this ILogger logger, string carrier, int count, string codes, string examples, TimeSpan retryAfter);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Warning, Message = "{Carrier} push subscription failed ({Kind}): {Reason}; {Waiting} parcels of this call stay polled, next attempt after {RetryAt} ({Failures} failure(s) in a row)")]
    public static partial void PushSubscriptionFailed(this ILogger logger, string carrier, string kind, string reason, int waiting, DateTimeOffset retryAt, int failures);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Debug, Message = "{Carrier} push subscription waits until {NotBefore} after failures")]
    public static partial void PushSubscriptionWaiting(this ILogger logger, string carrier, DateTimeOffset notBefore);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Information, Message = "UPS Track Alert: {TrackingNumber} {Status} taken by {Shipments} watched shipment(s)")]
    public static partial void TrackAlertApplied(this ILogger logger, string trackingNumber, string status, int shipments);

    [LoggerMessage(EventId = 1026, Level = LogLevel.Information, Message = "UPS Track Alert for {TrackingNumber}, which no registered shipment has: ignored")]
    public static partial void TrackAlertUnknown(this ILogger logger, string trackingNumber);

    [LoggerMessage(EventId = 1027, Level = LogLevel.Warning, Message = "UPS Track Alert delivery refused (401): {Reason}")]
    public static partial void TrackAlertUnauthorized(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1028, Level = LogLevel.Warning, Message = "UPS Track Alert delivery breaks the TrackingEvent schema (400, nothing stored): {Fields}")]
    public static partial void TrackAlertInvalid(this ILogger logger, string fields);

    // 2301-2399: the compensation ledger and its budget.
    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Compensation {CompensationId} of case {CaseKey} {Status} by {Actor}: {Reason}")]
    public static partial void CompensationMoved(this ILogger logger, Guid compensationId, string caseKey, string status, string actor, string reason);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "Compensation of case {CaseKey} offered: the apology naming it was sent ({How})")]
    public static partial void CompensationOffered(this ILogger logger, string caseKey, string how);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Compensation {CompensationId} cannot move to {Status}: it is {Current}")]
    public static partial void CompensationRefused(this ILogger logger, Guid compensationId, string status, string current);

    [LoggerMessage(EventId = 2310, Level = LogLevel.Information, Message = "Remedy of case {CaseKey} issued through the store ({IssuerRef})")]
    public static partial void RemedyIssued(this ILogger logger, string caseKey, string issuerRef);

    [LoggerMessage(EventId = 2311, Level = LogLevel.Warning, Message = "Remedy of case {CaseKey} not issued by the store: {Reason}; the agent issues it and the apology says it is pending")]
    public static partial void RemedyNotIssued(this ILogger logger, string caseKey, string reason);

    [LoggerMessage(EventId = 2320, Level = LogLevel.Warning, Message = "Case {CaseKey} proposes the fallback remedy: the {Period} compensation budget in {Currency} is spent; a person must approve more")]
    public static partial void RemedyHeldByBudget(this ILogger logger, string caseKey, string period, string currency);
}
