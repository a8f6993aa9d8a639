using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Usps;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace RecoveryWorker.Connectors.Tests.Carriers.Usps;

/// <summary>The carrier contract against USPS-shaped answers at the official v3r2 and OAuth v3 paths.</summary>
public sealed class UspsTrackerContractTests : CarrierTrackerContract
{
    protected override CarrierCode Carrier => CarrierCode.Usps;

    protected override string TrackingNumber => "9400109104250532908587";

    protected override Dictionary<string, string?> Configuration() => UspsPayloads.Configuration(Server.Url!);

    protected override void AddCarrier(IServiceCollection services) => services.AddUsps();

    protected override void ArrangeAuth() =>
        Server.Given(Request.Create().WithPath(UspsPayloads.TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(UspsPayloads.Read("token.json")));

    protected override int TokenRequests() => Server.LogEntries.Count(e => e.RequestMessage?.Path == UspsPayloads.TokenPath);

    protected override void Arrange(string trackingNumber, ContractScenario scenario)
    {
        var tracking = Request.Create().WithPath(UspsPayloads.TrackingPath).UsingPost();
        switch (scenario)
        {
            case ContractScenario.Delivered:
                Server.Given(tracking).RespondWith(Json(200, UspsPayloads.Read("track-delivered.json", trackingNumber)));
                break;
            case ContractScenario.InTransit:
                Server.Given(tracking).RespondWith(Json(200, UspsPayloads.Read("track-in-transit.json", trackingNumber)));
                break;
            case ContractScenario.Exception:
                Server.Given(tracking).RespondWith(Json(200, UspsPayloads.Read("track-exception.json", trackingNumber)));
                break;
            case ContractScenario.NotFound:
                // v3r2 reports an unknown number as a FailureResponse item of a 207 multi-status answer.
                Server.Given(tracking).RespondWith(Json(207, UspsPayloads.Read("track-not-found.json", trackingNumber)));
                break;
            case ContractScenario.MalformedJson:
                Server.Given(tracking).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("<html>maintenance</html>"));
                break;
            case ContractScenario.UnauthorizedOnce:
                Server.Given(tracking).InScenario("token").WillSetStateTo("refreshed")
                    .RespondWith(Json(401, UspsPayloads.Read("error-401.json")));
                Server.Given(tracking).InScenario("token").WhenStateIs("refreshed")
                    .RespondWith(Json(200, UspsPayloads.Read("track-delivered.json", trackingNumber)));
                break;
            case ContractScenario.RateLimited:
                Server.Given(tracking).RespondWith(Json(429, UspsPayloads.Read("error-429.json")).WithHeader("Retry-After", "2"));
                break;
            case ContractScenario.ServerErrorOnce:
                Server.Given(tracking).InScenario("outage").WillSetStateTo("recovered")
                    .RespondWith(Json(500, """{"apiVersion":"3.2.2","error":{"code":"500","message":"Internal Server Error"}}"""));
                Server.Given(tracking).InScenario("outage").WhenStateIs("recovered")
                    .RespondWith(Json(200, UspsPayloads.Read("track-delivered.json", trackingNumber)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }
    }

    private static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
}
