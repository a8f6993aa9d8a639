using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using RecoveryWorker.Effects;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Effects;

public sealed class TicketOpenerTests : IDisposable
{
    private readonly WorkerFolder _folder = new();

    [Fact]
    public async Task OpenAsync_ManyCopiesAtOnceThenRetries_OpensOneTicketOneCompensationOneFollowUpPlan()
    {
        _folder.WriteTracking(new Dictionary<string, object> { ["LATE"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")) });
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await host.PostShipmentAsync(Request("LATE", Start.AddMinutes(-30)));
        await host.SweepAsync();
        await host.RunEnqueuedAsync(max: 1); // the batch: the case exists, its ticket job waits
        var caseId = await host.QueryAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var opener = host.Services.GetRequiredService<TicketOpener>();

        // Eight copies of the job at once, as duplicated deliveries on several workers; losers throw and are retried.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await opener.OpenAsync(caseId, CancellationToken.None);
                return true;
            }
            catch (DbUpdateException)
            {
                return false;
            }
        })));
        for (var retry = 0; retry < 8 && await host.QueryAsync(db => db.Cases.Select(c => c.Status).SingleAsync()) != "TicketOpened"; retry++)
        {
            await opener.OpenAsync(caseId, CancellationToken.None);
        }

        await opener.OpenAsync(caseId, CancellationToken.None); // a late retry after success does nothing

        Assert.Contains(true, attempts);
        Assert.Single(await host.GetArrayAsync("/api/tickets"));
        Assert.Equal(1, await host.QueryAsync(db => db.Compensations.CountAsync()));
        Assert.Equal(3, await host.QueryAsync(db => db.FollowUps.CountAsync()));
        Assert.Equal("TicketOpened", await host.QueryAsync(db => db.Cases.Select(c => c.Status).SingleAsync()));
    }

    public void Dispose() => _folder.Dispose();
}
