using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Jobs.Hangfire;

/// <summary>
/// Hangfire.PostgreSql hands a job fetched by a worker that died out again once its keep-alive is older than
/// <c>Jobs:InvisibilityTimeout</c>, but only after every job never fetched: its fetch orders by <c>fetchedat NULLS
/// FIRST</c>. While the queue has fresh work (a backlog of ticket creates, a steady stream of tracking batches), a
/// dead replica's jobs wait for the whole backlog, and with it their cases' tickets. This puts such an entry back
/// the way Hangfire's own requeue does (<c>fetchedat = NULL</c>), where its job id, older than the backlog's, sorts
/// it first. A live worker refreshes <c>fetchedat</c> every fifth of the timeout, so only a worker stalled that long
/// is affected, exactly as by Hangfire's own re-fetch: its job runs twice, which the store's claims make harmless.
/// </summary>
internal sealed class PostgresAbandonedJobs(IDbContextFactory<RecoveryDbContext> dbFactory, TimeSpan invisibilityTimeout) : IAbandonedJobs
{
    private static readonly string Sql = $$"""
        UPDATE "{{StorageMigrator.HangfireSchema}}"."jobqueue" SET "fetchedat" = NULL
        WHERE "fetchedat" < NOW() - {0}
        RETURNING "jobid" AS "Value"
        """;

    public async Task<IReadOnlyList<string>> RequeueAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = await db.Database.SqlQueryRaw<long>(Sql, invisibilityTimeout).ToListAsync(cancellationToken);
        return [.. ids.Select(id => id.ToString(CultureInfo.InvariantCulture))];
    }
}

/// <summary>The embedded store's Hangfire runs in memory, in this process: nothing outlives the worker that took it.</summary>
internal sealed class NoAbandonedJobs : IAbandonedJobs
{
    public Task<IReadOnlyList<string>> RequeueAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
}
