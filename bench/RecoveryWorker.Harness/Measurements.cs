using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RecoveryWorker.Benchmarks;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Harness;

/// <summary>The detector, intake and apply measurements.</summary>
internal static class Measurements
{
    public const double DetectorTarget = 1_000_000;
    public const double IntakeTarget = 5_000;
    public const double ApplyPostgresTarget = 10_000;
    public const double ApplySqliteTarget = 2_000;
    public const double ApplyShareOfRawTarget = 0.10;

    /// <summary>Evaluations per second on one thread, with the same histories as the BenchmarkDotNet benchmark.</summary>
    public static void Detector(Report report, Sizes sizes)
    {
        var detector = TrackingHistories.Detector(new FixedClock(TrackingHistories.Now));
        var histories = TrackingHistories.Generate(4096).ToArray();
        long Loop(TimeSpan duration, out TimeSpan elapsed)
        {
            long evaluations = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                foreach (var h in histories)
                {
                    evaluations += detector.Detect(h.Promise, h.Tracking).Count >= 0 ? 1 : 0;
                }
            }

            elapsed = clock.Elapsed;
            return evaluations;
        }

        Loop(TimeSpan.FromSeconds(2), out _); // warm-up: tiered JIT reaches fully optimized code
        var count = Loop(sizes.DetectorDuration, out var took);
        var rate = count / took.TotalSeconds;
        report.Add(new Figure("detector", "evaluations/s/core (Stopwatch loop, 1 thread)", Text.Rate(rate), "≥ 1,000,000/s", rate >= DetectorTarget));
        report.Note(Text.Invariant($"detector: `BreachDetector.Detect` built from the shipped appsettings.json, on 4,096 generated histories (80 % on time in transit, 7 % late, 4 % delivered late, 3 % stalled, 2 % never picked up, 2 % exception, 2 % wrong service; 3-15 scans, four carriers and zones), one thread for {took.TotalSeconds:0.0} s after a warm-up. The same histories run under BenchmarkDotNet: `dotnet run -c Release --project bench/RecoveryWorker.Benchmarks -- --filter '*'` (Op/s column)."));
    }

    /// <summary>Shipments per second through POST /api/shipments, arrays of 1,000.</summary>
    public static async Task IntakeAsync(Report report, Sizes sizes, StoreKind kind, BenchPostgres? postgres, CancellationToken cancellationToken)
    {
        using var store = Store.Create(kind, postgres, "bench_intake");
        var time = new FakeTimeProvider(WeekScenarios.Start);
        await using var host = new ServiceHost(time, new SimulatedCarrier(time, (_, _) => null), store.Settings);
        var shipments = InTransit(sizes.IntakeShipments, "INT");
        var arrays = ShipmentJson.Arrays(shipments);
        await ShipmentJson.RegisterAsync(host, ShipmentJson.Arrays(InTransit(1000, "WARM")), 1, cancellationToken); // start-up, JIT, pools
        var parallel = Environment.ProcessorCount;
        var clock = Stopwatch.StartNew();
        await ShipmentJson.RegisterAsync(host, arrays, parallel, cancellationToken);
        clock.Stop();

        var stored = await CountAsync(host, db => db.Shipments.CountAsync(s => s.TrackingNumber.StartsWith("INT"), cancellationToken));
        var rate = stored / clock.Elapsed.TotalSeconds;
        var target = kind == StoreKind.Postgres;
        report.Add(new Figure("intake", $"shipments/s registered, {store.Describe}", Text.Rate(rate), target ? "≥ 5,000/s" : "", target ? rate >= IntakeTarget : null));
        if (stored != shipments.Count)
        {
            report.Note(Text.Invariant($"intake on {kind}: {stored} of {shipments.Count} shipments were stored."));
        }
    }

    public static void IntakeNote(Report report, Sizes sizes) => report.Note(Text.Invariant(
        $"intake: {sizes.IntakeShipments:N0} new shipments posted to `POST /api/shipments` in arrays of 1,000 (the API's maximum), {Environment.ProcessorCount} requests at a time, through the real ASP.NET Core pipeline in-process (WebApplicationFactory's TestServer: no sockets); timed from the first request to the last answer, after a warm-up array."));

    /// <summary>
    /// Snapshots per second applied end to end: N in-transit shipments registered, then the sweep and the Hangfire
    /// jobs it leads to run until every shipment was tracked once. On PostgreSQL, also the server's raw insert rate.
    /// </summary>
    public static async Task ApplyAsync(Report report, Sizes sizes, StoreKind kind, BenchPostgres? postgres, CancellationToken cancellationToken)
    {
        using var store = Store.Create(kind, postgres, "bench_apply");
        var time = new FakeTimeProvider(WeekScenarios.Start);
        var carrier = new SimulatedCarrier(time, (number, now) => InTransitSnapshot(number, now));
        await using var host = new ServiceHost(time, carrier, store.Settings);
        var n = sizes.ApplyShipments;
        await ShipmentJson.RegisterAsync(host, ShipmentJson.Arrays(InTransit(n, "APL")), Environment.ProcessorCount, cancellationToken);
        time.Advance(TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        var sweeps = 0;
        while (true)
        {
            await host.SweepAsync(cancellationToken);
            sweeps++;
            if (await host.DrainAsync(cancellationToken) == 0)
            {
                break;
            }
        }

        clock.Stop();
        var applied = await CountAsync(host, db => db.Shipments.CountAsync(s => s.LastCheckedAt != null, cancellationToken));
        var rate = applied / clock.Elapsed.TotalSeconds;
        var isPostgres = kind == StoreKind.Postgres;
        report.Add(new Figure("apply", $"snapshots/s applied end to end, {store.Describe}", Text.Rate(rate),
            isPostgres ? "≥ 10,000/s" : "≥ 2,000/s", rate >= (isPostgres ? ApplyPostgresTarget : ApplySqliteTarget)));
        if (applied != n || host.JobsFailed > 0)
        {
            report.Note(Text.Invariant($"apply on {kind}: {applied:N0} of {n:N0} shipments tracked; {host.JobsFailed} jobs failed."));
        }

        if (isPostgres)
        {
            var raw = await RawInsertRateAsync(store.PostgresConnectionString!, n, host.Workers, cancellationToken);
            report.Add(new Figure("apply", "raw batched INSERT rows/s, same PostgreSQL server (plain Npgsql)", Text.Rate(raw)));
            var share = rate / raw;
            report.Add(new Figure("apply", "end-to-end rate / raw insert rate (PostgreSQL)", Text.Invariant($"{share:P1}"), "≥ 10 %", share >= ApplyShareOfRawTarget));
        }

        Console.WriteLine(Text.Invariant($"  apply {kind}: {sweeps} sweeps, {host.JobsRun} jobs, {carrier.Requests} carrier calls, {clock.Elapsed.TotalSeconds:0.0} s"));
    }

    public static void ApplyNote(Report report, Sizes sizes) => report.Note(Text.Invariant(
        $"apply: {sizes.ApplyShipments:N0} in-transit shipments registered through the API (not timed), then timed: `Sweeper.SweepAsync` (claimed in pages of 5,000; tracking jobs of `Polling:JobBatchSize` = 250 shipments; carrier calls of 50 numbers, the sandbox's API batch) and every Hangfire job it leads to, performed from Hangfire's storage by as many workers as `Jobs:WorkerCount` (2 x cores), until a sweep finds nothing due; the figure is shipments with a stored snapshot / elapsed. The carrier is simulated (answers at once, 5 scans each, no breach), so this is the pipeline's own cost. On PostgreSQL Hangfire's storage is Hangfire.PostgreSql in the same database, as in production; with SQLite it is in memory, as shipped. The raw rate: the same number of rows into a scratch table created `LIKE shipments INCLUDING ALL` in the same database, 100 rows per multi-row INSERT, on as many connections in parallel as there are workers."));

    /// <summary>Rows per second of plain multi-row INSERTs (100 rows each) into a copy of the shipments table.</summary>
    private static async Task<double> RawInsertRateAsync(string connectionString, int rows, int connections, CancellationToken cancellationToken)
    {
        var columns = new List<(string Name, string Type, int? MaxLength)>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using (var create = new NpgsqlCommand("DROP TABLE IF EXISTS bench_raw_shipments; CREATE TABLE bench_raw_shipments (LIKE shipments INCLUDING ALL)", connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var describe = new NpgsqlCommand("SELECT column_name, data_type, character_maximum_length FROM information_schema.columns WHERE table_name = 'shipments' AND table_schema = current_schema() ORDER BY ordinal_position", connection);
            await using var reader = await describe.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2)));
            }
        }

        var columnList = string.Join(", ", columns.Select(c => "\"" + c.Name + "\""));
        var perConnection = (rows + connections - 1) / connections;
        var now = WeekScenarios.Start;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, connections), cancellationToken, async (worker, token) =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(token);
            for (var done = 0; done < perConnection; done += 100)
            {
                var count = Math.Min(100, perConnection - done);
                await using var insert = new NpgsqlCommand { Connection = connection };
                var values = new List<string>(count);
                for (var r = 0; r < count; r++)
                {
                    var row = (worker * perConnection) + done + r;
                    var placeholders = new List<string>(columns.Count);
                    foreach (var (name, type, maxLength) in columns)
                    {
                        var parameter = "@p" + insert.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        placeholders.Add(parameter);
                        insert.Parameters.AddWithValue(parameter, type switch
                        {
                            "uuid" => Guid.NewGuid(),
                            "timestamp with time zone" => now,
                            "boolean" => false,
                            "integer" or "smallint" => 0,
                            "bigint" => (long)row,
                            "numeric" => 80m,
                            _ => Fit(Text.Invariant($"{name}-{row}"), maxLength),
                        });
                    }

                    values.Add("(" + string.Join(", ", placeholders) + ")");
                }

                insert.CommandText = $"INSERT INTO bench_raw_shipments ({columnList}) VALUES {string.Join(", ", values)}";
                await insert.ExecuteNonQueryAsync(token);
            }
        });
        clock.Stop();
        return perConnection * connections / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Keeps the end of a made-up text value (the row number, so values stay distinct) within a column's declared length.</summary>
    private static string Fit(string value, int? maxLength) =>
        maxLength is { } max && value.Length > max ? value[^max..] : value;

    /// <summary>Generic in-transit shipments: ground, deadline 3 to 5 days out, label 10 hours ago.</summary>
    public static List<ShipmentSpec> InTransit(int count, string prefix) =>
        [.. Enumerable.Range(0, count).Select(i => new ShipmentSpec(
            Text.Invariant($"{prefix}{i:D9}"), "ground", WeekScenarios.Start.AddDays(3 + (i % 3)).AddHours(i % 7), "America/New_York",
            WeekScenarios.Start.AddHours(-10), i % 50_000))];

    private static TrackingSnapshot InTransitSnapshot(string number, DateTimeOffset now)
    {
        var label = WeekScenarios.Start.AddHours(-10);
        TrackingEvent Scan(double hours, TrackingStatus status, string text) =>
            new(CarrierTimestamp.FromInstant(label.AddHours(hours).ToOffset(TimeSpan.FromHours(-5))), status, null, null, text, "Columbus, OH");
        return new TrackingSnapshot
        {
            Carrier = CarrierCode.Sandbox,
            TrackingNumber = number,
            Status = TrackingStatus.InTransit,
            Events = [Scan(0, TrackingStatus.LabelCreated, "Label created"), Scan(2, TrackingStatus.PickedUp, "Picked up"),
                Scan(5, TrackingStatus.InTransit, "Arrived"), Scan(7, TrackingStatus.InTransit, "Departed"), Scan((now - label).TotalHours - 1, TrackingStatus.InTransit, "Arrived")],
            ReportedService = "Ground",
        };
    }

    public static async Task<T> CountAsync<T>(ServiceHost host, Func<RecoveryDbContext, Task<T>> query)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}
