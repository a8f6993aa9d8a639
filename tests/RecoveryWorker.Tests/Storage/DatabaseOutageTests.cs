using System.Globalization;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Storage;

/// <summary>
/// The database goes away under load and comes back: the worker must say so (readiness red), stay up (no crash loop,
/// so the orchestrator does not restart it in a loop), say it is back (green) and then finish every case it had,
/// with nothing lost and nothing twice. It stops the shared test server, so it runs alone.
/// </summary>
[Collection(PostgresOutages.Name)]
public sealed class DatabaseOutageTests() : ProductionDeployment("outage")
{
    [Fact]
    public async Task DatabaseStoppedForThirtySeconds_ReadinessRedThenGreenAndNothingLost()
    {
        Assert.True(PostgresServer.Shared.CanStop, $"this test stops the database server; {PostgresServer.Shared.Description} cannot be stopped by the tests");
        const int Shipments = 100;
        var numbers = Production.LateParcels(Folder, Shipments, "BLINK");
        Zendesk.CreateAnswerDelay = TimeSpan.FromMilliseconds(300); // keep tickets flowing while the database goes away
        var worker = Start("worker");
        await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await Production.PostShipmentsAsync(worker, numbers);
        await Production.EventuallyAsync(() => Task.FromResult(Zendesk.CreateRequests >= 5), TimeSpan.FromSeconds(60));

        await PostgresServer.Shared.StopAsync();
        var red = await worker.WaitForReadinessAsync(System.Net.HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(30));
        var aliveThroughout = !worker.HasExited;
        await PostgresServer.Shared.StartAsync();
        var green = await worker.WaitForReadinessAsync(System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        var settled = await Production.EventuallyAsync(async () => await DoneAsync() == Shipments, TimeSpan.FromMinutes(3));
        Assert.True(aliveThroughout, "the worker exited while the database was down:\n" + worker.Tail());
        Assert.True(settled, $"done {await DoneAsync()}; claims {await Production.GroupsAsync(Database, "SELECT \"TicketClaim\" || ':' || \"Status\", count(*) FROM cases GROUP BY 1")}; jobs {await Production.GroupsAsync(Database, "SELECT statename, count(*) FROM hangfire.job GROUP BY 1")}; unfinished {await Production.GroupsAsync(Database, "SELECT j.id || ' ' || ((j.invocationdata::json)->>'Type') || ' ' || coalesce(j.statename, '-') || ' queue ' || coalesce(q.queue, '-') || ' fetched ' || coalesce(q.fetchedat::text, '-') || ' states ' || coalesce((SELECT string_agg(s.name || '@' || s.createdat::text, ',' ORDER BY s.id) FROM hangfire.state s WHERE s.jobid = j.id), ''), 1 FROM hangfire.job j LEFT JOIN hangfire.jobqueue q ON q.jobid = j.id WHERE j.statename IS DISTINCT FROM 'Succeeded' AND j.statename IS DISTINCT FROM 'Scheduled'")}; now {await Production.GroupsAsync(Database, "SELECT now()::text, 1")}\n{worker.Tail()}");
        Assert.Equal(Shipments, await CountAsync("SELECT count(*) FROM shipments"));
        Assert.Equal(Shipments, await CountAsync("SELECT count(*) FROM cases"));
        Assert.Equal(Shipments, Zendesk.Tickets.Count);
        Assert.Equal(Shipments, await CountAsync("SELECT count(*) FROM compensations"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outage 30 s: readiness red after {red.TotalSeconds:0.0} s, green {green.TotalSeconds:0.0} s after restart; shipments {Shipments}, tickets {Zendesk.Tickets.Count}"));
    }

    [Fact]
    public async Task ThreeReplicasUnderLoad_ReadinessAnswersWithinASecondAndIsGreenWithinTenSecondsOfTheDatabaseComingBack()
    {
        Assert.True(PostgresServer.Shared.CanStop, $"this test stops the database server; {PostgresServer.Shared.Description} cannot be stopped by the tests");
        var numbers = Production.LateParcels(Folder, 300, "READY");
        Zendesk.CreateAnswerDelay = TimeSpan.FromMilliseconds(500); // every worker busy with slow creates
        WorkerProcess[] replicas = [Start("ready-1"), Start("ready-2"), Start("ready-3")];
        await Task.WhenAll(replicas.Select(r => r.WaitUntilReadyAsync(TimeSpan.FromSeconds(60))));
        await Production.PostShipmentsAsync(replicas[0], numbers);
        await Production.EventuallyAsync(() => Task.FromResult(Zendesk.CreateRequests >= 20), TimeSpan.FromSeconds(60));

        // Under load, before the outage: every probe of every replica answers 200, each within a second.
        var before = new List<(string Replica, System.Net.HttpStatusCode? Status, TimeSpan Took)>();
        for (var round = 0; round < 10; round++)
        {
            foreach (var replica in replicas)
            {
                var (status, took) = await replica.ProbeReadinessAsync();
                before.Add((replica.Name, status, took));
            }
        }

        await PostgresServer.Shared.StopAsync();
        var during = await Task.WhenAll(replicas.Select(r => r.ProbeReadinessAsync()));
        await Task.Delay(TimeSpan.FromSeconds(20));
        await PostgresServer.Shared.StartAsync();
        var green = await Task.WhenAll(replicas.Select(r => r.WaitForReadinessAsync(System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30))));

        Assert.All(before, p => Assert.True(p.Status == System.Net.HttpStatusCode.OK && p.Took < TimeSpan.FromSeconds(1), $"{p.Replica}: {p.Status?.ToString() ?? "no answer"} in {p.Took.TotalMilliseconds:0} ms"));
        Assert.All(during, p => Assert.True(p.Status == System.Net.HttpStatusCode.ServiceUnavailable && p.Took < TimeSpan.FromSeconds(2), $"during the outage: {p.Status?.ToString() ?? "no answer"} in {p.Took.TotalMilliseconds:0} ms"));
        Assert.All(green, g => Assert.True(g < TimeSpan.FromSeconds(10), $"green {g.TotalSeconds:0.0} s after the database came back"));
        Assert.All(replicas, r => Assert.False(r.HasExited, r.Name + " exited:\n" + r.Tail()));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"readiness under load, 3 replicas: slowest probe before {before.Max(p => p.Took).TotalMilliseconds:0} ms, during the outage {during.Max(p => p.Took).TotalMilliseconds:0} ms (503), green after restart in {string.Join(" / ", green.Select(g => g.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)))} s"));
    }
}
