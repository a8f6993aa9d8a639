using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Polling;
using RecoveryWorker.Tests.Intake;
using RecoveryWorker.Tests.Support;
using WireMock.Logging;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static RecoveryWorker.Tests.Support.Parcels;
using WireRequest = WireMock.RequestBuilders.Request;

namespace RecoveryWorker.Tests.Polling;

/// <summary>
/// The Track Alert subscription round through the real host, against WireMock at UPS's path: batching, renewal before
/// the 14 days run out, refused numbers, an outage, and what a subscription does to polling.
/// </summary>
public sealed class PushSubscriptionsTests : IDisposable
{
    private const string SubscribePath = "/api/track/v1/subscription/standard/package";

    private readonly WorkerFolder _folder = new();
    private readonly WireMockServer _server = WireMockServer.Start();

    /// <summary>Numbers UPS answers as invalid (as in the spec's partial-success example).</summary>
    private readonly HashSet<string> _invalid = new(StringComparer.Ordinal);

    private int _status = 200;

    public PushSubscriptionsTests()
    {
        _folder.WriteTracking(new Dictionary<string, object>());
        _server.Given(WireRequest.Create().WithPath("/security/v1/oauth/token").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"token_type":"Bearer","access_token":"token-1","expires_in":"14399","status":"approved"}"""));
        // UPS's answer: every number asked for is valid, except the ones this test calls invalid.
        _server.Given(WireRequest.Create().WithPath(SubscribePath).UsingPost())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var numbers = JsonNode.Parse(request.Body!)!["trackingNumberList"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
                var body = _status == 200
                    ? new JsonObject
                    {
                        ["validTrackingNumbers"] = new JsonArray([.. numbers.Where(n => !_invalid.Contains(n)).Select(n => (JsonNode)n)]),
                        ["invalidTrackingNumbers"] = new JsonArray([.. numbers.Where(_invalid.Contains).Select(n => (JsonNode)n)]),
                    }.ToJsonString()
                    : """{"response":{"errors":[{"code":"VSS100","message":"We're sorry, the system is temporarily unavailable.  Please try again later."}]}}""";
                return new WireMock.ResponseMessage
                {
                    StatusCode = _status,
                    Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
                    BodyData = new WireMock.Util.BodyData { BodyAsString = body, DetectedBodyType = WireMock.Types.BodyType.String },
                };
            }));
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        _folder.Dispose();
    }

    private WorkerHost Host() => new(_folder, new FakeTimeProvider(Start), UpsTrackAlertWebhookTests.TrackAlertSettings(_server.Url + "/"));

    private static string Number(int i) => $"1ZRWPUSH{i:D10}";

    private static async Task<int> RoundAsync(WorkerHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PushSubscriptions>().SubscribeDueAsync(CancellationToken.None);
    }

    private List<ILogEntry> Calls() => [.. _server.LogEntries.Where(e => e.RequestMessage?.Path == SubscribePath)];

    private static List<int> CallSizes(IEnumerable<ILogEntry> calls) =>
        [.. calls.Select(c => JsonNode.Parse(c.RequestMessage!.Body!)!["trackingNumberList"]!.AsArray().Count)];

    [Fact]
    public async Task SubscribeDueAsync_250NewUpsParcels_SubscribesThemInCallsOf100UntilFourteenDaysOn()
    {
        await using var host = Host();
        await host.PostShipmentAsync(Enumerable.Range(0, 250).Select(i => UpsTrackAlertWebhookTests.UpsRequest(Number(i), Start.AddDays(5))).ToArray());

        var subscribed = await RoundAsync(host);

        Assert.Equal(250, subscribed);
        Assert.Equal([100, 100, 50], CallSizes(Calls()).Order().Reverse());
        var until = await host.QueryAsync(db => db.Shipments.Select(s => s.PushSubscribedUntil).Distinct().ToListAsync());
        Assert.Equal(Start.AddDays(14), Assert.Single(until));
        // Nothing is due any more: the next round calls nobody.
        Assert.Equal(0, await RoundAsync(host));
        Assert.Equal(3, Calls().Count);
    }

    [Fact]
    public async Task SubscribeDueAsync_MoreParcelsThanOnePage_SubscribesEveryOne()
    {
        await using var host = Host();
        await host.PostShipmentAsync(Enumerable.Range(0, 1000).Select(i => UpsTrackAlertWebhookTests.UpsRequest(Number(i), Start.AddDays(5))).ToArray());
        await host.PostShipmentAsync(new[] { UpsTrackAlertWebhookTests.UpsRequest(Number(1000), Start.AddDays(5)) });

        Assert.Equal(1001, await RoundAsync(host));

        Assert.Equal(11, Calls().Count);
        Assert.Equal(0, await host.QueryAsync(db => db.Shipments.CountAsync(s => s.PushSubscribedUntil == null)));
    }

    [Fact]
    public async Task SubscribeDueAsync_SubscriptionInsideTheRenewalMargin_IsRenewed()
    {
        await using var host = Host();
        await host.PostShipmentAsync(UpsTrackAlertWebhookTests.UpsRequest(Number(1), Start.AddDays(30)));
        await RoundAsync(host);

        host.Time.Advance(TimeSpan.FromDays(11));      // 3 days left: outside the 2-day margin
        Assert.Equal(0, await RoundAsync(host));
        host.Time.Advance(TimeSpan.FromDays(1.5));     // 1.5 days left: renewed
        Assert.Equal(1, await RoundAsync(host));

        Assert.Equal(2, Calls().Count);
        Assert.Equal(host.Time.GetUtcNow().AddDays(14), await host.QueryAsync(db => db.Shipments.Select(s => s.PushSubscribedUntil).SingleAsync()));
    }

    [Fact]
    public async Task SubscribeDueAsync_NumbersUpsRefusesOrCannotTake_StayPolledAndAreNotAskedAgainAtOnce()
    {
        await using var host = Host();
        _invalid.Add(Number(2));
        var sandbox = Request("SANDBOX1", Start.AddDays(5));
        await host.PostShipmentAsync(new object[]
        {
            UpsTrackAlertWebhookTests.UpsRequest(Number(1), Start.AddDays(5)),
            UpsTrackAlertWebhookTests.UpsRequest(Number(2), Start.AddDays(5)),
            UpsTrackAlertWebhookTests.UpsRequest("UPSNOT1Z", Start.AddDays(5)),   // not a 1Z/1R number: never sent
            sandbox,
        });

        Assert.Equal(1, await RoundAsync(host));
        Assert.Equal(0, await RoundAsync(host));

        var sent = JsonNode.Parse(Assert.Single(Calls()).RequestMessage!.Body!)!["trackingNumberList"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal([Number(1), Number(2)], sent.Order());
        var marked = await host.QueryAsync(db => db.Shipments.Where(s => s.PushSubscribedUntil != null).Select(s => s.TrackingNumber).ToListAsync());
        Assert.Equal([Number(1)], marked);
    }

    [Fact]
    public async Task SubscribeDueAsync_UpsUnavailable_MarksNothingAndBacksOffThenSubscribes()
    {
        await using var host = Host();
        await host.PostShipmentAsync(UpsTrackAlertWebhookTests.UpsRequest(Number(1), Start.AddDays(5)));
        _status = 500;

        Assert.Equal(0, await RoundAsync(host));
        var afterOutage = Calls().Count;                 // the HTTP pipeline retried the call a few times
        Assert.Equal(0, await RoundAsync(host));         // backing off: no call at all
        Assert.Equal(afterOutage, Calls().Count);
        Assert.Null(await host.QueryAsync(db => db.Shipments.Select(s => s.PushSubscribedUntil).SingleAsync()));

        _status = 200;
        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RoundAsync(host));

        // Visible to monitoring: the failed call and, after it, the subscription.
        using var client = host.CreateClient();
        var scrape = RecoveryWorker.Tests.Observability.PrometheusText.Parse(await client.GetStringAsync("/metrics"));
        Assert.Equal(1, scrape.Values("recoveryworker_push_subscriptions_total", "carrier=\"ups\"", "outcome=\"transient\"").Sum());
        Assert.Equal(1, scrape.Values("recoveryworker_push_subscriptions_total", "carrier=\"ups\"", "outcome=\"subscribed\"").Sum());
    }

    [Fact]
    public async Task SubscribedParcel_PushedScan_IsNextPolledAfterThePushedIntervalNotTheUsualOne()
    {
        await using var host = Host();
        await host.PostShipmentAsync(new object[]
        {
            UpsTrackAlertWebhookTests.UpsRequest(Number(1), Start.AddDays(2)),
            UpsTrackAlertWebhookTests.UpsRequest(Number(2), Start.AddDays(2)),
        });
        _invalid.Add(Number(2));
        await RoundAsync(host);

        foreach (var number in new[] { Number(1), Number(2) })
        {
            using var client = SignIn.Anonymous(host);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/ups/track-alert")
            {
                Content = new StringContent($$"""{"trackingNumber":"{{number}}","activityStatus":{"type":"I","code":"AR","description":"Arrived at Facility"},"gmtActivityDate":"{{Start.UtcDateTime:yyyyMMdd}}","gmtActivityTime":"{{Start.UtcDateTime:HHmmss}}"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("credential", UpsTrackAlertWebhookTests.TrackAlertSettings()["Carriers:Ups:TrackAlert:WebhookCredential"]);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var next = await host.QueryAsync(db => db.Shipments.ToDictionaryAsync(s => s.TrackingNumber, s => s.NextCheckAt));
        Assert.Equal(Start.AddHours(12), next[Number(1)]);   // subscribed: Polling:PushedInterval
        Assert.Equal(Start.AddHours(4), next[Number(2)]);    // refused, so polled as usual: Polling:Interval two days out
    }
}
