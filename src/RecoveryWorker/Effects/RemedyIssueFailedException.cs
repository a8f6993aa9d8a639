using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Effects;

/// <summary>The store could not be asked (or did not answer) to issue a remedy: the job fails and Hangfire retries it.</summary>
internal sealed class RemedyIssueFailedException(string caseKey, ConnectorError error)
    : Exception($"Issuing the remedy of {caseKey} failed: {error.Kind} {error.Message}")
{
    public ConnectorError Error { get; } = error;
}
