using System.Diagnostics;

namespace RecoveryWorker.Harness;

/// <summary>
/// The performance harness of issue 10: see README "Performance". Targets are reported, never asserted: a miss prints
/// "missed" and the exit code stays 0; only a crash exits non-zero. (A class, not top-level statements: the service's
/// own <c>Program</c> is the one WebApplicationFactory starts.)
/// </summary>
internal static class HarnessMain
{
    public static async Task<int> Main(string[] args)
    {
        var sizes = Sizes.Parse(args);
        var command = "dotnet run -c Release --project bench/RecoveryWorker.Harness --" + (args.Length == 0 ? "" : " " + string.Join(' ', args));
        var report = new Report(command);
        var wall = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        foreach (var line in Report.Machine())
        {
            Console.WriteLine(line);
        }

        var modes = sizes.Modes;
        report.Note(Text.Invariant($"sizes of this run: intake {sizes.IntakeShipments:N0}, apply {sizes.ApplyShipments:N0}, week {sizes.WeekShipments:N0} shipments over {sizes.WeekDays} day(s), baseline {sizes.BaselineShipments ?? sizes.WeekShipments:N0}, console {sizes.ConsoleShipments:N0}{(sizes.Smoke ? " (--smoke)" : "")}. Full size (`all` with no sizes): intake and apply 20,000, week and baseline 100,000 over 7 days, console 1,000,000; `--shipments 1000000` for the memory target."));
        if (modes.Contains("detector"))
        {
            Console.WriteLine("detector ...");
            Measurements.Detector(report, sizes);
        }

        BenchPostgres? postgres = null;
        try
        {
            if (modes.Contains("intake") || modes.Contains("apply") || modes.Contains("console"))
            {
                postgres = BenchPostgres.TryStart(out var problem);
                report.Note(postgres is null ? "PostgreSQL figures not measured: " + problem : "PostgreSQL: " + postgres.Description + ".");
            }

            StoreKind[] stores = postgres is null ? [StoreKind.Sqlite] : [StoreKind.Sqlite, StoreKind.Postgres];
            if (modes.Contains("intake"))
            {
                foreach (var kind in stores)
                {
                    Console.WriteLine($"intake on {kind} ...");
                    await Measurements.IntakeAsync(report, sizes, kind, postgres, cancel.Token);
                }

                Measurements.IntakeNote(report, sizes);
            }

            if (modes.Contains("apply"))
            {
                foreach (var kind in stores)
                {
                    Console.WriteLine($"apply on {kind} ...");
                    await Measurements.ApplyAsync(report, sizes, kind, postgres, cancel.Token);
                }

                Measurements.ApplyNote(report, sizes);
            }

            if (modes.Contains("console"))
            {
                Console.WriteLine("console ...");
                await ConsolePages.MeasureAsync(report, sizes, postgres, cancel.Token);
            }
        }
        finally
        {
            postgres?.Dispose();
        }

        if (modes.Contains("week"))
        {
            Console.WriteLine("week ...");
            await WeekRun.MeasureAsync(report, sizes, cancel.Token);
        }

        wall.Stop();
        Console.WriteLine();
        Console.WriteLine(report.Table());
        if (sizes.WriteDocs)
        {
            var root = Directory.GetCurrentDirectory();
            while (!File.Exists(Path.Combine(root, "RecoveryWorker.sln")) && Path.GetDirectoryName(root) is { } parent)
            {
                root = parent;
            }

            var path = Path.Combine(File.Exists(Path.Combine(root, "RecoveryWorker.sln")) ? root : Directory.GetCurrentDirectory(), "docs", "performance.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, report.Markdown(wall.Elapsed));
            Console.WriteLine("written: " + path);
        }

        return 0;
    }
}
