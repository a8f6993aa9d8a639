using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Stores.Shopify;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace RecoveryWorker.Connectors.Tests.Stores.Shopify;

/// <summary>The Admin API order read over HTTP, against answers shaped like Shopify's REST Order resource.</summary>
public sealed class ShopifyAdminTests : IDisposable
{
    private const string Token = "test-admin-api-token-not-a-real-one";
    private const string OrderPath = "/admin/api/2025-10/orders/450789469.json";

    /// <summary>Shopify's example order #1001, cut to the fields the connector asks for (as <c>fields=</c> cuts it).</summary>
    private const string Order = """
        {"order":{"id":450789469,"email":"bob.norman@mail.example.com","currency":"USD","name":"#1001","total_price":"598.94","customer_locale":"en-US","total_shipping_price_set":{"shop_money":{"amount":"4.00","currency_code":"USD"},"presentment_money":{"amount":"4.00","currency_code":"USD"}},"customer":{"id":207119551,"email":"bob.norman@mail.example.com","first_name":"Bob","last_name":"Norman","state":"disabled","verified_email":true,"currency":"USD","admin_graphql_api_id":"gid://shopify/Customer/207119551"},"shipping_lines":[{"id":369256396,"carrier_identifier":null,"code":"Free Shipping","discounted_price":"0.00","phone":null,"price":"4.00","price_set":{"shop_money":{"amount":"4.00","currency_code":"USD"},"presentment_money":{"amount":"4.00","currency_code":"USD"}},"requested_fulfillment_service_id":null,"source":"shopify","title":"Free Shipping","tax_lines":[],"discount_allocations":[]}]}}
        """;

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly ServiceProvider _provider;

    public ShopifyAdminTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Intake:Shopify:Enabled"] = "true",
            ["Intake:Shopify:BaseUrl"] = _server.Url,
            ["Intake:Shopify:AccessToken"] = Token,
            ["Intake:Shopify:WebhookSecret"] = "secret",
            ["Intake:Shopify:RequestsPerSecond"] = "100",
            ["Intake:Shopify:MaxRetryAfterWait"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddShopify();
        _provider = services.BuildServiceProvider();
    }

    public void Dispose()
    {
        _provider.Dispose();
        _server.Dispose();
    }

    private ShopifyAdmin Admin => _provider.GetRequiredService<ShopifyAdmin>();

    private void Serve(int status, string body) =>
        _server.Given(Request.Create().UsingGet().WithPath(OrderPath))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body));

    [Fact]
    public async Task GetOrderAsync_Found_SendsTheTokenAsksOnlyForTheFieldsItReadsAndReadsThem()
    {
        Serve(200, Order);

        var result = await Admin.GetOrderAsync(450789469, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        var order = result.Value!;
        Assert.Equal(("#1001", "USD", 598.94m, 4.00m), (order.Name, order.Currency, order.TotalPrice, order.ShippingPrice));
        Assert.Equal((207119551L, "Bob Norman", "bob.norman@mail.example.com", "en-US"), (order.CustomerId!.Value, order.CustomerName!, order.Email!, order.CustomerLocale!));
        Assert.Equal(("Free Shipping", "Free Shipping"), (order.ShippingCode, order.ShippingTitle));
        var request = Assert.Single(_server.LogEntries).RequestMessage!;
        Assert.Equal(Token, request.Headers!["X-Shopify-Access-Token"].Single());
        Assert.Equal(ShopifyAdmin.OrderFields, request.Query!["fields"].Single());
    }

    [Theory]
    [InlineData(404, ConnectorErrorKind.NotFound)]
    [InlineData(401, ConnectorErrorKind.Unauthorized)]
    [InlineData(403, ConnectorErrorKind.Unauthorized)]
    [InlineData(503, ConnectorErrorKind.Transient)]
    public async Task GetOrderAsync_HttpFailure_IsAResultOfItsKind(int status, ConnectorErrorKind kind)
    {
        Serve(status, """{"errors":"Not Found"}""");

        var result = await Admin.GetOrderAsync(450789469, CancellationToken.None);

        Assert.Equal(kind, result.Error?.Kind);
    }

    [Theory]
    [InlineData("""<html>maintenance</html>""")]
    [InlineData("""{"order":{"id":1,"name":"#1"}}""")]
    [InlineData("""{"order":{"id":450789469,"name":"#1001","total_price":"n/a"}}""")]
    public async Task GetOrderAsync_UnexpectedBody_Malformed(string body)
    {
        Serve(200, body);

        var result = await Admin.GetOrderAsync(450789469, CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Malformed, result.Error?.Kind);
    }

    [Fact]
    public void Validate_EnabledWithoutSecretsOrStore_NamesEveryMissingSetting()
    {
        var options = new ShopifyOptions { Enabled = true, BaseUrl = null! };

        var result = new ShopifyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Intake:Shopify:WebhookSecret", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Intake:Shopify:AccessToken", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Intake:Shopify:BaseUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Disabled_NothingRequired() =>
        Assert.True(new ShopifyOptionsValidator().Validate(null, new ShopifyOptions { BaseUrl = null! }).Succeeded);
}
