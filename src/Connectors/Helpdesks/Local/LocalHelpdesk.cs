using System.Globalization;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Helpdesks.Local;

/// <summary>
/// The built-in helpdesk: tickets live in the worker's own store and are listed by its API. It behaves like a
/// remote one would (external id, idempotent create, public and internal comments, status, escalation), so the
/// worker's code paths are the same whichever helpdesk is configured.
/// </summary>
internal sealed class LocalHelpdesk(ILocalTicketStore store) : IHelpdesk
{
    public const string ProviderName = "Local";

    public string Name => ProviderName;

    public TimeSpan LookupDelay => TimeSpan.Zero;

    public async Task<ConnectorResult<TicketRef>> OpenTicketAsync(TicketDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return Ref(await store.CreateAsync(draft, cancellationToken));
    }

    public async Task<ConnectorResult<TicketRef?>> FindTicketAsync(string externalId, CancellationToken cancellationToken) =>
        await store.FindAsync(externalId, cancellationToken) is { } id ? Ref(id) : ConnectorResult.Success<TicketRef?>(null);

    public async Task<ConnectorResult<TicketRef>> AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return TryId(ticket, out var id) && await store.AddCommentAsync(id, comment, cancellationToken) ? ticket : NotFound(ticket);
    }

    public async Task<ConnectorResult<HelpdeskTicketStatus>> GetStatusAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return TryId(ticket, out var id) && await store.GetStatusAsync(id, cancellationToken) is { } status ? status : NotFound(ticket);
    }

    public async Task<ConnectorResult<IReadOnlyList<string>>> GetTagsAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return TryId(ticket, out var id) && await store.GetTagsAsync(id, cancellationToken) is { } tags ? ConnectorResult.Success(tags) : NotFound(ticket);
    }

    public async Task<ConnectorResult<TicketRef>> ReopenAsync(TicketRef ticket, TicketComment note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return TryId(ticket, out var id) && await store.ReopenAsync(id, note, cancellationToken) ? ticket : NotFound(ticket);
    }

    public async Task<ConnectorResult<TicketRef>> EscalateAsync(TicketRef ticket, TicketEscalation escalation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return TryId(ticket, out var id) && await store.EscalateAsync(id, escalation, cancellationToken) ? ticket : NotFound(ticket);
    }

    public async Task<ConnectorResult<SolveOutcome>> SolveAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return TryId(ticket, out var id) && await store.SolveAsync(id, cancellationToken) is { } outcome ? outcome : NotFound(ticket);
    }

    /// <summary>Local tickets carry the group by name: every name is a group.</summary>
    public Task<ConnectorResult<HelpdeskGroup?>> FindGroupAsync(string idOrName, CancellationToken cancellationToken) =>
        Task.FromResult<ConnectorResult<HelpdeskGroup?>>(new HelpdeskGroup(idOrName, idOrName));

    private static TicketRef Ref(long id) => new(ProviderName, id.ToString(CultureInfo.InvariantCulture));

    private static bool TryId(TicketRef ticket, out long id) => long.TryParse(ticket.Id, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private static ConnectorError NotFound(TicketRef ticket) => new(ConnectorErrorKind.NotFound, $"Local ticket {ticket.Id} does not exist.");
}
