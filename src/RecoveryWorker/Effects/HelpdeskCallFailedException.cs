using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Effects;

/// <summary>A helpdesk call failed; thrown so the job (or the next check) tries again, with nothing half-saved.</summary>
internal sealed class HelpdeskCallFailedException(string caseKey, ConnectorError error)
    : Exception($"Helpdesk call for {caseKey} failed: {error.Kind} {error.Message}")
{
    public ConnectorError Error { get; } = error;
}
