using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Ups;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace RecoveryWorker.Connectors.Tests.Carriers.Ups;

/// <summary>The shared carrier contract, against UPS-shaped answers at UPS's official paths.</summary>
public sealed class UpsTrackerContractTests : CarrierTrackerContract
{
    protected override CarrierCode Carrier => CarrierCode.Ups;

    protected override string TrackingNumber => UpsPayloads.Number;

    protected override Dictionary<string, string?> Configuration() => new()
    {
        ["Carriers:Ups:Enabled"] = "true",
        ["Carriers:Ups:BaseUrl"] = Server.Url,
        ["Carriers:Ups:ClientId"] = "test-client-id",
        ["Carriers:Ups:ClientSecret"] = "test-client-secret",
        ["Carriers:Ups:RequestsPerSecond"] = "100",
        ["Carriers:Ups:MaxRetryAfterWait"] = "00:00:00",
    };

    protected override void AddCarrier(IServiceCollection services) => services.AddUps();

    /// <summary>Each token request gets a new token (token-1, then token-2), as a real refresh would.</summary>
    protected override void ArrangeAuth()
    {
        Server.Given(Request.Create().WithPath(UpsPayloads.TokenPath).UsingPost())
            .InScenario("token").WillSetStateTo("second")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(UpsPayloads.Token("token-1")));
        Server.Given(Request.Create().WithPath(UpsPayloads.TokenPath).UsingPost())
            .InScenario("token").WhenStateIs("second")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(UpsPayloads.Token("token-2")));
    }

    protected override void Arrange(string trackingNumber, ContractScenario scenario)
    {
        var path = UpsPayloads.TrackPrefix + trackingNumber;
        var track = Request.Create().WithPath(path).UsingGet();
        switch (scenario)
        {
            case ContractScenario.Delivered:
                Server.Given(track).RespondWith(Json(200, "track-delivered.json"));
                break;
            case ContractScenario.InTransit:
                Server.Given(track).RespondWith(Json(200, "track-in-transit.json"));
                break;
            case ContractScenario.Exception:
                Server.Given(track).RespondWith(Json(200, "track-exception.json"));
                break;
            case ContractScenario.NotFound:
                // UPS's real answer to an unknown number: HTTP 200 with warning TW0001 and no package.
                Server.Given(track).RespondWith(Json(200, "track-not-found.json"));
                break;
            case ContractScenario.MalformedJson:
                Server.Given(track).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("<html>Service Unavailable</html>"));
                break;
            case ContractScenario.UnauthorizedOnce:
                // The first token is refused; the refreshed one works.
                Server.Given(Request.Create().WithPath(path).UsingGet().WithHeader("Authorization", "Bearer token-1"))
                    .RespondWith(Json(401, "error-auth-401.json"));
                Server.Given(Request.Create().WithPath(path).UsingGet().WithHeader("Authorization", "Bearer token-2"))
                    .RespondWith(Json(200, "track-delivered.json"));
                break;
            case ContractScenario.RateLimited:
                Server.Given(track).RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2"));
                break;
            case ContractScenario.ServerErrorOnce:
                Server.Given(track).InScenario("500").WillSetStateTo("recovered").RespondWith(Response.Create().WithStatusCode(500));
                Server.Given(track).InScenario("500").WhenStateIs("recovered").RespondWith(Json(200, "track-delivered.json"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown scenario.");
        }
    }

    protected override int TokenRequests() => Server.LogEntries.Count(e => e.RequestMessage?.Path == UpsPayloads.TokenPath);

    private static IResponseBuilder Json(int status, string payload) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(UpsPayloads.Read(payload));
}
