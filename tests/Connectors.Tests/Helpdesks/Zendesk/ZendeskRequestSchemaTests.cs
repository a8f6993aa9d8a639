using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using RecoveryWorker.Connectors.Abstractions;
using WireMock.Server;
using static RecoveryWorker.Connectors.Tests.Helpdesks.Zendesk.ZendeskStubs;

namespace RecoveryWorker.Connectors.Tests.Helpdesks.Zendesk;

/// <summary>
/// Every body we send, checked against the official OAS: POST /api/v2/tickets (TicketCreateRequest) and
/// PUT /api/v2/tickets/{ticket_id} (TicketUpdateRequest). The spec does not forbid extra properties, so each property
/// name we send is also checked to exist in the schema.
/// </summary>
public sealed class ZendeskRequestSchemaTests : IDisposable
{
    private const string CreatePath = "/api/v2/tickets";
    private const string UpdatePath = "/api/v2/tickets/{ticket_id}";

    private static readonly TicketRef Ticket = new("Zendesk", "35436");

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly ServiceProvider _provider;

    public ZendeskRequestSchemaTests() => _provider = Build(Settings(_server.Url!));

    public void Dispose()
    {
        _provider.Dispose();
        _server.Stop();
        _server.Dispose();
    }

    [Fact]
    public async Task OpenTicketAsync_CreateBody_IsValidAgainstTicketCreateRequest()
    {
        ServeCreate(_server);
        ServeUpdate(_server);

        await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        var body = Assert.Single(Calls(_server, "POST", TicketsPath)).RequestMessage!.Body!;
        await AssertValidAsync(CreatePath, "post", body);
    }

    [Fact]
    public async Task OpenTicketAsync_NoteBody_IsValidAgainstTicketUpdateRequest()
    {
        ServeCreate(_server);
        ServeUpdate(_server);

        await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        await AssertValidAsync(UpdatePath, "put", Assert.Single(Calls(_server, "PUT", TicketPath)).RequestMessage!.Body!);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddCommentAsync_Body_IsValidAgainstTicketUpdateRequest(bool isPublic)
    {
        ServeUpdate(_server);

        await Helpdesk().AddCommentAsync(Ticket, new TicketComment("Your parcel is on its way.", isPublic, "k"), CancellationToken.None);

        await AssertValidAsync(UpdatePath, "put", Assert.Single(Calls(_server, "PUT", TicketPath)).RequestMessage!.Body!);
    }

    [Fact]
    public async Task ReopenAsync_Body_IsValidAgainstTicketUpdateRequest()
    {
        ServeUpdate(_server);

        await Helpdesk().ReopenAsync(Ticket, new TicketComment("Still not delivered.", false, "k"), CancellationToken.None);

        await AssertValidAsync(UpdatePath, "put", Assert.Single(Calls(_server, "PUT", TicketPath)).RequestMessage!.Body!);
    }

    [Fact]
    public async Task EscalateAsync_Body_IsValidAgainstTicketUpdateRequest()
    {
        ServeShow(_server);
        ServeUpdate(_server);

        await Helpdesk().EscalateAsync(Ticket, new TicketEscalation(TicketPriority.Urgent, "escalated", "98739", "Escalated: no scan for 3 days."), CancellationToken.None);

        await AssertValidAsync(UpdatePath, "put", Assert.Single(Calls(_server, "PUT", TicketPath)).RequestMessage!.Body!);
    }

    [Fact]
    public void Spec_SingleTicketUpdate_HasNoAdditionalTags_SoEscalationSendsTheMergedTags()
    {
        // additional_tags exists only on the bulk TicketsUpdateRequest (PUT /api/v2/tickets/update_many) and the
        // voicemail input; TicketUpdateRequest is a bare TicketObject. Hence GET + merged "tags" + safe_update.
        var ticketObject = ZendeskSpec.TicketObject()["properties"]!.AsObject();
        Assert.False(ticketObject.ContainsKey("additional_tags"));
        Assert.True(ticketObject.ContainsKey("safe_update"));
        Assert.True(ticketObject.ContainsKey("updated_stamp"));
        Assert.Equal("#/components/schemas/TicketObject", (string?)ZendeskSpec.Schemas()["TicketUpdateRequest"]!["properties"]!["ticket"]!["$ref"]);
        Assert.NotNull(ZendeskSpec.Schemas()["TicketsUpdateRequest"]!["oneOf"]![0]!["properties"]!["ticket"]!["allOf"]![1]!["properties"]!["additional_tags"]);
    }

    [Fact]
    public async Task RequestSchemas_BodiesBreakingTheSpec_AreInvalid()
    {
        // Guards the tests above: the schemas really are the ticket ones, with their enums and types resolved.
        var create = await ZendeskSpec.RequestSchemaAsync(CreatePath, "post");
        var update = await ZendeskSpec.RequestSchemaAsync(UpdatePath, "put");

        Assert.NotEmpty(create.Validate("""{"ticket":{"subject":"s","comment":{"body":"b"},"priority":"critical"}}"""));
        Assert.NotEmpty(create.Validate("""{"ticket":{"subject":"s","comment":{"body":"b","public":"yes"}}}"""));
        Assert.NotEmpty(create.Validate("""{"ticket":{"subject":"s","comment":{"body":"b"},"requester":{"name":"n","email":"not-an-email"}}}"""));
        Assert.NotEmpty(update.Validate("""{"ticket":{"status":"reopened"}}"""));
        Assert.NotEmpty(update.Validate("""{"ticket":{"group_id":"supervisors"}}"""));
        Assert.Empty(update.Validate("""{"ticket":{"status":"open","comment":{"body":"b","public":false}}}"""));
        // And the property-name check catches a name the spec does not declare.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertOnlyDeclaredProperties(JToken.Parse("""{"ticket":{"additional_tags":["x"]}}"""), update, "$"));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertOnlyDeclaredProperties(JToken.Parse("""{"ticket":{"comment":{"bdy":"x"}}}"""), update, "$"));
        AssertOnlyDeclaredProperties(JToken.Parse("""{"ticket":{"requester":{"name":"n","email":"e@x.test"},"tags":["a"]}}"""), create, "$");
    }

    private IHelpdesk Helpdesk() => _provider.GetRequiredService<IHelpdesk>();

    private static async Task AssertValidAsync(string path, string method, string body)
    {
        var schema = await ZendeskSpec.RequestSchemaAsync(path, method);
        var errors = schema.Validate(body);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
        AssertOnlyDeclaredProperties(JToken.Parse(body), schema, "$");
    }

    private static void AssertOnlyDeclaredProperties(JToken token, JsonSchema schema, string path)
    {
        var actual = Resolve(schema, token);
        if (token is JObject obj)
        {
            foreach (var property in obj.Properties())
            {
                Assert.True(actual.ActualProperties.TryGetValue(property.Name, out var declared), $"{path}.{property.Name} is not in Zendesk's request schema");
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

    /// <summary>Through references, and into the oneOf branch of the token's kind (requester, tags).</summary>
    private static JsonSchema Resolve(JsonSchema schema, JToken token)
    {
        var actual = schema.ActualSchema;
        if (actual.OneOf.Count == 0)
        {
            return actual;
        }

        var kind = token.Type switch
        {
            JTokenType.Object => JsonObjectType.Object,
            JTokenType.Array => JsonObjectType.Array,
            _ => JsonObjectType.None,
        };
        var branch = actual.OneOf.Select(s => s.ActualSchema).FirstOrDefault(s => kind != JsonObjectType.None && s.Type.HasFlag(kind));
        return branch ?? actual;
    }
}
