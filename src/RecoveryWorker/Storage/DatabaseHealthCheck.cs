using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace RecoveryWorker.Storage;

/// <summary>
/// Ready only while the state store answers: without it the worker can neither take nor keep promises. The answer
/// must come fast whatever the workers are doing, so on PostgreSQL the probe does not queue for the busy pool: it
/// has a pool of its own (up to two connections, named <c>recoveryworker-readiness</c> so it is told apart in
/// <c>pg_stat_activity</c>, 2 s connect and command timeouts, the whole check cut at <see cref="Budget"/>). Reusing
/// that connection spares each probe a server process start and authentication, which on a loaded host took a
/// second on its own. A probe that fails clears the probe's pool, so the next one connects afresh and readiness turns
/// green as soon as the server is back, rather than after the pool has found out its old connection died.
/// </summary>
internal sealed class DatabaseHealthCheck : IHealthCheck
{
    /// <summary>The longest a readiness probe waits for the database before it answers "not ready".</summary>
    internal static readonly TimeSpan Budget = TimeSpan.FromSeconds(1.5);

    private readonly IDbContextFactory<RecoveryDbContext> _dbFactory;
    private readonly string? _probe;

    public DatabaseHealthCheck(IDbContextFactory<RecoveryDbContext> dbFactory, IConfiguration configuration)
    {
        _dbFactory = dbFactory;
        var (storage, connectionString) = configuration.StorageSettings();
        if (storage.Provider == StorageProvider.Postgres)
        {
            _probe = new NpgsqlConnectionStringBuilder(connectionString)
            {
                ApplicationName = "recoveryworker-readiness",
                Pooling = true,
                MinPoolSize = 0,
                MaxPoolSize = 2,
                Timeout = 2,
                CommandTimeout = 2,
            }.ConnectionString;
        }
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        try
        {
            return await AnswersAsync(budget.Token)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The state store does not answer.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The state store did not answer within {Budget.TotalSeconds:0.0} s.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The state store does not answer.", ex);
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        if (_probe is null)
        {
            await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken);
        }

        await using var connection = new NpgsqlConnection(_probe);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return await command.ExecuteScalarAsync(cancellationToken) is 1;
        }
        catch
        {
            NpgsqlConnection.ClearPool(connection); // the pooled connection may have died with the server: start over
            throw;
        }
    }
}
