using System.Globalization;
using System.Text.Json.Nodes;
using NJsonSchema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RecoveryWorker.Connectors.Tests.Helpdesks.Zendesk;

/// <summary>
/// The official Zendesk Support OAS 3.0.3 (YAML, 1.6 MB), read once. Converted node by node rather than through
/// YamlDotNet's JSON-compatible serializer, because that one turns every plain scalar into a string ("nullable":
/// "true", "maxItems": "100"), which NJsonSchema then misreads.
/// </summary>
internal static class ZendeskSpec
{
    private static readonly Lazy<JsonObject> Document = new(Load);

    public static JsonObject Schemas() => Document.Value["components"]!["schemas"]!.AsObject();

    public static JsonNode TicketObject() => Schemas()["TicketObject"]!;

    /// <summary>The requestBody schema of one operation, its component references resolved, as NJsonSchema reads them.</summary>
    public static Task<JsonSchema> RequestSchemaAsync(string path, string method)
    {
        var schema = Document.Value["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!["schema"]!.DeepClone().AsObject();

        // "#/components/schemas/X" becomes "#/definitions/X", which NJsonSchema resolves at every depth (as in the
        // FedEx schema test). Only the schemas reachable from the root are carried along: the rest of the 1.6 MB is noise.
        schema["definitions"] = Reachable(schema);
        var json = schema.ToJsonString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
        return JsonSchema.FromJsonAsync(json);
    }

    private static JsonObject Reachable(JsonNode root)
    {
        var all = Schemas();
        var found = new JsonObject();
        var pending = new Queue<JsonNode>([root]);
        while (pending.Count > 0)
        {
            foreach (var name in References(pending.Dequeue()))
            {
                if (!found.ContainsKey(name) && all[name] is { } schema)
                {
                    found[name] = schema.DeepClone();
                    pending.Enqueue(schema);
                }
            }
        }

        return found;
    }

    private static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref" && value?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        yield return reference["#/components/schemas/".Length..];
                    }

                    foreach (var nested in References(value))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var nested in References(item))
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }

    private static JsonObject Load()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(ZendeskStubs.Conformance("specs", "zendesk-support-oas.yaml")))
        {
            yaml.Load(reader);
        }

        return Convert(yaml.Documents[0].RootNode)!.AsObject();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}"),
    };

    /// <summary>Plain scalars carry YAML 1.2 core types (true, 100, 1.5, null); quoted ones are strings.</summary>
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "true" or "True" => JsonValue.Create(true),
            "false" or "False" => JsonValue.Create(false),
            "null" or "~" or "" => null,
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && text.Any(char.IsDigit) => JsonValue.Create(real),
            _ => JsonValue.Create(text),
        };
    }
}
