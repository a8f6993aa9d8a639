using RecoveryWorker.Domain;
using RecoveryWorker.Storage;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.Recovery;

/// <summary>
/// Turns what a check or follow-up decided to tell a ticket into owed effects (the outbox), rendered now so they
/// state the facts of this moment. Each effect's key names the case and the event (<c>{caseKey}:{event}:{kind}</c>):
/// the same event decided twice owes one write, and the helpdesk (or the ledger of sent comments) sees that key.
/// </summary>
internal sealed class CaseMessages(TicketComposer composer)
{
    /// <summary>The reply (when the message has a public template) and the internal note, owed in that order.</summary>
    public async Task AddAsync(CaseRecord record, ShipmentRecord shipment, CaseMessage message, DateTimeOffset now, Guid? followUpId = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(message);
        if (record.TicketId is null)
        {
            return;
        }

        var context = ApologyContexts.For(record, shipment, message.NextUpdateBy) with { Delivery = message.Delivery, Escalated = message.Escalated, RemedyIssued = message.RemedyIssued };
        if (message.PublicTemplate is { } publicTemplate)
        {
            var reply = await composer.RenderAsync(context, publicTemplate);
            OwedEffects.Add(record, $"{record.Key}:{message.EventKey}:public", OwedEffectKinds.Comment, now, reply.Body, isPublic: true, followUpId: followUpId);
        }

        var note = await composer.RenderAsync(context, MessageTemplates.FollowUpNote);
        OwedEffects.Add(record, $"{record.Key}:{message.EventKey}:note", OwedEffectKinds.Comment, now, note.Body, followUpId: followUpId);
    }
}

/// <summary>What to tell a ticket: a public template (or none) plus the internal follow-up note.</summary>
/// <param name="EventKey">Names the event in the comments' idempotency keys ("fu2", "cleared", "update-late-major").</param>
internal sealed record CaseMessage(string EventKey, string? PublicTemplate, DateTimeOffset? NextUpdateBy)
{
    public TimelineEvent? Delivery { get; init; }

    public bool Escalated { get; init; }

    /// <summary>The ledger says the remedy was issued (granted or redeemed).</summary>
    public bool RemedyIssued { get; init; }
}

/// <summary>Adds owed effects to a case, once per key.</summary>
internal static class OwedEffects
{
    public static void Add(CaseRecord record, string key, string kind, DateTimeOffset now, string? body = null, bool isPublic = false, string? group = null, Guid? followUpId = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.OwedEffects.Any(e => e.Key == key))
        {
            return; // decided before (a repeated check or follow-up): owed once
        }

        record.OwedEffects.Add(new OwedEffectRecord
        {
            Id = Guid.NewGuid(),
            CaseId = record.Id,
            Key = key,
            Kind = kind,
            Body = body,
            Public = isPublic,
            Group = group,
            FollowUpId = followUpId,
            CreatedAt = now,
            Ordinal = record.OwedEffects.Count(e => e.CreatedAt == now),
            State = OwedEffectStates.Pending,
        });
    }

    /// <summary>The key of a case's one ticket create; the helpdesk sees the case key itself as idempotency key.</summary>
    public static string TicketKey(CaseRecord record) => $"{record.Key}:ticket";
}
