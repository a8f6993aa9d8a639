using Hangfire;
using RecoveryWorker.Effects;

namespace RecoveryWorker.Jobs.Hangfire;

/// <summary>Hangfire job: sends one case's owed helpdesk writes (the outbox), in order. Takes an id only.</summary>
internal sealed class DeliverEffectsJob(EffectDelivery delivery)
{
    // Short first retries: after a database or helpdesk blip the apology should still beat the customer's call. Ten
    // attempts over about 7 hours; a case whose attempts ran out keeps its effects pending, visible in the dashboard
    // and at /api/cases/{id}. A ticket the helpdesk rejected as invalid is not retried (requeue it once fixed).
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = new[] { 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 18000 }, ExceptOn = new[] { typeof(TicketRejectedException) })]
    public Task RunAsync(Guid caseId, CancellationToken cancellationToken) => delivery.DeliverAsync(caseId, cancellationToken);
}
