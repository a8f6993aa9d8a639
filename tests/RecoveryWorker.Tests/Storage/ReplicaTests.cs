using System.Globalization;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Storage;

/// <summary>
/// Production mode as operations run it: worker processes on one real PostgreSQL, a helpdesk that speaks the Zendesk
/// API, and the things that happen to containers: several replicas at once, a replica killed mid-call, the
/// database gone for half a minute. The store's claims and constraints must keep every broken promise to one
/// ticket and one compensation through all of it.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class ReplicaTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private readonly FakeZendesk _zendesk = new();
    private readonly List<WorkerProcess> _workers = [];
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.Shared.CreateDatabaseAsync("replicas");
        var (exitCode, output) = await WorkerProcess.MigrateAsync(Settings());
        Assert.True(exitCode == 0, output);
    }

    private Dictionary<string, string?> Settings() => Production.Settings(_database, _folder.TrackingFile, _zendesk.Settings(timeout: TimeSpan.FromSeconds(3)));

    private WorkerProcess Start(string name)
    {
        var worker = WorkerProcess.Start(name, Settings());
        _workers.Add(worker);
        return worker;
    }

    private Task<long> CountAsync(string sql) => Production.CountAsync(_database, sql);

    [Fact]
    public async Task ThreeReplicas_300BrokenPromises_ExactlyOneTicketEachAndOneSweepAtATime()
    {
        var numbers = Production.LateParcels(_folder, 300);
        WorkerProcess[] replicas = [Start("replica-1"), Start("replica-2"), Start("replica-3")];
        await Task.WhenAll(replicas.Select(r => r.WaitUntilReadyAsync(TimeSpan.FromSeconds(60))));

        await Production.PostShipmentsAsync(replicas[0], numbers);
        var done = await Production.EventuallyAsync(async () => await CountAsync("""SELECT count(*) FROM cases WHERE "TicketClaim" = 'Done'""") == 300, TimeSpan.FromMinutes(3));

        Assert.True(done, $"cases done: {await CountAsync("""SELECT count(*) FROM cases WHERE "TicketClaim" = 'Done'""")}\n{replicas[0].Tail()}");
        Assert.Equal(300, await CountAsync("SELECT count(*) FROM cases"));
        Assert.Equal(300, _zendesk.Tickets.Count);
        Assert.Equal(300, _zendesk.Tickets.Select(t => t["external_id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(300, _zendesk.CreateRequests);
        Assert.Equal(300, await CountAsync("SELECT count(DISTINCT \"CaseId\") FROM compensations"));
        Assert.Equal(300, await CountAsync("SELECT count(*) FROM compensations"));

        // Each sweep ran on one replica at a time: no two sweep intervals overlap, whichever replicas ran them.
        var sweeps = replicas.SelectMany(r => Sweeps(r).Select(s => (Replica: r.Name, s.Start, s.End))).OrderBy(s => s.Start).ToList();
        Assert.NotEmpty(sweeps);
        for (var i = 1; i < sweeps.Count; i++)
        {
            Assert.True(sweeps[i].Start >= sweeps[i - 1].End, $"sweep on {sweeps[i].Replica} at {sweeps[i].Start:O} overlaps the one on {sweeps[i - 1].Replica} ending {sweeps[i - 1].End:O}");
        }

        var opened = replicas.Select(r => (r.Name, Tickets: r.Lines.Count(l => l.Contains("|INF|Ticket ", StringComparison.Ordinal) && l.Contains(" opened in Zendesk", StringComparison.Ordinal)))).ToList();
        Assert.Equal(300, opened.Sum(o => o.Tickets));
        Assert.All(replicas, r => Assert.DoesNotContain(r.Lines, l => l.Contains("|ERR|", StringComparison.Ordinal) || l.Contains("|FTL|", StringComparison.Ordinal)));
        Console.WriteLine($"replicas 3, shipments 300, tickets {_zendesk.Tickets.Count}, sweeps {sweeps.Count} ({string.Join(", ", replicas.Select(r => $"{r.Name} {Sweeps(r).Count}"))}), tickets opened per replica: {string.Join(", ", opened.Select(o => $"{o.Name} {o.Tickets}"))}");
    }

    [Fact]
    public async Task KilledMidTicketCreation_TwentyTimes_TicketCountEqualsCaseCountAndNoCompensationTwice()
    {
        const int Shipments = 40;
        const int Kills = 20;
        var numbers = Production.LateParcels(_folder, Shipments, "KILL");
        _zendesk.CreateAnswerDelay = TimeSpan.FromSeconds(2); // every create is still in flight 2 s after the ticket exists
        var worker = Start("worker-0");
        await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await Production.PostShipmentsAsync(worker, numbers);

        var kills = 0;
        for (var round = 1; round <= Kills; round++)
        {
            var before = _zendesk.CreateRequests;
            var inFlight = await Production.EventuallyAsync(() => Task.FromResult(_zendesk.CreateRequests > before), TimeSpan.FromSeconds(60));
            Assert.True(inFlight, $"round {round}: no create reached the helpdesk\n{worker.Tail()}");
            worker.Kill(); // SIGKILL while the helpdesk has made the ticket and not yet answered
            kills++;
            worker = Start($"worker-{round}");
            await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        }

        _zendesk.CreateAnswerDelay = TimeSpan.Zero;
        var settled = await Production.EventuallyAsync(async () => await CountAsync("""SELECT count(*) FROM cases WHERE "TicketClaim" = 'Done'""") == Shipments, TimeSpan.FromMinutes(3));

        var cases = await CountAsync("SELECT count(*) FROM cases");
        Assert.True(settled, $"done {await CountAsync("""SELECT count(*) FROM cases WHERE "TicketClaim" = 'Done'""")} of {cases}\n{worker.Tail()}");
        Assert.Equal(Kills, kills);
        Assert.Equal(Shipments, cases); // no case lost
        Assert.Equal(cases, _zendesk.Tickets.Count); // no ticket twice
        Assert.Equal(cases, _zendesk.Tickets.Select(t => t["external_id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(cases, await CountAsync("SELECT count(*) FROM compensations")); // no compensation twice
        Assert.Equal(cases, await CountAsync("SELECT count(DISTINCT \"CaseId\") FROM compensations"));
        var adopted = _workers.Sum(w => w.Lines.Count(l => l.Contains("found by the case key", StringComparison.Ordinal)));
        Console.WriteLine($"kills {kills}, shipments {Shipments}, cases {cases}, tickets expected {cases} found {_zendesk.Tickets.Count}, create requests {_zendesk.CreateRequests}, adopted after a kill {adopted}");
    }

    [Fact]
    public async Task DatabaseStoppedForThirtySeconds_ReadinessRedThenGreenAndNothingLost()
    {
        Assert.True(PostgresServer.Shared.CanStop, $"this test stops the database server; {PostgresServer.Shared.Description} cannot be stopped by the tests");
        const int Shipments = 100;
        var numbers = Production.LateParcels(_folder, Shipments, "BLINK");
        _zendesk.CreateAnswerDelay = TimeSpan.FromMilliseconds(300); // keep tickets flowing while the database goes away
        var worker = Start("worker");
        await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await Production.PostShipmentsAsync(worker, numbers);
        await Production.EventuallyAsync(() => Task.FromResult(_zendesk.CreateRequests >= 5), TimeSpan.FromSeconds(60));

        await PostgresServer.Shared.StopAsync();
        var red = await worker.WaitForReadinessAsync(System.Net.HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(30));
        var aliveThroughout = !worker.HasExited;
        await PostgresServer.Shared.StartAsync();
        var green = await worker.WaitForReadinessAsync(System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        var settled = await Production.EventuallyAsync(async () => await CountAsync("""SELECT count(*) FROM cases WHERE "TicketClaim" = 'Done'""") == Shipments, TimeSpan.FromMinutes(3));
        Assert.True(aliveThroughout, "the worker exited while the database was down:\n" + worker.Tail());
        Assert.True(settled, $"done {await CountAsync("""SELECT count(*) FROM cases WHERE "TicketClaim" = 'Done'""")}\n{worker.Tail()}");
        Assert.Equal(Shipments, await CountAsync("SELECT count(*) FROM shipments"));
        Assert.Equal(Shipments, await CountAsync("SELECT count(*) FROM cases"));
        Assert.Equal(Shipments, _zendesk.Tickets.Count);
        Assert.Equal(Shipments, await CountAsync("SELECT count(*) FROM compensations"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outage 30 s: readiness red after {red.TotalSeconds:0.0} s, green {green.TotalSeconds:0.0} s after restart; shipments {Shipments}, tickets {_zendesk.Tickets.Count}"));
    }

    /// <summary>The replica's sweeps, from its "Sweep … started/finished" debug lines.</summary>
    private static List<(DateTimeOffset Start, DateTimeOffset End)> Sweeps(WorkerProcess worker)
    {
        var started = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var sweeps = new List<(DateTimeOffset, DateTimeOffset)>();
        foreach (var parts in worker.Lines.Select(l => l.Split('|')).Where(p => p.Length >= 3 && p[2].StartsWith("Sweep ", StringComparison.Ordinal)))
        {
            var at = DateTimeOffset.Parse(parts[0], CultureInfo.InvariantCulture);
            var words = parts[2].Split(' ');
            if (words.Length >= 3 && words[2] == "started")
            {
                started[words[1]] = at;
            }
            else if (words.Length >= 3 && words[2] == "finished" && started.Remove(words[1], out var start))
            {
                sweeps.Add((start, at));
            }
        }

        return sweeps;
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _zendesk.Dispose();
        _folder.Dispose();
    }
}
