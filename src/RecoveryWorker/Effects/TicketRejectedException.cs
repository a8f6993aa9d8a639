using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Effects;

/// <summary>
/// The helpdesk refused the ticket as invalid. Not retried automatically (the same request would be refused again):
/// the job fails at once and stays visible in the dashboard, the reason is on the case, and requeueing the job
/// tries again once the cause is fixed.
/// </summary>
internal sealed class TicketRejectedException(string caseKey, ConnectorError error)
    : Exception($"The helpdesk refused the ticket for {caseKey}: {error.Message}");
