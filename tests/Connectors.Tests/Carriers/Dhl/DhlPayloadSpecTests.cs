using System.Text.Json.Nodes;
using NJsonSchema;

namespace RecoveryWorker.Connectors.Tests.Carriers.Dhl;

/// <summary>The hand-written payloads the other tests serve must be answers DHL's own spec allows.</summary>
public sealed class DhlPayloadSpecTests
{
    [Theory]
    [InlineData("delivered.json", "supermodelIoLogisticsTrackingShipments")]
    [InlineData("in-transit.json", "supermodelIoLogisticsTrackingShipments")]
    [InlineData("exception.json", "supermodelIoLogisticsTrackingShipments")]
    [InlineData("not-found.json", "supermodelIoLogisticsTrackingApiProblemDetail")]
    public async Task Payload_ValidatesAgainstTheOfficialSchema(string payload, string schemaName)
    {
        var schema = await SchemaAsync(schemaName);

        var errors = schema.Validate(DhlPayloads.Read(payload));

        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Fact]
    public async Task Schema_RejectsAStatusCodeOutsideTheSpec()
    {
        // Proves the schema is really applied, not vacuously accepting everything.
        var schema = await SchemaAsync("supermodelIoLogisticsTrackingShipments");

        Assert.NotEmpty(schema.Validate("""{ "shipments": [ { "status": { "statusCode": "lost-in-space" } } ] }"""));
    }

    // OpenAPI 3.0 keeps schemas under components/schemas; NJsonSchema resolves JSON-Schema "definitions".
    private static Task<JsonSchema> SchemaAsync(string name)
    {
        var spec = JsonNode.Parse(File.ReadAllText(DhlPayloads.Spec))!;
        var definitions = JsonNode.Parse(spec["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal))!;
        var document = new JsonObject
        {
            ["definitions"] = definitions,
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/definitions/{name}" }),
        };
        return JsonSchema.FromJsonAsync(document.ToJsonString());
    }
}
