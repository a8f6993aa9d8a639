using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Retention;

/// <summary>
/// Erases customers' personal data: names, e-mails and destination postal codes on shipments (the country and region
/// stay, for lanes), the texts written to the helpdesk for their cases
/// (greetings, the agent's note), and the local helpdesk's copy (requester, ticket text, comments). Customer ids,
/// case facts, statistics and the compensation ledger stay. Every change is a set-based UPDATE of at most
/// <see cref="RetentionOptions.BatchSize"/> rows whose WHERE clause excludes rows already erased, so a run never
/// loads rows into memory, a second run changes nothing, and a run cut short is finished by the next one.
/// Erased rows carry <c>PersonalDataErasedAt</c>; the names and e-mails become empty strings and texts
/// <see cref="Marker"/>.
/// </summary>
internal sealed class PersonalDataEraser(IDbContextFactory<RecoveryDbContext> dbFactory, IOptions<RetentionOptions> options, TimeProvider time)
{
    /// <summary>What an erased text reads.</summary>
    public const string Marker = "[erased]";

    /// <summary>Why an owed helpdesk write was not sent.</summary>
    public const string NotSentReason = "not sent: the customer's personal data was erased";

    private static readonly string[] FinalStatuses = [nameof(TrackingStatus.Delivered), nameof(TrackingStatus.ReturnedToSender), nameof(TrackingStatus.Cancelled)];

    private static readonly string Resolved = nameof(CaseStatus.Resolved);

    private readonly RetentionOptions _options = options.Value;

    /// <summary>
    /// Retention: erases the customers of shipments that reached a final state, and whose cases all closed, longer than
    /// <see cref="RetentionOptions.CustomerData"/> ago.
    /// </summary>
    public async Task<(DateTimeOffset Cutoff, ErasureCounts Counts)> EraseExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = now - _options.CustomerData;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // A shipment is done with when it reached a final state (the delivery scan, else its last scan) or its order was
        // cancelled, before the cutoff, and none of its cases is open or was resolved after it.
        var expired = db.Shipments.Where(s =>
            ((s.TrackingStatus != null && FinalStatuses.Contains(s.TrackingStatus) && (s.DeliveredAt ?? s.LastEventAt ?? s.LastCheckedAt ?? s.RegisteredAt) <= cutoff)
             || s.CancelledAt <= cutoff)
            && !db.Cases.Any(c => c.ShipmentId == s.Id && (c.Status != Resolved || c.ResolvedAt == null || c.ResolvedAt > cutoff)));
        var cases = db.Cases.Where(c => expired.Any(s => s.Id == c.ShipmentId));
        var counts = await EraseAsync(db, expired, cases, now, cancellationToken);

        // A webhook delivery keeps its body (names, addresses) only until processed; one never processed (its job gave
        // up) loses it at the same age, and says so.
        var bodies = await db.WebhookDeliveries.Where(d => d.Body != null && d.ReceivedAt <= cutoff)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Body, (string?)null)
                .SetProperty(d => d.ProcessedAt, now)
                .SetProperty(d => d.Outcome, "expired: never processed; its body was erased with the customer data of its age"), cancellationToken);
        return (cutoff, counts with { WebhookBodies = bodies });
    }

    /// <summary>An erasure request: every shipment and case of the customer, whatever its state.</summary>
    public async Task<ErasureCounts> EraseCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await EraseAsync(db, db.Shipments.Where(s => s.CustomerId == customerId), db.Cases.Where(c => c.CustomerId == customerId), time.GetUtcNow(), cancellationToken);
    }

    // Each table keeps its own mark, and each step selects by the shipments and cases in scope (not by their marks),
    // so the steps may run in any order and a run that stopped half way is completed by the next one.
    private async Task<ErasureCounts> EraseAsync(RecoveryDbContext db, IQueryable<ShipmentRecord> shipments, IQueryable<CaseRecord> cases, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var size = _options.BatchSize;
        var tickets = db.LocalTickets.Where(t => cases.Any(c => c.Key == t.ExternalId));

        var comments = await BatchesAsync(() => db.LocalTicketComments
            .Where(m => m.Body != Marker && tickets.Any(t => t.Id == m.TicketId && t.PersonalDataErasedAt == null))
            .OrderBy(m => m.Id).Take(size)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Body, Marker), cancellationToken), size);

        var ticketCount = await BatchesAsync(() => tickets.Where(t => t.PersonalDataErasedAt == null)
            .OrderBy(t => t.Id).Take(size)
            .ExecuteUpdateAsync(u => u
                .SetProperty(t => t.RequesterName, "")
                .SetProperty(t => t.RequesterEmail, "")
                .SetProperty(t => t.Body, Marker)
                .SetProperty(t => t.PersonalDataErasedAt, now), cancellationToken), size);

        // Texts already sent are history; texts still owed are not sent (they greet the customer by name).
        var writes = await BatchesAsync(() => db.OwedEffects
            .Where(e => e.Body != null && cases.Any(c => c.Id == e.CaseId && c.PersonalDataErasedAt == null))
            .OrderBy(e => e.Id).Take(size)
            .ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Body, (string?)null)
                .SetProperty(e => e.LastError, e => e.State == OwedEffectStates.Pending ? NotSentReason : e.LastError)
                .SetProperty(e => e.State, e => e.State == OwedEffectStates.Pending ? OwedEffectStates.Rejected : e.State), cancellationToken), size);

        var caseCount = await BatchesAsync(() => cases.Where(c => c.PersonalDataErasedAt == null)
            .OrderBy(c => c.Id).Take(size)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.PersonalDataErasedAt, now), cancellationToken), size);

        var shipmentCount = await BatchesAsync(() => shipments.Where(s => s.PersonalDataErasedAt == null)
            .OrderBy(s => s.Id).Take(size)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.CustomerName, "")
                .SetProperty(s => s.CustomerEmail, "")
                .SetProperty(s => s.DestinationPostalCode, (string?)null)
                .SetProperty(s => s.PersonalDataErasedAt, now), cancellationToken), size);

        return new ErasureCounts(shipmentCount, caseCount, writes, ticketCount, comments);
    }

    /// <summary>Runs one batch after another until a batch comes back short: each batch is its own short statement.</summary>
    private static async Task<int> BatchesAsync(Func<Task<int>> batch, int size)
    {
        var total = 0;
        int changed;
        do
        {
            changed = await batch();
            total += changed;
        }
        while (changed == size);

        return total;
    }
}
