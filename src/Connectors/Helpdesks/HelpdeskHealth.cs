using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Helpdesks;

/// <summary>
/// What the helpdesk's answers say about our connection to it. Refused credentials (401/403) mark it broken until a
/// call succeeds again: retrying will not help, a person has to fix the settings, and readiness says so.
/// </summary>
public sealed class HelpdeskHealth(TimeProvider time)
{
    private volatile CredentialProblem? _problem;

    /// <summary>The last refusal of our credentials, if no call has succeeded since.</summary>
    public CredentialProblem? Problem => _problem;

    internal void Observe<T>(ConnectorResult<T> result)
    {
        if (result.IsSuccess)
        {
            _problem = null;
        }
        else if (result.Error!.Kind == ConnectorErrorKind.Unauthorized)
        {
            _problem = new CredentialProblem(result.Error.Message, time.GetUtcNow());
        }
    }
}

/// <summary>The helpdesk refused our credentials at <see cref="At"/>; <see cref="Message"/> never holds a secret.</summary>
public sealed record CredentialProblem(string Message, DateTimeOffset At);

/// <summary>Reports every answer of the configured helpdesk to <see cref="HelpdeskHealth"/>.</summary>
internal sealed class ObservedHelpdesk(IHelpdesk inner, HelpdeskHealth health) : IHelpdesk
{
    public string Name => inner.Name;

    public TimeSpan LookupDelay => inner.LookupDelay;

    public Task<ConnectorResult<TicketRef>> OpenTicketAsync(TicketDraft draft, CancellationToken cancellationToken) =>
        ObserveAsync(inner.OpenTicketAsync(draft, cancellationToken));

    public Task<ConnectorResult<TicketRef?>> FindTicketAsync(string externalId, CancellationToken cancellationToken) =>
        ObserveAsync(inner.FindTicketAsync(externalId, cancellationToken));

    public Task<ConnectorResult<TicketRef>> AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken) =>
        ObserveAsync(inner.AddCommentAsync(ticket, comment, cancellationToken));

    public Task<ConnectorResult<HelpdeskTicketStatus>> GetStatusAsync(TicketRef ticket, CancellationToken cancellationToken) =>
        ObserveAsync(inner.GetStatusAsync(ticket, cancellationToken));

    public Task<ConnectorResult<IReadOnlyList<string>>> GetTagsAsync(TicketRef ticket, CancellationToken cancellationToken) =>
        ObserveAsync(inner.GetTagsAsync(ticket, cancellationToken));

    public Task<ConnectorResult<TicketRef>> ReopenAsync(TicketRef ticket, TicketComment note, CancellationToken cancellationToken) =>
        ObserveAsync(inner.ReopenAsync(ticket, note, cancellationToken));

    public Task<ConnectorResult<TicketRef>> EscalateAsync(TicketRef ticket, TicketEscalation escalation, CancellationToken cancellationToken) =>
        ObserveAsync(inner.EscalateAsync(ticket, escalation, cancellationToken));

    public Task<ConnectorResult<SolveOutcome>> SolveAsync(TicketRef ticket, CancellationToken cancellationToken) =>
        ObserveAsync(inner.SolveAsync(ticket, cancellationToken));

    public Task<ConnectorResult<HelpdeskGroup?>> FindGroupAsync(string idOrName, CancellationToken cancellationToken) =>
        ObserveAsync(inner.FindGroupAsync(idOrName, cancellationToken));

    private async Task<ConnectorResult<T>> ObserveAsync<T>(Task<ConnectorResult<T>> call)
    {
        var result = await call;
        health.Observe(result);
        return result;
    }
}
