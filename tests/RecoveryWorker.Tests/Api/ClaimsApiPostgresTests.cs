using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Claims;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Api;

/// <summary>The claims queries on PostgreSQL (production): filters, CSV, summary and the deadline check translate and agree.</summary>
public sealed class ClaimsApiPostgresTests : IDisposable
{
    private static readonly DateTimeOffset Commitment = new(2026, 11, 20, 12, 0, 0, TimeSpan.FromHours(-5));
    private readonly WorkerFolder _folder = new();

    [Fact]
    public async Task ListSummaryAndDeadlineCheck_OnPostgres_AgreeWithSqlite()
    {
        _folder.WriteTracking(new Dictionary<string, object>());
        var database = await PostgresServer.Shared.CreateDatabaseAsync("claimsapi");
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero)), new()
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:RecoveryWorker"] = database,
            ["Storage:MigrateOnStart"] = "true",
        });
        var due = StoredClaims.Claim("1ZLATE0001", "to_file", Commitment, delivered: Commitment.AddMinutes(1));
        await host.QueryAsync(db =>
        {
            db.Claims.AddRange(due,
                StoredClaims.Claim("1ZGONE0002", "to_file", Commitment.AddDays(-20)),
                StoredClaims.Claim("1ZWEATHER3", "excluded", Commitment, exclusion: "weather", delivered: Commitment.AddDays(1)));
            return db.SaveChangesAsync();
        });

        var (expired, reminded) = await host.Services.GetRequiredService<ClaimDeadlineCheck>().RunAsync(CancellationToken.None);
        using var client = host.CreateClient();
        var csv = (await client.GetStringAsync("/api/claims?dueWithin=3&exclusion=none&format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var summary = (await client.GetStringAsync("/api/claims/summary?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal((1, 1), (expired, reminded));
        Assert.Equal($"1ZLATE0001,2026-11-19,next_day_air,2026-11-20 12:00,2026-11-20 12:01,late,24.50,USD,ups,2026-12-05,to_file,,{due.Id}", Assert.Single(csv[1..]));
        Assert.Equal(["ups,2026-11,USD,1,1,0,0,0,0,24.50,0.00,0.00", "ups,2026-10,USD,1,0,0,0,0,1,24.50,0.00,0.00"], summary[1..]);
    }

    public void Dispose() => _folder.Dispose();
}
