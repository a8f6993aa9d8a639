using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Polling;

namespace RecoveryWorker.Harness;

/// <summary>What one simulated week produced.</summary>
internal sealed record WeekResult(
    string Name, int Shipments, long Lookups, long Requests, long Tickets, long Unexpected, long Early, long Missed,
    IReadOnlyDictionary<BreachType, List<TimeSpan>> Latencies, List<TimeSpan> All, long SampledPeakRss, long ProcessPeakRss,
    TimeSpan WallTime, long JobsRun, long JobsFailed)
{
    /// <summary>Failed jobs by job class and exception (Hangfire retries them; a count here is worth a look).</summary>
    public IReadOnlyDictionary<string, int> Failures { get; init; } = new Dictionary<string, int>();
}

/// <summary>
/// A week (or <see cref="Sizes.WeekDays"/> days) in virtual time: every shipment registered through the API at the
/// start, then the clock advances one sweep interval at a time; at each step the sweep runs (as Quartz would fire it)
/// and every job it leads to, plus the follow-ups that fall due, runs until none is left.
/// </summary>
internal static class WeekRun
{
    public static readonly TimeSpan LatencyTarget = TimeSpan.FromSeconds(60);

    public static async Task<WeekResult> RunAsync(string name, WeekScenarios scenarios, int days, Dictionary<string, string?> polling, CancellationToken cancellationToken)
    {
        using var store = Store.Create(StoreKind.Sqlite, null, "bench_week");
        foreach (var (key, value) in polling)
        {
            store.Settings[key] = value;
        }

        var time = new FakeTimeProvider(WeekScenarios.Start);
        var carrier = new SimulatedCarrier(time, (number, now) => scenarios.Track(WeekScenarios.IndexOf(number), now));
        await using var host = new ServiceHost(time, carrier, store.Settings);
        var wall = Stopwatch.StartNew();
        long sampledPeak = 0;
        using var process = Process.GetCurrentProcess();
        void Sample()
        {
            process.Refresh();
            sampledPeak = Math.Max(sampledPeak, process.WorkingSet64);
        }

        var arrays = Enumerable.Range(0, scenarios.Count).Select(scenarios.Spec).Chunk(1000).Select(ShipmentJson.Array);
        foreach (var group in arrays.Chunk(Environment.ProcessorCount * 4))
        {
            await ShipmentJson.RegisterAsync(host, group, Environment.ProcessorCount, cancellationToken);
        }

        Sample();
        var step = host.Services.GetRequiredService<IOptions<PollingOptions>>().Value.SweepInterval;
        var end = WeekScenarios.Start + TimeSpan.FromDays(days);
        var steps = 0;
        while (time.GetUtcNow() < end)
        {
            time.Advance(step);
            await host.SweepAsync(cancellationToken);
            await host.DrainAsync(cancellationToken);
            if (++steps % 60 == 0)
            {
                Sample();
            }

            if (steps % 1440 == 0)
            {
                Console.WriteLine(Text.Invariant($"  {name}: day {steps / 1440} done, {carrier.Lookups:N0} lookups, {host.JobsRun:N0} jobs, {wall.Elapsed.TotalSeconds:0} s"));
            }
        }

        Sample();
        wall.Stop();
        return await ResultAsync(name, scenarios, host, end, sampledPeak, process.PeakWorkingSet64, wall.Elapsed, cancellationToken);
    }

