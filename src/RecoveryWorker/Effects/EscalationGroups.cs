using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Recovery;

namespace RecoveryWorker.Effects;

/// <summary>
/// Escalation groups by name or id, as the helpdesk knows them (Zendesk and Freshdesk assign by numeric id; people
/// configure a name). Found once through the helpdesk's groups API and kept for the life of the process.
/// </summary>
internal sealed class EscalationGroups
{
    private readonly ConcurrentDictionary<string, HelpdeskGroup> _found = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The group's id, or the helpdesk's answer when it could not say (null value: no such group).</summary>
    public async Task<ConnectorResult<HelpdeskGroup?>> FindAsync(IHelpdesk helpdesk, string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(helpdesk);
        if (_found.TryGetValue(idOrName, out var known))
        {
            return known;
        }

        var result = await helpdesk.FindGroupAsync(idOrName, cancellationToken);
        if (result is { IsSuccess: true, Value: { } group })
        {
            _found[idOrName] = group;
        }

        return result;
    }
}

/// <summary>
/// At start-up: the configured <c>FollowUp:SupervisorGroup</c> must exist in the helpdesk, or escalations would go
/// nowhere. A helpdesk that answers "no such group" stops the start with a message naming the key; one that cannot be
/// reached now is not a reason to crash-loop: a warning, and the group is looked up again at the first escalation.
/// </summary>
internal sealed class EscalationGroupCheck(IServiceScopeFactory scopes, EscalationGroups groups, IOptions<FollowUpOptions> options, ILogger<EscalationGroupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.SupervisorGroup;
        if (string.IsNullOrWhiteSpace(configured))
        {
            return;
        }

        using var scope = scopes.CreateScope();
        var helpdesk = scope.ServiceProvider.GetRequiredService<IHelpdesk>();
        var result = await groups.FindAsync(helpdesk, configured, cancellationToken);
        if (!result.IsSuccess)
        {
            logger.GroupCheckDeferred(configured, helpdesk.Name, result.Error!.Message);
            return;
        }

        if (result.Value is null)
        {
            throw new OptionsValidationException(FollowUpOptions.SectionName, typeof(FollowUpOptions),
                [$"{FollowUpOptions.SectionName}:SupervisorGroup '{configured}' is not a group in {helpdesk.Name}: set it to the name or id of the group escalations go to."]);
        }

        logger.GroupFound(configured, helpdesk.Name, result.Value.Id);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
