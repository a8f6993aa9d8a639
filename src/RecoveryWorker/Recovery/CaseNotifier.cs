using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Storage;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.Recovery;

/// <summary>
/// Posts what happens to a case onto its ticket. Every comment has an idempotency key derived from the case and the
/// event: the local helpdesk dedupes on it, and for helpdesks that take none (Zendesk, Freshdesk comments) the
/// ledger of sent comments does, so a retried job or a repeated check does not tell the customer the same thing twice.
/// </summary>
internal sealed class CaseNotifier(IHelpdesk helpdesk, TicketComposer composer, IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time, ILogger<CaseNotifier> logger)
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
            await CallOnceAsync(record, $"{record.Key}:{message.EventKey}:public", key => helpdesk.AddCommentAsync(ticket, new TicketComment(reply.Body, Public: true, key), cancellationToken), cancellationToken);
        }

        var note = await composer.RenderAsync(context, MessageTemplates.FollowUpNote);
        await CallOnceAsync(record, $"{record.Key}:{message.EventKey}:note", key => helpdesk.AddCommentAsync(ticket, new TicketComment(note.Body, Public: false, key), cancellationToken), cancellationToken);
    }

    public async Task EscalateAsync(CaseRecord record, string reason, string? group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.TicketId is null)
        {
            return;
        }

        var ticket = new TicketRef(record.Helpdesk ?? helpdesk.Name, record.TicketId);
        await CallOnceAsync(record, $"{record.Key}:escalation", _ => helpdesk.EscalateAsync(ticket, new TicketEscalation(TicketPriority.Urgent, "promise-escalated", group, "Escalated: " + reason), cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Sets a solved ticket back to open with an internal note saying why. Returns the helpdesk's answer: a closed
    /// ticket the helpdesk will not reopen is Rejected, which the caller records instead of retrying forever.
    /// </summary>
    public async Task<ConnectorResult<TicketRef>> ReopenAsync(CaseRecord record, string eventKey, string why, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var ticket = new TicketRef(record.Helpdesk ?? helpdesk.Name, record.TicketId ?? throw new InvalidOperationException($"Case {record.Key} has no ticket to reopen."));
        var key = $"{record.Key}:{eventKey}:reopen";
        if (await AlreadySentAsync(key, cancellationToken))
        {
            return ticket;
        }

        var result = await helpdesk.ReopenAsync(ticket, new TicketComment(why, Public: false, key), cancellationToken);
        if (!result.IsSuccess)
        {
            if (result.Error!.Kind == ConnectorErrorKind.Rejected)
            {
                return result; // a ticket the helpdesk will not reopen: the caller records it
            }

            logger.HelpdeskFailed(record.Key, result.Error.Kind.ToString(), result.Error.Message);
            throw new HelpdeskCallFailedException(record.Key, result.Error);
        }

        await RecordSentAsync(record, key, cancellationToken);
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

    /// <summary>
    /// Writes on the ticket unless the ledger says this very comment was confirmed before (a retried job), and records
    /// it once the helpdesk confirms. Only a crash between the helpdesk's answer and the ledger row can repeat it.
    /// </summary>
    private async Task CallOnceAsync(CaseRecord record, string key, Func<string, Task<ConnectorResult<TicketRef>>> call, CancellationToken cancellationToken)
    {
        if (await AlreadySentAsync(key, cancellationToken))
        {
            return;
        }

        var result = await call(key);
        if (!result.IsSuccess)
        {
            logger.HelpdeskFailed(record.Key, result.Error!.Kind.ToString(), result.Error.Message);
            throw new HelpdeskCallFailedException(record.Key, result.Error);
        }

        await RecordSentAsync(record, key, cancellationToken);
    }

    private async Task<bool> AlreadySentAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SentComments.AnyAsync(c => c.Key == key, cancellationToken);
    }

    private async Task RecordSentAsync(CaseRecord record, string key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.SentComments.Add(new SentCommentRecord { Key = key, CaseId = record.Id, SentAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent copy recorded it first: it is recorded either way.
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
