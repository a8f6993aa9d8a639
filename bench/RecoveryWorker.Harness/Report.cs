using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace RecoveryWorker.Harness;

/// <summary>One measured figure, with the target it is held against (if any). Targets are reported, never asserted.</summary>
internal sealed record Figure(string Area, string Metric, string Value, string Target = "", bool? Met = null);

/// <summary>Everything one harness run measured, rendered as the Markdown of docs/performance.md.</summary>
internal sealed class Report(string command)
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];
    private readonly DateTimeOffset _started = TimeProvider.System.GetUtcNow();

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine(Text.Invariant($"  {figure.Area} | {figure.Metric}: {figure.Value}{(figure.Target.Length > 0 ? $" (target {figure.Target}: {Verdict(figure.Met)})" : "")}"));
    }

    public void Note(string note)
    {
        _notes.Add(note);
        Console.WriteLine("  note: " + note);
    }

    public string Table()
    {
        var table = new StringBuilder();
        table.AppendLine("| area | figure | measured | target | |");
        table.AppendLine("|---|---|---:|---|---|");
        foreach (var f in _figures)
        {
            table.AppendLine(Text.Invariant($"| {f.Area} | {f.Metric} | {f.Value} | {f.Target} | {Verdict(f.Met)} |"));
        }

        return table.ToString();
    }

    public string Markdown(TimeSpan elapsed)
    {
        var doc = new StringBuilder();
        doc.AppendLine("# Performance");
        doc.AppendLine();
        doc.AppendLine("Written by `bench/RecoveryWorker.Harness` (see the README, \"Performance\"). Re-run it rather than editing this file:");
        doc.AppendLine("the figures are measured, never typed in. Targets are reported beside the figures, not asserted.");
        doc.AppendLine();
        doc.AppendLine("## Machine and run");
        doc.AppendLine();
        foreach (var line in Machine())
        {
            doc.AppendLine("- " + line);
        }

        doc.AppendLine(Text.Invariant($"- date: {_started:yyyy-MM-dd HH:mm} UTC; the run took {elapsed.TotalMinutes:0.0} min"));
        doc.AppendLine("- command: `" + command + "`");
        doc.AppendLine();
        doc.AppendLine("## Figures");
        doc.AppendLine();
        doc.Append(Table());
        doc.AppendLine();
        doc.AppendLine("## How each figure is measured");
        doc.AppendLine();
        foreach (var note in _notes)
        {
            doc.AppendLine("- " + note);
        }

        return doc.ToString();
    }

    public static IEnumerable<string> Machine()
    {
        yield return Text.Invariant($"cores: {Environment.ProcessorCount} ({CpuModel()})");
        yield return Text.Invariant($"RAM: {TotalMemoryGiB():0.0} GiB");
        yield return "OS: " + RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture;
        yield return ".NET: " + RuntimeInformation.FrameworkDescription + (Debugger.IsAttached ? " (debugger attached)" : "")
            + (IsOptimized() ? ", Release build" : ", DEBUG build: figures not representative");
    }

    private static string Verdict(bool? met) => met switch { true => "met", false => "missed", _ => "" };

    private static bool IsOptimized()
    {
#if DEBUG
        return false;
#else
        return true;
#endif
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static double TotalMemoryGiB()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kib = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return kib / 1024.0 / 1024.0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
        {
            return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024.0 / 1024.0;
        }
    }
}

/// <summary>Invariant-culture formatting, so the document reads the same on every machine.</summary>
internal static class Text
{
    public static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture) + "/s";

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " MiB";
}
