using Hangfire;

namespace RecoveryWorker.Tickets;

/// <summary>Hangfire job: opens the apology ticket for one case. Takes an id only and re-reads everything.</summary>
internal sealed class OpenTicketJob(TicketOpener opener)
{
    [AutomaticRetry(Attempts = 10, ExceptOn = new[] { typeof(TicketRejectedException) })]
    [JobDisplayName("Open ticket for case {0}")]
    public Task RunAsync(Guid caseId, CancellationToken cancellationToken) => opener.OpenAsync(caseId, cancellationToken);
}
