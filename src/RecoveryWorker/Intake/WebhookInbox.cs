using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Intake;

/// <summary>What the inbox made of a delivery: new, or the same delivery again (a vendor retry), processed or not yet.</summary>
internal sealed record InboxReceipt(bool IsNew, bool Processed);

/// <summary>
/// Vendor webhooks in, at most once each: a delivery is stored under the vendor's delivery id (a retry is the same row,
/// counted and not stored again), so the answer can go back at once and the work happen in a job. Two replicas
/// receiving the same delivery at once meet at the primary key; the loser counts it as a repeat.
/// </summary>
internal sealed class WebhookInbox(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time)
{
    public async Task<InboxReceipt> ReceiveAsync(string source, string deliveryId, string topic, string body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var known = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Source == source && d.DeliveryId == deliveryId, cancellationToken);
            if (known is not null)
            {
                known.Repeats++;
                await db.SaveChangesAsync(cancellationToken);
                return new InboxReceipt(IsNew: false, Processed: known.ProcessedAt is not null);
            }

            db.WebhookDeliveries.Add(new WebhookDeliveryRecord { Source = source, DeliveryId = deliveryId, Topic = topic, Body = body, ReceivedAt = time.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new InboxReceipt(IsNew: true, Processed: false);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another replica stored the same delivery a moment ago: read it again and count this one as a repeat.
            }
        }
    }

    /// <summary>The delivery's body while it waits to be processed; null once processed (or never received).</summary>
    public async Task<(string Topic, string Body)?> PendingAsync(string source, string deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Source == source && d.DeliveryId == deliveryId && d.ProcessedAt == null && d.Body != null)
            .Select(d => new { d.Topic, d.Body }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.Topic, row.Body!);
    }

    /// <summary>Processed: the outcome is kept, the body (names, addresses) is dropped.</summary>
    public async Task CompleteAsync(string source, string deliveryId, string outcome, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.WebhookDeliveries.Where(d => d.Source == source && d.DeliveryId == deliveryId)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.ProcessedAt, time.GetUtcNow()).SetProperty(d => d.Outcome, outcome).SetProperty(d => d.Body, (string?)null), cancellationToken);
    }
}
