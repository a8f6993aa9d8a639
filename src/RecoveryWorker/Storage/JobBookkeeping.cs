using Microsoft.EntityFrameworkCore;

namespace RecoveryWorker.Storage;

/// <summary>
/// Records which Hangfire job carries which piece of owed work. Written as targeted updates, outside the case's
/// optimistic concurrency: the job may already be running and moving the case on, and that must not turn the
/// bookkeeping into a conflict. Many at once are one statement, so a batch's bookkeeping costs one round trip.
/// </summary>
internal static class JobBookkeeping
{
    private const int RowsPerStatement = 500;

    public static Task SetEffectsJobAsync(this RecoveryDbContext db, Guid caseId, string jobId, CancellationToken cancellationToken) =>
        db.Cases.Where(c => c.Id == caseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.EffectsJobId, jobId), cancellationToken);

    public static Task SetFollowUpJobAsync(this RecoveryDbContext db, Guid followUpId, string jobId, CancellationToken cancellationToken) =>
        db.FollowUps.Where(f => f.Id == followUpId).ExecuteUpdateAsync(s => s.SetProperty(f => f.JobId, jobId), cancellationToken);

    public static Task SetEffectsJobsAsync(this RecoveryDbContext db, IReadOnlyList<(Guid Id, string JobId)> jobs, CancellationToken cancellationToken) =>
        SetManyAsync(db, "cases", "EffectsJobId", jobs, cancellationToken);

    public static Task SetFollowUpJobsAsync(this RecoveryDbContext db, IReadOnlyList<(Guid Id, string JobId)> jobs, CancellationToken cancellationToken) =>
        SetManyAsync(db, "follow_ups", "JobId", jobs, cancellationToken);

    /// <summary><c>WITH v(id, job) AS (VALUES (@id, @job), …) UPDATE t SET col = v.job FROM v WHERE t.Id = v.id</c> (PostgreSQL and SQLite alike).</summary>
    private static async Task SetManyAsync(RecoveryDbContext db, string table, string column, IReadOnlyList<(Guid Id, string JobId)> jobs, CancellationToken cancellationToken)
    {
        foreach (var chunk in jobs.Chunk(RowsPerStatement))
        {
            var rows = string.Join(", ", chunk.Select((_, i) => $"({{{2 * i}}}, {{{(2 * i) + 1}}})"));
            var sql = $"""WITH v(id, job) AS (VALUES {rows}) UPDATE {table} SET "{column}" = v.job FROM v WHERE {table}."Id" = v.id""";
            await db.Database.ExecuteSqlRawAsync(sql, chunk.SelectMany(j => new object[] { j.Id, j.JobId }), cancellationToken);
        }
    }
}
