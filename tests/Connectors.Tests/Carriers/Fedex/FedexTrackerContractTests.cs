using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Fedex;
using WireMock.RequestBuilders;

namespace RecoveryWorker.Connectors.Tests.Carriers.Fedex;

public sealed class FedexTrackerContractTests : CarrierTrackerContract
{
    protected override CarrierCode Carrier => CarrierCode.Fedex;

    protected override string TrackingNumber => "776094337676";

    protected override Dictionary<string, string?> Configuration() => FedexStubs.Configuration(Server.Url!);

    protected override void AddCarrier(IServiceCollection services) => services.AddFedex();

    protected override void ArrangeAuth() => FedexStubs.ServeToken(Server);

    protected override int TokenRequests() => Server.LogEntries.Count(e => e.RequestMessage?.Path == FedexStubs.TokenPath);

    protected override void Arrange(string trackingNumber, ContractScenario scenario)
    {
        var track = Request.Create().WithPath(FedexStubs.TrackPath).UsingPost();
        var delivered = FedexStubs.Payload("track-delivered.json", trackingNumber);
        switch (scenario)
        {
            case ContractScenario.Delivered:
                FedexStubs.ServeTrack(Server, delivered);
                break;
            case ContractScenario.InTransit:
                FedexStubs.ServeTrack(Server, FedexStubs.Payload("track-in-transit.json", trackingNumber));
                break;
            case ContractScenario.Exception:
                FedexStubs.ServeTrack(Server, FedexStubs.Payload("track-exception.json", trackingNumber));
                break;
            case ContractScenario.NotFound:
                // FedEx says "unknown" inside an HTTP 200, per number.
                FedexStubs.ServeTrack(Server, FedexStubs.Payload("track-not-found.json", trackingNumber));
                break;
            case ContractScenario.MalformedJson:
                FedexStubs.ServeTrack(Server, "<html>Service temporarily unavailable</html>");
                break;
            case ContractScenario.UnauthorizedOnce:
                Server.Given(track).InScenario("401 once").WillSetStateTo("token replaced")
                    .RespondWith(FedexStubs.Json(401, FedexStubs.Payload("unauthorized.json")));
                Server.Given(track).InScenario("401 once").WhenStateIs("token replaced")
                    .RespondWith(FedexStubs.Json(200, delivered));
                break;
            case ContractScenario.RateLimited:
                Server.Given(track).RespondWith(FedexStubs.Json(429, """{"errors":[{"code":"TOO.MANY.REQUESTS","message":"We have received too many requests in a short duration."}]}""")
                    .WithHeader("Retry-After", "2"));
                break;
            case ContractScenario.ServerErrorOnce:
                Server.Given(track).InScenario("500 once").WillSetStateTo("recovered")
                    .RespondWith(FedexStubs.Json(500, """{"errors":[{"code":"INTERNAL.SERVER.ERROR","message":"We encountered an unexpected error."}]}"""));
                Server.Given(track).InScenario("500 once").WhenStateIs("recovered")
                    .RespondWith(FedexStubs.Json(200, delivered));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown scenario.");
        }
    }
}