    private static async Task<WeekResult> ResultAsync(string name, WeekScenarios scenarios, ServiceHost host, DateTimeOffset end, long sampledPeak, long processPeak, TimeSpan wall, CancellationToken cancellationToken)
    {
        var rules = host.Services.GetRequiredService<IOptions<DetectionOptions>>().Value;
        var calendar = host.Services.GetRequiredService<BusinessCalendars>().For(CarrierCode.Sandbox);
        var (shipments, tickets) = await Measurements.CountAsync(host, async db => (
            await db.Shipments.AsNoTracking().Select(s => new { s.Id, s.TrackingNumber }).ToDictionaryAsync(s => s.Id, s => s.TrackingNumber, cancellationToken),
            await db.LocalTickets.AsNoTracking().Select(t => new { t.ExternalId, t.CreatedAt }).ToListAsync(cancellationToken)));

        var latencies = new Dictionary<BreachType, List<TimeSpan>>();
        var all = new List<TimeSpan>();
        long unexpected = 0, early = 0;
        var ticketed = new HashSet<int>();
        foreach (var ticket in tickets)
        {
            // The case key: {shipmentId}:{breachType}:{episode}.
            var parts = ticket.ExternalId.Split(':');
            if (parts.Length < 2 || !Guid.TryParse(parts[0], out var shipmentId) || !shipments.TryGetValue(shipmentId, out var number)
                || !BreachTypes.TryParse(parts[1], out var type))
            {
                unexpected++;
                continue;
            }

            var index = WeekScenarios.IndexOf(number);
            ticketed.Add(index);
            if (!scenarios.BreachTimes(index, calendar, rules).TryGetValue(type, out var trueAt))
            {
                unexpected++;
                continue;
            }

            // A breach that held before the shipment was registered (a scan from before the start) is owed from the registration.
            var latency = ticket.CreatedAt - (trueAt > WeekScenarios.Start ? trueAt : WeekScenarios.Start);
            if (latency < TimeSpan.Zero)
            {
                early++;
            }

            (latencies.TryGetValue(type, out var list) ? list : latencies[type] = []).Add(latency);
            all.Add(latency);
        }

        // A shipment whose first breach held early enough that a ticket was owed, and none came.
        long missed = 0;
        for (var i = 0; i < scenarios.Count; i++)
        {
            var times = scenarios.BreachTimes(i, calendar, rules);
            if (times.Count > 0 && times.Values.Min() + TimeSpan.FromHours(2) < end && !ticketed.Contains(i))
            {
                missed++;
            }
        }

        return new WeekResult(name, scenarios.Count, host.Carrier.Lookups, host.Carrier.Requests, tickets.Count, unexpected, early, missed,
            latencies, all, sampledPeak, processPeak, wall, host.JobsRun, host.JobsFailed) { Failures = new Dictionary<string, int>(host.Failures) };
    }

