using System.Globalization;

namespace RecoveryWorker.Tests.Observability;

/// <summary>A scrape in Prometheus text format, read as samples: name, labels as written, value.</summary>
internal sealed class PrometheusText
{
    private PrometheusText(IReadOnlyList<(string Name, string Labels, double Value)> samples) => Samples = samples;

    public IReadOnlyList<(string Name, string Labels, double Value)> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        var samples = new List<(string, string, double)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            // name{label="value",...} 12.5 [timestamp]; label values may hold spaces, so split at the closing brace.
            var open = line.IndexOf('{', StringComparison.Ordinal);
            var close = line.LastIndexOf('}');
            var name = open >= 0 ? line[..open] : line[..line.IndexOf(' ', StringComparison.Ordinal)];
            var labels = open >= 0 ? line[(open + 1)..close] : "";
            var rest = (open >= 0 ? line[(close + 1)..] : line[name.Length..]).Trim().Split(' ')[0];
            var value = rest switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(rest, CultureInfo.InvariantCulture),
            };
            samples.Add((name, labels, value));
        }

        return new PrometheusText(samples);
    }

    /// <summary>The samples of one metric whose labels contain every one of <paramref name="labels"/> (<c>key="value"</c>).</summary>
    public IEnumerable<double> Values(string name, params string[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Select(s => s.Value);
}
