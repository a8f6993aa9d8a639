using Hangfire;

namespace RecoveryWorker.Tickets;

/// <summary>Hangfire job: opens the apology ticket for one case. Takes an id only and re-reads everything.</summary>
internal sealed class OpenTicketJob(TicketOpener opener)
{
    // Short first retries: after a database or helpdesk blip the apology should still beat the customer's call. Ten
    // attempts over about 7 hours; a case whose attempts ran out stays pending and visible in the dashboard.
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = new[] { 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 18000 }, ExceptOn = new[] { typeof(TicketRejectedException) })]
    [JobDisplayName("Open ticket for case {0}")]
    public Task RunAsync(Guid caseId, CancellationToken cancellationToken) => opener.OpenAsync(caseId, cancellationToken);
}
