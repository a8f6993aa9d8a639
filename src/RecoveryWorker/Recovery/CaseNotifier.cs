using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Storage;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.Recovery;

/// <summary>
/// Posts what happens to a case onto its ticket. Every comment carries an idempotency key derived from the case
/// and the event, so a retried job or a repeated check never tells the customer the same thing twice.
/// </summary>
internal sealed class CaseNotifier(IHelpdesk helpdesk, TicketComposer composer, ILogger<CaseNotifier> logger)
{
    public async Task PostAsync(CaseRecord record, ShipmentRecord shipment, CaseMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(message);
        if (record.TicketId is null)
        {
            return;
        }

        var context = Context(record, shipment, message.NextUpdateBy) with { Delivery = message.Delivery, Escalated = message.Escalated };
        var ticket = new TicketRef(record.Helpdesk ?? helpdesk.Name, record.TicketId);
        if (message.PublicTemplate is { } publicTemplate)
        {
            var reply = await composer.RenderAsync(context, publicTemplate);
            await CallAsync(record, () => helpdesk.AddCommentAsync(ticket, new TicketComment(reply.Body, Public: true, $"{record.Key}:{message.EventKey}:public"), cancellationToken));
        }

        var note = await composer.RenderAsync(context, MessageTemplates.FollowUpNote);
        await CallAsync(record, () => helpdesk.AddCommentAsync(ticket, new TicketComment(note.Body, Public: false, $"{record.Key}:{message.EventKey}:note"), cancellationToken));
    }

    public async Task EscalateAsync(CaseRecord record, string reason, string? group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.TicketId is null)
        {
            return;
        }

        var ticket = new TicketRef(record.Helpdesk ?? helpdesk.Name, record.TicketId);
        await CallAsync(record, () => helpdesk.EscalateAsync(ticket, new TicketEscalation(TicketPriority.Urgent, "promise-escalated", group, "Escalated: " + reason), cancellationToken));
    }

    /// <summary>
    /// Sets a solved ticket back to open with an internal note saying why. Returns the helpdesk's answer: a closed
    /// ticket the helpdesk will not reopen is Rejected, which the caller records instead of retrying forever.
    /// </summary>
    public async Task<ConnectorResult<TicketRef>> ReopenAsync(CaseRecord record, string eventKey, string why, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var ticket = new TicketRef(record.Helpdesk ?? helpdesk.Name, record.TicketId ?? throw new InvalidOperationException($"Case {record.Key} has no ticket to reopen."));
        var result = await helpdesk.ReopenAsync(ticket, new TicketComment(why, Public: false, $"{record.Key}:{eventKey}:reopen"), cancellationToken);
        if (!result.IsSuccess && result.Error!.Kind != ConnectorErrorKind.Rejected)
        {
            logger.HelpdeskFailed(record.Key, result.Error.Kind.ToString(), result.Error.Message);
            throw new HelpdeskCallFailedException(record.Key, result.Error);
        }

        return result;
    }

    public static ApologyContext Context(CaseRecord record, ShipmentRecord shipment, DateTimeOffset? nextUpdateBy)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(shipment);
        var @case = record.ToDomain();
        return new ApologyContext(@case.Key, shipment.OrderId, shipment.CarrierCode(), shipment.TrackingNumber, shipment.ToPromise(), @case.Breach, record.Remedy(), nextUpdateBy)
        {
            Escalated = record.EscalationReason is not null,
        };
    }

    private async Task CallAsync(CaseRecord record, Func<Task<ConnectorResult<TicketRef>>> call)
    {
        var result = await call();
        if (!result.IsSuccess)
        {
            logger.HelpdeskFailed(record.Key, result.Error!.Kind.ToString(), result.Error.Message);
            throw new HelpdeskCallFailedException(record.Key, result.Error);
        }
    }
}

/// <summary>What to tell a ticket: a public template (or none) plus the internal follow-up note.</summary>
/// <param name="EventKey">Names the event in the comments' idempotency keys ("fu2", "cleared", "update-late-major").</param>
internal sealed record CaseMessage(string EventKey, string? PublicTemplate, DateTimeOffset? NextUpdateBy)
{
    public TimelineEvent? Delivery { get; init; }

    public bool Escalated { get; init; }
}
