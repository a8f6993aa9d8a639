using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RecoveryWorker.Tests.Operations;

/// <summary>The deployment files as the tests read them, from the test output (linked by the test project).</summary>
internal static partial class ShippedFiles
{
    public static string ComposeFile => Existing(Path.Combine(AppContext.BaseDirectory, "Shipped", "docker-compose.yml"));

    public static string Dockerfile => Existing(Path.Combine(AppContext.BaseDirectory, "Shipped", "Dockerfile"));

    /// <summary>The runtime stage's <c>ENV NAME="value"</c> lines: what every container starts with.</summary>
    public static Dictionary<string, string> ImageEnvironment()
    {
        var runtimeStage = File.ReadAllText(Dockerfile).Split("\nFROM ").Last();
        return DockerEnv().Matches(runtimeStage).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
    }

    public static string EnvExample => Existing(Path.Combine(AppContext.BaseDirectory, "Shipped", "recoveryworker.env.example"));

    public static string AppSettings => Existing(Path.Combine(AppContext.BaseDirectory, "Shipped", "appsettings.json"));

    /// <summary>The official Compose schema, from ../shared/conformance/compose beside the repository.</summary>
    public static string ComposeSchema => Existing(Path.Combine(AppContext.BaseDirectory, "Conformance", "compose", "compose-spec.json"),
        "the shared conformance folder must lie beside the repository (../shared/conformance/compose/compose-spec.json)");

    /// <summary>
    /// The compose file as the JSON the schema describes: anchors and merge keys (<c>&lt;&lt;: *worker</c>) resolved, and
    /// plain scalars typed as YAML's core schema types them (quoted ones stay strings), as Compose itself reads them.
    /// </summary>
    public static JObject Compose() => (JObject)LoadYaml(File.ReadAllText(ComposeFile));

    public static JToken LoadYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return ToJson(stream.Documents.Single().RootNode);
    }

    /// <summary>Every active KEY=VALUE line of the env example, in order (comments and blank lines left out).</summary>
    public static List<KeyValuePair<string, string>> EnvExampleSettings() =>
    [
        .. File.ReadLines(EnvExample)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .Select(parts => KeyValuePair.Create(parts[0], parts.Length == 2 ? parts[1] : "")),
    ];

    /// <summary>Every variable the env example names, set or commented out (<c># Key=value</c>).</summary>
    public static HashSet<string> EnvExampleNames() =>
    [
        .. File.ReadLines(EnvExample).Select(line => EnvLine().Match(line)).Where(m => m.Success).Select(m => m.Groups["name"].Value),
    ];

    private static JToken ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Merged(mapping),
        YamlSequenceNode sequence => new JArray(sequence.Children.Select(ToJson)),
        YamlScalarNode { Style: ScalarStyle.Plain } plain => Typed(plain.Value ?? ""),
        YamlScalarNode quoted => new JValue(quoted.Value),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType} at {node.Start}"),
    };

    /// <summary>A mapping with YAML merge keys applied: the merged mappings first, then its own keys over them.</summary>
    private static JObject Merged(YamlMappingNode mapping)
    {
        var json = new JObject();
        foreach (var (key, value) in mapping.Children.Where(c => ((YamlScalarNode)c.Key).Value == "<<"))
        {
            foreach (var source in value is YamlSequenceNode many ? many.Children : [value])
            {
                json.Merge(Merged((YamlMappingNode)source));
            }
        }

        foreach (var (key, value) in mapping.Children.Where(c => ((YamlScalarNode)c.Key).Value != "<<"))
        {
            json[((YamlScalarNode)key).Value!] = ToJson(value);
        }

        return json;
    }

    private static JValue Typed(string value) => value switch
    {
        "" or "~" or "null" or "Null" or "NULL" => JValue.CreateNull(),
        "true" or "True" or "TRUE" => new JValue(true),
        "false" or "False" or "FALSE" => new JValue(false),
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => new JValue(integer),
        _ when YamlFloat().IsMatch(value) => new JValue(double.Parse(value, CultureInfo.InvariantCulture)),
        _ => new JValue(value),
    };

    private static string Existing(string path, string? hint = null) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing{(hint is null ? "" : ": " + hint)}.", path);

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlFloat();

    [GeneratedRegex(@"^ENV (?<name>[A-Za-z_][A-Za-z0-9_]*)=""(?<value>[^""]*)""$", RegexOptions.Multiline)]
    private static partial Regex DockerEnv();

    [GeneratedRegex(@"^#?\s?(?<name>[A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex EnvLine();
}
