using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Api;

/// <summary>The case search's orders across page boundaries, where one query per part of the order must join up.</summary>
public sealed class CaseSearchTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private WorkerHost _host = null!;

    public async Task InitializeAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>());
        _host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await _host.QueryAsync(async db =>
        {
            // Promises one day apart, oldest first: O = still open, R = resolved. Lateness order: the open ones by their
            // promise (O1, O3, O4, O6, O7), then the resolved ones the same way (R2, R5, R8).
            foreach (var (name, day) in new[] { ("O1", 1), ("R2", 2), ("O3", 3), ("O4", 4), ("R5", 5), ("O6", 6), ("O7", 7), ("R8", 8) })
            {
                Add(db, name, Start.AddDays(day - 20), resolved: name[0] == 'R');
            }

            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(2)] // pages: O1 O3 | O4 O6 | O7 R2 | R5 R8: one page holds both parts
    [InlineData(5)] // pages: O1 O3 O4 O6 O7 | R2 R5 R8: the second page starts right at the resolved ones
    [InlineData(3)] // pages: O1 O3 O4 | O6 O7 R2 | R5 R8: the last page is all resolved, after an overrun of one
    public async Task PageAsync_LatenessAcrossPages_OpenByPromiseThenResolvedByPromiseEachOnce(int pageSize)
    {
        using var client = _host.CreateClient();

        var orders = new List<string>();
        for (var page = 1; page <= 8 / pageSize + 1; page++)
        {
            var cases = JsonNode.Parse(await client.GetStringAsync($"/api/cases?sort=lateness&pageSize={pageSize}&page={page}"))!.AsArray();
            orders.AddRange(cases.Select(c => c!["key"]!.GetValue<string>().Split(':')[0]));
        }

        Assert.Equal(["O1", "O3", "O4", "O6", "O7", "R2", "R5", "R8"], orders);
    }

    [Fact]
    public async Task PageAsync_LatenessPagePastEveryOpenCase_StartsAtTheRightResolvedOne()
    {
        using var client = _host.CreateClient();

        var cases = JsonNode.Parse(await client.GetStringAsync("/api/cases?sort=lateness&pageSize=1&page=7"))!.AsArray();

        Assert.Equal("R5", cases.Single()!["key"]!.GetValue<string>().Split(':')[0]);
    }

    private static void Add(RecoveryDbContext db, string name, DateTimeOffset promisedBy, bool resolved)
    {
        var shipment = StoredRecords.Shipment("ORD-" + name, "1Z" + name, "c-" + name, "ups", "ground", promisedBy);
        db.Shipments.Add(shipment);
        db.Cases.Add(StoredRecords.Case(
            shipment, "late", promisedBy.AddMinutes(5), promisedBy.AddMinutes(5), resolved ? nameof(CaseStatus.Resolved) : nameof(CaseStatus.Escalated),
            resolved ? promisedBy.AddDays(1) : null, key: $"{name}:late:1"));
    }
}