    public static TimeSpan Percentile(List<TimeSpan> values, double p)
    {
        if (values.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static string Latency(TimeSpan span) => span.TotalSeconds < 120
        ? Text.Invariant($"{span.TotalSeconds:0} s")
        : span.TotalHours < 2 ? Text.Invariant($"{span.TotalMinutes:0.0} min") : Text.Invariant($"{span.TotalHours:0.0} h");

    /// <summary>The week figures: ours (shipped defaults) beside the fixed 30-minute poller, targets from issue 10.</summary>
    public static async Task MeasureAsync(Report report, Sizes sizes, CancellationToken cancellationToken)
    {
        var ours = await RunAsync("shipped defaults", new WeekScenarios(sizes.WeekShipments, sizes.Seed), sizes.WeekDays, [], cancellationToken);
        Print(report, ours);
        GC.Collect();

        var baselineSize = sizes.BaselineShipments ?? sizes.WeekShipments;
        var thirty = "00:30:00";
        var baseline = await RunAsync("fixed 30-min poller", new WeekScenarios(baselineSize, sizes.Seed), sizes.WeekDays, new()
        {
            ["Polling:FarInterval"] = thirty, ["Polling:Interval"] = thirty, ["Polling:NearInterval"] = thirty, ["Polling:TroubleInterval"] = thirty,
        }, cancellationToken);
        Print(report, baseline);

        var oursP99 = Percentile(ours.All, 0.99);
        var baseP99 = Percentile(baseline.All, 0.99);
        report.Add(new Figure("week", "ticket latency p99, shipped defaults (virtual time)", Latency(oursP99), "≤ 60 s", oursP99 <= LatencyTarget));
        var perShipment = (double)ours.Lookups / ours.Shipments / ((double)baseline.Lookups / baseline.Shipments);
        report.Add(new Figure("week", "carrier lookups, ours / fixed 30-min poller (per shipment)", Text.Invariant($"{perShipment:P1}"), "≤ 25 % at equal or better p99",
            perShipment <= 0.25 && oursP99 <= baseP99));
        var million = ours.Shipments >= 1_000_000;
        report.Add(new Figure("week", Text.Invariant($"peak RSS with {ours.Shipments:N0} active shipments"), Text.MiB(Math.Max(ours.SampledPeakRss, ours.ProcessPeakRss)),
            "< 1 GiB at 1,000,000", million ? Math.Max(ours.SampledPeakRss, ours.ProcessPeakRss) < 1L << 30 : null));
        report.Note(Text.Invariant(
            $"week: {sizes.WeekDays} day(s) of virtual time (FakeTimeProvider) from Monday 2026-11-09 08:00 New York, {sizes.WeekShipments:N0} shipments (the baseline {baselineSize:N0}), seed {sizes.Seed}, mix 80 % on time, 7 % late, 4 % delivered late (5 min to 3 h after the deadline), 3 % stalled, 2 % never picked up, 2 % carrier exception, 2 % wrong service; all registered through the API at the start (so all are active at once), deadlines 20:00 local 1 to 5 days out in four US zones. The simulated carrier reveals each scan when the clock passes it and counts lookups (tracking numbers asked) and calls (batches of up to 50). Each step advances the clock by `Polling:SweepInterval` (1 min), sweeps, and runs every enqueued and due job until none is left; job run time is not virtual, so latencies are the schedule's alone. State: SQLite, Hangfire in memory (the shipped defaults)."));
        report.Note("week latency: breach-true time comes from the scenario (late: the deadline; delivered late: the delivery scan; exception: the exception scan; wrong service: the first scan naming the service; stalled and never picked up: the first instant past `StalledAfter` / `NotPickedUpAfter` of business time on the shipped calendar); or the registration (the start) when it held before; ticket time is the local helpdesk's ticket row (`CreatedAt`, virtual time), matched by the case key. A delivered-late parcel is late first, so its ticket is usually a `late` one. \"missed\" counts shipments whose first breach held 2 h before the end with no ticket; \"unexpected\" tickets of a type the scenario does not hold; \"early\" tickets before the scenario's breach time.");
        report.Note("week baseline: the same scenario with `Polling:FarInterval`, `Interval`, `NearInterval` and `TroubleInterval` all 30 min; the looks the check schedule takes at the instants a breach begins by the clock alone (the deadline, a stall, a missed pickup) are kept in both, as they are part of the check schedule. Peak RSS is the highest of the sampled working set (every 60 steps) and Process.PeakWorkingSet64, for the whole process (host, harness and the scenario itself, about 70 bytes a shipment).");
    }

    private static void Print(Report report, WeekResult r)
    {
        var area = "week, " + r.Name;
        report.Add(new Figure(area, "carrier lookups (numbers) / calls (batches)", Text.Invariant($"{r.Lookups:N0} / {r.Requests:N0}")));
        report.Add(new Figure(area, "lookups per shipment", Text.Invariant($"{(double)r.Lookups / r.Shipments:0.0}")));
        report.Add(new Figure(area, "tickets (missed / unexpected / early)", Text.Invariant($"{r.Tickets:N0} ({r.Missed} / {r.Unexpected} / {r.Early})")));
        foreach (var (type, values) in r.Latencies.OrderBy(l => l.Key))
        {
            report.Add(new Figure(area, Text.Invariant($"{type.ToWireName()} -> ticket p50 / p95 / p99 (n={values.Count})"),
                $"{Latency(Percentile(values, 0.5))} / {Latency(Percentile(values, 0.95))} / {Latency(Percentile(values, 0.99))}"));
        }

        report.Add(new Figure(area, Text.Invariant($"all breaches -> ticket p50 / p95 / p99 (n={r.All.Count})"),
            $"{Latency(Percentile(r.All, 0.5))} / {Latency(Percentile(r.All, 0.95))} / {Latency(Percentile(r.All, 0.99))}"));
        report.Add(new Figure(area, "peak RSS sampled / process peak", $"{Text.MiB(r.SampledPeakRss)} / {Text.MiB(r.ProcessPeakRss)}"));
        report.Add(new Figure(area, "wall time, jobs run (failed)", Text.Invariant($"{r.WallTime.TotalSeconds:0} s, {r.JobsRun:N0} ({r.JobsFailed})")));
        if (r.Failures.Count > 0)
        {
            report.Note(Text.Invariant($"{area}: failed jobs (retried by Hangfire): {string.Join(", ", r.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} {f.Value}"))}."));
        }
    }
}
