using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Dhl;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace RecoveryWorker.Connectors.Tests.Carriers.Dhl;

public sealed class DhlTrackerContractTests : CarrierTrackerContract
{
    private const string Recovered = "recovered";

    protected override CarrierCode Carrier => CarrierCode.Dhl;

    // DHL authenticates with a static API key header: nothing to fetch, nothing to refresh.
    protected override bool UsesOAuth => false;

    protected override string TrackingNumber => "00340434292135100124";

    protected override Dictionary<string, string?> Configuration() => DhlPayloads.Configuration(Server.Url!);

    protected override void AddCarrier(IServiceCollection services) => services.AddDhl();

    protected override void ArrangeAuth()
    {
        // No token endpoint: every call carries DHL-API-Key, which Track() requires of the request.
    }

    protected override int TokenRequests() => 0;

    protected override void Arrange(string trackingNumber, ContractScenario scenario)
    {
        switch (scenario)
        {
            case ContractScenario.Delivered:
                Server.Given(Track(trackingNumber)).RespondWith(Json(200, "delivered.json"));
                break;
            case ContractScenario.InTransit:
                Server.Given(Track(trackingNumber)).RespondWith(Json(200, "in-transit.json"));
                break;
            case ContractScenario.Exception:
                Server.Given(Track(trackingNumber)).RespondWith(Json(200, "exception.json"));
                break;
            case ContractScenario.NotFound:
                Server.Given(Track(trackingNumber)).RespondWith(Json(404, "not-found.json", "application/problem+json"));
                break;
            case ContractScenario.MalformedJson:
                Server.Given(Track(trackingNumber)).RespondWith(Response.Create().WithStatusCode(200)
                    .WithHeader("Content-Type", "application/json").WithBody("<html>Service temporarily unavailable</html>"));
                break;
            case ContractScenario.UnauthorizedOnce:
                Once(trackingNumber, Json(401, "unauthorized.json", "application/problem+json"));
                break;
            case ContractScenario.RateLimited:
                Server.Given(Track(trackingNumber)).RespondWith(Json(429, "too-many-requests.json", "application/problem+json").WithHeader("Retry-After", "2"));
                break;
            case ContractScenario.ServerErrorOnce:
                Once(trackingNumber, Response.Create().WithStatusCode(500));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "No DHL answer for this scenario.");
        }
    }

    private void Once(string trackingNumber, IResponseBuilder first)
    {
        Server.Given(Track(trackingNumber)).InScenario(nameof(Once)).WillSetStateTo(Recovered).RespondWith(first);
        Server.Given(Track(trackingNumber)).InScenario(nameof(Once)).WhenStateIs(Recovered).RespondWith(Json(200, "delivered.json"));
    }

    private static IRequestBuilder Track(string trackingNumber) => Request.Create()
        .WithPath(DhlPayloads.TrackingPath)
        .WithParam("trackingNumber", trackingNumber)
        .WithHeader("DHL-API-Key", DhlPayloads.ApiKey)
        .UsingGet();

    private static IResponseBuilder Json(int status, string payload, string contentType = "application/json") => Response.Create()
        .WithStatusCode(status)
        .WithHeader("Content-Type", contentType)
        .WithBody(DhlPayloads.Read(payload));
}
