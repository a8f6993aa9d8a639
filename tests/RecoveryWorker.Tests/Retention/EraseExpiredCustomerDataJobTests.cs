using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Retention.RetentionScenario;

namespace RecoveryWorker.Tests.Retention;

/// <summary>The retention job as Quartz runs it: registered beside the sweep, built from DI, fired at start.</summary>
public sealed class EraseExpiredCustomerDataJobTests : IDisposable
{
    private readonly WorkerFolder _folder = new();

    [Fact]
    public async Task Execute_OnTheSweepSchedulerAfterARestartOnDay91_ErasesTheExpiredCustomerOnly()
    {
        await using (await StartAsync(_folder))
        {
        }

        // The same deployment restarted with its schedulers on, 91 days after Ada's parcel arrived: the job fires at start.
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(DeliveredAt.AddDays(91)), new Dictionary<string, string?> { ["Polling:Enabled"] = "true" });
        using var client = host.CreateClient(); // starts the host, and with it Quartz
        var waited = TimeSpan.Zero;
        while (await host.QueryAsync(db => db.Shipments.Where(s => s.CustomerId == Ada).Select(s => s.PersonalDataErasedAt).SingleAsync()) is null && waited < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            waited += TimeSpan.FromMilliseconds(200);
        }

        Assert.Equal(0, await PersonalDataLeftAsync(host, Ada, AdaName, AdaEmail));
        await AssertStoredAsync(host, Bob, BobName, BobEmail);
    }

    public void Dispose() => _folder.Dispose();
}
