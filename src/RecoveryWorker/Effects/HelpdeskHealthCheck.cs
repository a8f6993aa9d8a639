using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RecoveryWorker.Connectors.Helpdesks;

namespace RecoveryWorker.Effects;

/// <summary>Readiness: red while the helpdesk refuses our credentials, green again after the next call it accepts.</summary>
internal sealed class HelpdeskHealthCheck(HelpdeskHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(health.Problem is { } problem
            ? HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture, $"The helpdesk refused our credentials at {problem.At:O}: {problem.Message}. Fix the Helpdesk settings; tickets wait as pending meanwhile."))
            : HealthCheckResult.Healthy());
}
