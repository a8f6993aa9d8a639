using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NJsonSchema;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Usps;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RecoveryWorker.Connectors.Tests.Carriers.Usps;

/// <summary>The body we POST to /tracking/v3r2/tracking, checked against TrackingRequest in USPS's own v3r2 spec.</summary>
public sealed class UspsRequestSchemaTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    [Fact]
    public async Task TrackAsync_RequestBody_IsValidAgainstTheV3r2TrackingRequestSchema()
    {
        var schema = await SpecSchemaAsync("TrackingRequest");
        _server.Given(Request.Create().WithPath(UspsPayloads.TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(UspsPayloads.Read("token.json")));
        _server.Given(Request.Create().WithPath(UspsPayloads.TrackingPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(UspsPayloads.Configuration(_server.Url!)).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddUsps().BuildServiceProvider();
        var tracker = provider.GetServices<ICarrierTracker>().Single(t => t.Carrier == CarrierCode.Usps);
        var numbers = Enumerable.Range(1, 36).Select(i => $"9400 1000 0000 0000 00{i:D4}").Append("LZ123456789US").ToList();

        await tracker.TrackAsync(numbers, CancellationToken.None);

        var bodies = _server.LogEntries.Where(e => e.RequestMessage?.Path == UspsPayloads.TrackingPath).Select(e => e.RequestMessage!.Body!).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.All(bodies, body => Assert.Empty(schema.Validate(body)));
    }

    [Fact]
    public async Task SpecSchema_RefusesWhatUspsRefuses_SoTheCheckAboveMeansSomething()
    {
        var schema = await SpecSchemaAsync("TrackingRequest");
        var tooMany = new JsonArray([.. Enumerable.Range(0, 36).Select(i => (JsonNode)new JsonObject { ["trackingNumber"] = $"N{i:D4}" })]);

        Assert.NotEmpty(schema.Validate("[]"));
        Assert.NotEmpty(schema.Validate(tooMany.ToJsonString()));
        Assert.NotEmpty(schema.Validate("""[{"trackingNumber":"9400100000000000000001","extra":1}]"""));
        Assert.NotEmpty(schema.Validate("""[{"number":"9400100000000000000001"}]"""));
        Assert.Empty(schema.Validate("""[{"trackingNumber":"9400100000000000000001","destinationZIPCode":"34442"}]"""));
    }

    /// <summary>
    /// One schema of the v3r2 spec: the YAML is read node by node (plain scalars become numbers and booleans,
    /// quoted ones stay strings), and the OpenAPI "#/components/schemas/X" references become "#/definitions/X".
    /// </summary>
    internal static async Task<JsonSchema> SpecSchemaAsync(string name)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(UspsPayloads.Conformance("specs", "carrier-usps-tracking-v3r2-openapi.yaml")))
        {
            yaml.Load(reader);
        }

        var spec = ToJson(yaml.Documents[0].RootNode)!;
        var definitions = spec["components"]!["schemas"]!.DeepClone();
        var root = new JsonObject { ["$ref"] = "#/definitions/" + name, ["definitions"] = definitions };
        return await JsonSchema.FromJsonAsync(root.ToJsonString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal));
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.NodeType.ToString()),
    };

    private static JsonValue? Plain(string? value) => value switch
    {
        null or "null" or "~" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(value),
    };
}
