using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Fedex;
using WireMock.Server;

namespace RecoveryWorker.Connectors.Tests.Carriers.Fedex;

/// <summary>The body we POST to /track/v1/trackingnumbers, checked against FedEx's own OpenAPI request schema.</summary>
public sealed class FedexRequestSchemaTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    [Fact]
    public async Task TrackAsync_RequestBody_IsValidAgainstTheSpecRequestSchema()
    {
        FedexStubs.ServeToken(_server);
        FedexStubs.ServeNotFoundForEveryNumber(_server);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(FedexStubs.Configuration(_server.Url!)).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddFedex().BuildServiceProvider();
        var tracker = services.GetServices<ICarrierTracker>().Single(t => t.Carrier == CarrierCode.Fedex);

        await tracker.TrackAsync(["776094337676", "39936862321"], CancellationToken.None);

        var body = Assert.Single(FedexStubs.TrackBodies(_server));
        var schema = await RequestSchemaAsync();
        Assert.Empty(schema.Validate(body));
        // The spec does not forbid extra properties, so a misspelled name would pass; check every name we send exists.
        AssertOnlyDeclaredProperties(JToken.Parse(body), schema, "$");
        var json = JObject.Parse(body);
        Assert.True(json.Value<bool>("includeDetailedScans"));
        Assert.Equal(["776094337676", "39936862321"], json["trackingInfo"]!.Select(i => (string)i["trackingNumberInfo"]!["trackingNumber"]!));
    }

    [Fact]
    public async Task RequestSchema_BodyWithoutTrackingInfo_IsInvalid()
    {
        // Guards the test above: the schema really is the trackingnumbers one, with its required fields.
        var schema = await RequestSchemaAsync();

        Assert.NotEmpty(schema.Validate("""{ "includeDetailedScans": true }"""));
        Assert.NotEmpty(schema.Validate("""{ "includeDetailedScans": true, "trackingInfo": [ { "trackingNumberInfo": {} } ] }"""));
    }

    /// <summary>
    /// The requestBody schema of POST /track/v1/trackingnumbers. Its "#/components/schemas/X" references are resolved
    /// by carrying the spec's component schemas along as JSON Schema definitions ("#/definitions/X"), which NJsonSchema
    /// resolves at every depth (it leaves references into an unknown "components" member unresolved below the root).
    /// </summary>
    private static async Task<JsonSchema> RequestSchemaAsync()
    {
        var spec = JObject.Parse(FedexStubs.Conformance("specs", "carrier-fedex-track-api-openapi.json"));
        var schema = (JObject)spec["paths"]!["/track/v1/trackingnumbers"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!.DeepClone();
        schema["definitions"] = spec["components"]!["schemas"]!.DeepClone();
        var json = schema.ToString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
        return await JsonSchema.FromJsonAsync(json);
    }

    private static void AssertOnlyDeclaredProperties(JToken token, JsonSchema schema, string path)
    {
        var actual = Resolve(schema);
        if (token is JObject obj)
        {
            foreach (var property in obj.Properties())
            {
                Assert.True(actual.ActualProperties.TryGetValue(property.Name, out var declared), $"{path}.{property.Name} is not in FedEx's request schema");
                AssertOnlyDeclaredProperties(property.Value, declared, $"{path}.{property.Name}");
            }
        }
        else if (token is JArray array)
        {
            Assert.NotNull(actual.Item);
            foreach (var item in array)
            {
                AssertOnlyDeclaredProperties(item, actual.Item, $"{path}[]");
            }
        }
    }

    private static JsonSchema Resolve(JsonSchema schema)
    {
        var actual = schema.ActualSchema;
        return actual.OneOf.Count == 1 ? Resolve(actual.OneOf.Single()) : actual;
    }
}
