using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Recovery;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Recovery;

/// <summary>
/// The batch entry point is set-based: on PostgreSQL (production, where every round trip crosses the network) a batch
/// costs a fixed number of statements, not a few per shipment.
/// </summary>
public sealed class TrackingApplierBatchTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private string _database = "";

    public async Task InitializeAsync() => _database = await PostgresServer.Shared.CreateDatabaseAsync("batch");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ApplyAsync_500AnswersWith50BrokenPromises_BoundedNumberOfStatements()
    {
        var numbers = Enumerable.Range(0, 500).Select(i => $"B{i:000}").ToArray();
        _folder.WriteTracking(numbers.ToDictionary(n => n, _ => Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "InTransit", "Newark, NJ"))));
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), new()
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:RecoveryWorker"] = _database,
            ["Storage:MigrateOnStart"] = "true",
        });
        // Every tenth parcel's deadline has passed: 50 broken promises, 450 on their way in time.
        await host.PostShipmentAsync(numbers.Select((n, i) => Request(n, i % 10 == 0 ? Start.AddHours(-1) : Start.AddDays(2))).ToArray());
        var ids = await host.QueryAsync(db => db.Shipments.ToDictionaryAsync(s => s.TrackingNumber, s => s.Id));
        var tracker = host.Services.GetRequiredService<IEnumerable<ICarrierTracker>>().Single(t => t.Carrier == CarrierCode.Sandbox);
        var answers = new List<TrackingAnswer>();
        foreach (var call in numbers.Chunk(tracker.MaxBatchSize))
        {
            answers.AddRange((await tracker.TrackAsync(call, CancellationToken.None)).Select(a => new TrackingAnswer(ids[a.Key], a.Value)));
        }

        var applier = host.Services.GetRequiredService<TrackingApplier>();

        int applied;
        IReadOnlyList<string> commands;
        using (var counter = new CommandCounter(new Npgsql.NpgsqlConnectionStringBuilder(_database).Database!))
        {
            applied = await applier.ApplyAsync(answers, CancellationToken.None);
            commands = counter.Commands;
        }

        Console.WriteLine($"statements for a batch of 500 answers on PostgreSQL: {commands.Count}");
        Assert.Equal(500, applied);
        Assert.Equal(500, await host.QueryAsync(db => db.Shipments.CountAsync(s => s.LastCheckedAt != null && s.TrackingStatus == "InTransit")));
        Assert.Equal(50, await host.QueryAsync(db => db.Cases.CountAsync()));
        Assert.Equal(50, await host.QueryAsync(db => db.OwedEffects.CountAsync(e => e.Kind == OwedEffectKinds.OpenTicket && e.State == OwedEffectStates.Pending)));
        // Reads: shipments, cases, their follow-ups, their owed effects, the breached customers' earlier cases. Writes:
        // the save (batched: 500 shipment updates, 50 cases, 50 owed effects) and one statement of job bookkeeping.
        // A per-shipment path would need over 2,000.
        Assert.True(commands.Count <= 20, $"{commands.Count} statements:\n{string.Join("\n---\n", commands.Select(c => c.Length > 200 ? c[..200] : c))}");
    }

    public void Dispose() => _folder.Dispose();
}
