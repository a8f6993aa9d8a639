using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using RecoveryWorker.Effects;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Storage;

/// <summary>The migrate command and the store's guarantees on a real PostgreSQL.</summary>
public sealed class StorageMigratorTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private string _database = "";

    /// <summary>Every migration this release ships, read from the assembly so a new migration needs no edit here.</summary>
    private static readonly int MigrationsInThisRelease = typeof(RecoveryDbContext).Assembly.GetTypes()
        .Count(t => t.IsDefined(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), inherit: false));

    public async Task InitializeAsync() => _database = await PostgresServer.Shared.CreateDatabaseAsync("migrations");

    public Task DisposeAsync() => Task.CompletedTask;

    private Dictionary<string, string?> Settings() => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["ConnectionStrings:RecoveryWorker"] = _database,
        ["Carriers:Sandbox:TrackingFile"] = _folder.TrackingFile,
    };

    private Task<long> CountAsync(string sql) => Production.CountAsync(_database, sql);

    private const string OurTables = """
        SELECT count(*) FROM information_schema.tables
        WHERE (table_schema = 'public' AND table_name IN ('shipments', 'cases', 'follow_ups', 'compensations', 'local_tickets', 'local_ticket_comments', 'qrtz_job_details', 'qrtz_triggers', 'qrtz_simple_triggers', 'qrtz_fired_triggers', 'qrtz_scheduler_state', 'qrtz_locks', 'data_protection_keys'))
           OR (table_schema = 'hangfire' AND table_name IN ('job', 'jobqueue', 'state', 'server', 'lock', 'schema'))
        """;

    [Fact]
    public async Task Migrate_EmptyDatabase_CreatesTheStateStoreQuartzAndHangfireSchemas()
    {
        var (exitCode, output) = await WorkerProcess.MigrateAsync(Settings());

        Assert.True(exitCode == 0, output);
        Assert.Contains($"{MigrationsInThisRelease} migration(s) applied", output, StringComparison.Ordinal);
        Assert.DoesNotContain("|ERR|", output, StringComparison.Ordinal);
        Assert.Equal(19, await CountAsync(OurTables));
        Assert.Equal(MigrationsInThisRelease, await CountAsync("""SELECT count(*) FROM "__EFMigrationsHistory" """));
    }

    [Fact]
    public async Task Migrate_ThreeReplicasAtOnceThenAgain_AppliesEachMigrationOnceAndChangesNothingMore()
    {
        var together = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => WorkerProcess.MigrateAsync(Settings())));
        var tablesAfterFirst = await CountAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema IN ('public', 'hangfire')");
        var again = await WorkerProcess.MigrateAsync(Settings());

        Assert.All(together, r => Assert.True(r.ExitCode == 0, r.Output));
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("0 migration(s) applied", again.Output, StringComparison.Ordinal);
        Assert.Equal(MigrationsInThisRelease, await CountAsync("""SELECT count(*) FROM "__EFMigrationsHistory" """));
        Assert.Equal(tablesAfterFirst, await CountAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema IN ('public', 'hangfire')"));
    }

    [Fact]
    public async Task OpenAsync_ManyCopiesAtOnceOnPostgres_OneTicketOneCompensationOneFollowUpPlan()
    {
        _folder.WriteTracking(new Dictionary<string, object> { ["LATE"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")) });
        var settings = Settings();
        settings["Storage:MigrateOnStart"] = "true";
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), settings);
        await host.PostShipmentAsync(Request("LATE", Start.AddMinutes(-30)));
        await host.SweepAsync();
        await host.RunEnqueuedAsync(max: 1); // the batch: the case exists, its ticket job waits
        var caseId = await host.QueryAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var opener = host.Services.GetRequiredService<TicketOpener>();

        // Eight copies at once, as duplicated deliveries on several replicas: the claim is a conditional UPDATE on
        // the case's version, so one copy sends the create and the others find it in flight or done.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await opener.OpenAsync(caseId, CancellationToken.None);
            }
            catch (DbUpdateException)
            {
                // lost the race: Hangfire would retry, and the retry finds the work claimed
            }
        })));
        await opener.OpenAsync(caseId, CancellationToken.None);

        Assert.Single(await host.GetArrayAsync("/api/tickets"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM local_tickets"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM compensations"));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM follow_ups"));
        Assert.Equal("Done", await host.QueryAsync(db => db.Cases.Select(c => c.TicketClaim.ToString()).SingleAsync()));
    }

    [Fact]
    public async Task UniqueConstraints_SecondCaseKeyOrCompensationForTheSameCaseAndKind_AreRefusedByTheDatabase()
    {
        var (exitCode, output) = await WorkerProcess.MigrateAsync(Settings());
        Assert.True(exitCode == 0, output);
        var options = new DbContextOptionsBuilder<RecoveryDbContext>().UseNpgsql(_database).Options;
        var caseId = Guid.NewGuid();
        await using (var db = new RecoveryDbContext(options))
        {
            db.Cases.Add(Case(caseId, "s1:late:1"));
            db.Compensations.Add(new CompensationRecord { Id = Guid.NewGuid(), CaseId = caseId, Kind = "ShippingRefund", Amount = 9.95m, Currency = "USD", GrantedAt = Start });
            await db.SaveChangesAsync();
        }

        await using var second = new RecoveryDbContext(options);
        second.Cases.Add(Case(Guid.NewGuid(), "s1:late:1"));
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
        second.ChangeTracker.Clear();
        second.Compensations.Add(new CompensationRecord { Id = Guid.NewGuid(), CaseId = caseId, Kind = "ShippingRefund", Amount = 9.95m, Currency = "USD", GrantedAt = Start });
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM cases"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM compensations"));
    }

    [Fact]
    public async Task CompensationLedgerMigration_RowsWrittenWhenTicketsOpened_BecomeOfferedThenNotGranted()
    {
        var options = new DbContextOptionsBuilder<RecoveryDbContext>().UseNpgsql(_database).Options;
        var id = Guid.NewGuid();
        await using (var db = new RecoveryDbContext(options))
        {
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync("20261202183330_ShipmentLanes");
            await db.Database.ExecuteSqlAsync($"""INSERT INTO compensations ("Id", "CaseId", "Kind", "Amount", "Currency", "GrantedAt") VALUES ({id}, {Guid.NewGuid()}, 'ShippingRefund', 9.95, 'USD', {Start.ToUniversalTime()})""");
            await db.Database.MigrateAsync();
        }

        await using var read = new RecoveryDbContext(options);
        var entry = await read.Compensations.SingleAsync(c => c.Id == id);
        Assert.Equal(CompensationStatuses.Offered, entry.Status);
        Assert.Equal(Start, entry.OfferedAt);
        Assert.Equal(Start, entry.ProposedAt);
        Assert.Null(entry.GrantedAt);
        Assert.Equal(9.95m, entry.Amount);
    }

    private static CaseRecord Case(Guid id, string key) => new()
    {
        Id = id,
        Key = key,
        ShipmentId = Guid.NewGuid(),
        CustomerId = "c1",
        OpenedAs = "late",
        BreachType = "late",
        Severity = "minor",
        Status = "Detected",
        TypesSeen = "late",
        EvidenceJson = "{}",
        DetectedAt = Start,
        UpdatedAt = Start,
        Version = Guid.NewGuid(),
    };

    public void Dispose() => _folder.Dispose();
}
