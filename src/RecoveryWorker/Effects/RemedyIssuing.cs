using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Stores.Shopify;
using RecoveryWorker.Domain.Remedies;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Effects;

/// <summary>
/// Issues a case's shipping refund through the store's Admin API, once per case whatever retries and crashes do. Shopify
/// takes no idempotency key for refunds, so the intent is written to the ledger entry before the refund is asked for,
/// and the refund carries the case key in its note: an attempt that finds the intent (the last one may have refunded
/// and died before recording it) looks for a refund with that note on the order before asking again. A refund the
/// store refuses for good (nothing left to refund) leaves the entry for the agent, and the apology says it is pending.
/// </summary>
internal sealed class RemedyIssuing(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    ShopifyAdmin shopify,
    TimeProvider time,
    RecoveryMetrics metrics,
    ILogger<RemedyIssuing> logger)
{
    /// <summary>The ledger's mark of a refund asked for and not yet confirmed.</summary>
    public const string Intent = "shopify:intent";

    public async Task<EffectOutcome> IssueAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.Compensations.FirstOrDefaultAsync(c => c.CaseId == caseId && c.Kind == nameof(RemedyKind.ShippingRefund), cancellationToken);
        if (entry is null || entry.Status is not (CompensationStatuses.Proposed or CompensationStatuses.Offered))
        {
            return EffectOutcome.Done; // issued already, withdrawn, or nothing to issue
        }

        var record = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == caseId, cancellationToken);
        var orderName = await db.Shipments.Where(s => s.Id == record.ShipmentId).Select(s => s.OrderId).FirstAsync(cancellationToken);
        var marker = "RecoveryWorker case " + record.Key;

        long orderId;
        if (!long.TryParse(orderName, NumberStyles.None, CultureInfo.InvariantCulture, out orderId))
        {
            var found = await shopify.FindOrderIdAsync(orderName, cancellationToken);
            if (!found.IsSuccess)
            {
                return Failed(record.Key, found.Error!);
            }

            if (found.Value is not { } id)
            {
                logger.RemedyNotIssued(record.Key, "the store has no order named like this shipment's");
                return EffectOutcome.Rejected("the store has no such order: the agent issues the refund");
            }

            orderId = id;
        }

        if (entry.IssuerRef == Intent)
        {
            // An earlier attempt asked for the refund and did not see the answer: look before asking again.
            var earlier = await shopify.FindRefundAsync(orderId, marker, cancellationToken);
            if (!earlier.IsSuccess)
            {
                return Failed(record.Key, earlier.Error!);
            }

            if (earlier.Value is { } refund)
            {
                return await GrantAsync(db, entry, record.Key, refund, cancellationToken);
            }
        }
        else
        {
            entry.IssuerRef = Intent;
            entry.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken); // the intent, before the store is asked
        }

        var issued = await shopify.RefundShippingAsync(orderId, entry.Amount, entry.Currency, marker + ": shipping refunded because the delivery promise was broken", cancellationToken);
        if (issued.IsSuccess)
        {
            return await GrantAsync(db, entry, record.Key, issued.Value!, cancellationToken);
        }

        if (issued.Error!.Kind is ConnectorErrorKind.Rejected or ConnectorErrorKind.NotFound)
        {
            logger.RemedyNotIssued(record.Key, issued.Error.Message);
            return EffectOutcome.Rejected(issued.Error.Message);
        }

        return Failed(record.Key, issued.Error);
    }

    private EffectOutcome Failed(string caseKey, ConnectorError error) =>
        error.Kind == ConnectorErrorKind.RateLimited
            ? EffectOutcome.Deferred(time.GetUtcNow() + (error.RetryAfter ?? TimeSpan.FromSeconds(10)))
            : throw new RemedyIssueFailedException(caseKey, error);

    private async Task<EffectOutcome> GrantAsync(RecoveryDbContext db, CompensationRecord entry, string caseKey, ShopifyRefund refund, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reference = "shopify:refund:" + refund.Id.ToString(CultureInfo.InvariantCulture);
        await db.Compensations.Where(c => c.Id == entry.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.IssuerRef, reference), cancellationToken);
        if (await CompensationLedger.MoveAsync(db, entry.Id, CompensationStatuses.Granted, "shopify", "shipping refund issued through the store", now, cancellationToken))
        {
            metrics.Compensation(CompensationStatuses.Granted, entry.Kind, entry.Amount, entry.Currency);
            logger.RemedyIssued(caseKey, reference);
        }

        return EffectOutcome.Done;
    }
}
