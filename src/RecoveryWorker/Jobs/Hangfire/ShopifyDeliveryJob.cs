using Hangfire;
using RecoveryWorker.Intake.Shopify;

namespace RecoveryWorker.Jobs.Hangfire;

/// <summary>Hangfire job: turns one stored Shopify delivery into shipments (or cancellations). Takes the delivery id only.</summary>
internal sealed class ShopifyDeliveryJob(ShopifyFulfillments fulfillments)
{
    // The order read fails while Shopify is down, rate limits us or refuses the token: retried over about 7 hours,
    // then left failed in the dashboard (requeue it once fixed). The stored delivery waits with its body meanwhile.
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = new[] { 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 18000 })]
    public Task RunAsync(string deliveryId, CancellationToken cancellationToken) => fulfillments.ProcessAsync(deliveryId, cancellationToken);
}
