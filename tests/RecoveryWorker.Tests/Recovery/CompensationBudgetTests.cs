using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Recovery;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Recovery;

/// <summary>The compensation budget on PostgreSQL, where several replicas apply batches at once.</summary>
public sealed class CompensationBudgetTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private string _database = "";

    public async Task InitializeAsync() => _database = await PostgresServer.Shared.CreateDatabaseAsync("budget");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ApplyAsync_EightBatchesAtOnceAgainstTheLastOfTheBudget_OnlyWhatFitsIsProposed()
    {
        // Each broken promise's remedy is 9.95 USD; the day's 30 USD hold three of them. Eight batches of one
        // shipment each run at once, as eight replicas would: without the lock each would see nothing spent yet.
        var numbers = Enumerable.Range(0, 8).Select(i => $"BUD{i}").ToArray();
        _folder.WriteTracking(numbers.ToDictionary(n => n, _ => Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit"))));
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), new()
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:RecoveryWorker"] = _database,
            ["Storage:MigrateOnStart"] = "true",
            ["Remedies:Budget:Daily:USD"] = "30",
        });
        await host.PostShipmentAsync(numbers.Select(n => Request(n, Start.AddHours(-1))).ToArray());
        var ids = await host.QueryAsync(db => db.Shipments.ToDictionaryAsync(s => s.TrackingNumber, s => s.Id));
        var tracker = host.Services.GetRequiredService<IEnumerable<ICarrierTracker>>().Single(t => t.Carrier == CarrierCode.Sandbox);
        var answers = (await tracker.TrackAsync(numbers, CancellationToken.None)).Select(a => new TrackingAnswer(ids[a.Key], a.Value)).ToList();
        var applier = host.Services.GetRequiredService<TrackingApplier>();

        await Task.WhenAll(answers.Select(a => Task.Run(() => applier.ApplyAsync([a], CancellationToken.None))));

        var cases = await host.QueryAsync(db => db.Cases.ToListAsync());
        var entries = await host.QueryAsync(db => db.Compensations.ToListAsync());
        Assert.Equal(8, cases.Count);
        Assert.Equal(3, entries.Count);
        Assert.True(entries.Sum(e => e.Amount) <= 30m, $"committed {entries.Sum(e => e.Amount)}");
        Assert.Equal(5, cases.Count(c => c.RemedyHeldBy == "daily" && c.RemedyAmount == 0m));
    }

    public void Dispose() => _folder.Dispose();
}
