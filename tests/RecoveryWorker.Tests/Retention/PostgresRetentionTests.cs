using System.Net;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Retention;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Retention.RetentionScenario;

namespace RecoveryWorker.Tests.Retention;

/// <summary>The batched UPDATEs as PostgreSQL runs them (ExecuteUpdate's SQL differs per provider).</summary>
public sealed class PostgresRetentionTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private string _database = "";

    public async Task InitializeAsync() => _database = await PostgresServer.Shared.CreateDatabaseAsync("retention");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EraseExpiredAndOnRequest_OnPostgresInBatchesOfTwo_EraseTheRightRowsOnce()
    {
        await using var host = await StartAsync(_folder, new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:MigrateOnStart"] = "true",
            ["ConnectionStrings:RecoveryWorker"] = _database,
            ["Retention:BatchSize"] = "2",
        });
        host.Time.SetUtcNow(DeliveredAt.AddDays(89));
        var day89 = await RunRetentionAsync(host);
        host.Time.SetUtcNow(DeliveredAt.AddDays(91));

        var day91 = await RunRetentionAsync(host);
        var again = await RunRetentionAsync(host);
        var (response, body) = await EraseAsync(host, Bob);

        Assert.Equal(0, day89.Total);
        Assert.Equal((1, 1, 1), (day91.Shipments, day91.Cases, day91.LocalTickets));
        Assert.True(day91.LocalTicketComments >= 2);
        Assert.Equal(0, again.Total);
        Assert.Equal(0, await PersonalDataLeftAsync(host, Ada, AdaName, AdaEmail));
        Assert.Equal(host.Time.GetUtcNow(), await host.QueryAsync(db => db.Shipments.Where(s => s.CustomerId == Ada).Select(s => s.PersonalDataErasedAt).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Erased(body!, "shipments"));
        Assert.Equal(0, await PersonalDataLeftAsync(host, Bob, BobName, BobEmail));
        Assert.Equal(PersonalDataEraser.Marker, await host.QueryAsync(db => db.LocalTickets.Where(t => db.Cases.Any(c => c.Key == t.ExternalId && c.CustomerId == Bob)).Select(t => t.Body).SingleAsync()));
    }

    public void Dispose() => _folder.Dispose();
}
