using System.Diagnostics;
using System.Globalization;
using RecoveryWorker.Storage;
using Spectre.Console;

namespace RecoveryWorker.Intake;

/// <summary>
/// <c>RecoveryWorker import FILE.csv</c>: registers a CSV file's shipments straight into the state store, with a
/// progress bar, then prints what it did. Exit code 0: every row registered or known; 1: some rows were invalid
/// (the others are registered; the problems are listed and written to FILE.csv.errors.csv); 2: nothing could be read.
/// </summary>
internal static class ImportCommand
{
    private const int ShownProblems = 20;

    public static bool Is(string[] args) => args is [var command, ..] && string.Equals(command, "import", StringComparison.OrdinalIgnoreCase);

    /// <summary>Before the host is built: one summary line per batch would drown the progress bar, so intake logs only warnings.</summary>
    public static void Prepare(WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (Is(args))
        {
            builder.Configuration["Serilog:MinimumLevel:Override:RecoveryWorker.Intake"] = "Warning";
        }
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(console);
        if (args is not [_, var path] || !File.Exists(path))
        {
            console.MarkupLine(args is [_, var missing] ? $"[red]No such file:[/] {Markup.Escape(missing)}" : "usage: RecoveryWorker import FILE.csv");
            return 2;
        }

        await services.InitializeStorageAsync(cancellationToken);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        var import = services.GetRequiredService<CsvShipmentImport>();
        var clock = Stopwatch.StartNew();
        CsvImportReport report;
        try
        {
            report = await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("Importing", maxValue: Math.Max(1, file.Length));
                    var progress = new SynchronousProgress(p =>
                    {
                        task.Value = p.Bytes;
                        task.Description = string.Create(CultureInfo.InvariantCulture, $"{p.Rows:N0} rows");
                    });
                    return await import.ImportAsync(file, progress, cancellationToken);
                });
        }
        catch (CsvImportException ex)
        {
            console.MarkupLine($"[red]{Markup.Escape(Path.GetFileName(path))} cannot be imported:[/] {Markup.Escape(ex.Message)}");
            return 2;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Rows:N0} rows in {seconds:N1} s ({report.Rows / Math.Max(seconds, 0.001):N0} rows/s): {report.Registered:N0} registered, {report.AlreadyKnown:N0} already known, {report.InvalidRows:N0} invalid"));
        if (report.IgnoredColumns.Count > 0)
        {
            console.WriteLine("Columns that are not shipment fields were ignored: " + string.Join(", ", report.IgnoredColumns));
        }

        if (report.InvalidRows == 0)
        {
            return 0;
        }

        var table = new Table().AddColumns("line", "column", "problem");
        foreach (var problem in report.Problems.Take(ShownProblems))
        {
            table.AddRow(problem.Line.ToString(CultureInfo.InvariantCulture), Markup.Escape(problem.Column), Markup.Escape(problem.Problem));
        }

        console.Write(table);
        var errorsPath = path + ".errors.csv";
        await File.WriteAllLinesAsync(errorsPath, ["line,column,problem", .. report.Problems.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Line},{p.Column},\"{p.Problem.Replace("\"", "\"\"", StringComparison.Ordinal)}\""))], cancellationToken);
        console.WriteLine($"Invalid rows were not registered; fix them and import the file again (registered rows are not registered twice). Problems: {errorsPath}"
            + (report.Problems.Count < report.InvalidRows ? $" (the first {report.Problems.Count:N0})" : ""));
        return 1;
    }

    /// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> would post to the thread pool and arrive late.</summary>
    private sealed class SynchronousProgress(Action<CsvImportProgress> report) : IProgress<CsvImportProgress>
    {
        public void Report(CsvImportProgress value) => report(value);
    }
}
