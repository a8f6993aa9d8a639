using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecoveryWorker.Tests.Intake;
using RecoveryWorker.Tests.Support;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireRequest = WireMock.RequestBuilders.Request;

namespace RecoveryWorker.Tests.Polling;

/// <summary>
/// UPS Track Alert in production mode: worker processes on PostgreSQL (Quartz clustered, the Hangfire server running)
/// against a UPS that speaks the Track Alert API and a helpdesk that speaks Zendesk's. Every parcel is subscribed, by
/// one replica, once; a pushed scan that breaks a promise reaches the helpdesk within the pipeline's minute.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class TrackAlertProductionTests() : ProductionDeployment("push"), IDisposable
{
    private readonly WireMockServer _ups = WireMockServer.Start();

    [Fact]
    public async Task TwoReplicas_150UpsParcels_EachSubscribedOnceInCallsOfAtMost100()
    {
        _ups.Given(WireRequest.Create().WithPath("/security/v1/oauth/token").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"token_type":"Bearer","access_token":"token-1","expires_in":"14399","status":"approved"}"""));
        _ups.Given(WireRequest.Create().WithPath("/api/track/v1/subscription/standard/package").UsingPost())
            .RespondWith(Response.Create().WithCallback(request => new WireMock.ResponseMessage
            {
                StatusCode = 200,
                Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
                BodyData = new WireMock.Util.BodyData
                {
                    BodyAsString = new JsonObject { ["validTrackingNumbers"] = JsonNode.Parse(request.Body!)!["trackingNumberList"]!.DeepClone() }.ToJsonString(),
                    DetectedBodyType = WireMock.Types.BodyType.String,
                },
            }));
        Folder.WriteTracking(new Dictionary<string, object>());
        var extra = UpsTrackAlertWebhookTests.TrackAlertSettings(_ups.Url + "/");
        extra["Polling:PushSubscribeInterval"] = "00:00:02";
        WorkerProcess[] replicas = [Start("push-1", extra), Start("push-2", extra)];
        await Task.WhenAll(replicas.Select(r => r.WaitUntilReadyAsync(TimeSpan.FromSeconds(60))));

        using (var http = new HttpClient { BaseAddress = replicas[0].BaseAddress, Timeout = TimeSpan.FromSeconds(60) })
        {
            TestAccess.Authorize(http);
            var shipments = Enumerable.Range(0, 150).Select(i => UpsTrackAlertWebhookTests.UpsRequest($"1ZRWREPL{i:D10}", Parcels.Start.AddDays(30))).ToArray();
            using var response = await http.PostAsJsonAsync("/api/shipments", shipments);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var all = await Production.EventuallyAsync(async () => await CountAsync("""SELECT count(*) FROM shipments WHERE "PushSubscribedUntil" IS NOT NULL""") == 150, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(5));   // a few more rounds: nothing is due, nobody calls

        var calls = _ups.LogEntries.Where(e => e.RequestMessage?.Path == "/api/track/v1/subscription/standard/package")
            .Select(e => JsonNode.Parse(e.RequestMessage!.Body!)!["trackingNumberList"]!.AsArray().Select(n => n!.GetValue<string>()).ToList()).ToList();
        Assert.True(all, $"subscribed: {await CountAsync("""SELECT count(*) FROM shipments WHERE "PushSubscribedUntil" IS NOT NULL""")}\n{replicas[0].Tail()}");
        Assert.All(calls, c => Assert.InRange(c.Count, 1, 100));
        Assert.Equal(150, calls.Sum(c => c.Count));
        Assert.Equal(150, calls.SelectMany(c => c).Distinct().Count());
    }

    [Fact]
    public async Task PushedDamagedScan_RealWorker_TicketInTheHelpdeskWithinTheMinuteBudget()
    {
        Folder.WriteTracking(new Dictionary<string, object>());
        var worker = Start("push-latency", UpsTrackAlertWebhookTests.TrackAlertSettings(_ups.Url + "/"));
        await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        const string number = "1ZRWLATE0000000001";
        using var http = new HttpClient { BaseAddress = worker.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        TestAccess.Authorize(http);
        var shipment = UpsTrackAlertWebhookTests.UpsRequest(number, TimeProvider.System.GetUtcNow().AddDays(3));
        shipment["shippedAt"] = Parcels.Iso(TimeProvider.System.GetUtcNow().AddHours(-1));   // just shipped: nothing else is broken
        using (var registered = await http.PostAsJsonAsync("/api/shipments", shipment))
        {
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var scanAt = TimeProvider.System.GetUtcNow().AddMinutes(-1);
        using var delivery = new HttpRequestMessage(HttpMethod.Post, "/webhooks/ups/track-alert")
        {
            Content = new StringContent(
                $$"""{"trackingNumber":"{{number}}","activityStatus":{"type":"X","code":"U2","description":"The package was damaged in transit."},"gmtActivityDate":"{{scanAt:yyyyMMdd}}","gmtActivityTime":"{{scanAt:HHmmss}}"}""",
                System.Text.Encoding.UTF8,
                "application/json"),
        };
        delivery.Headers.TryAddWithoutValidation("credential", UpsTrackAlertWebhookTests.TrackAlertSettings()["Carriers:Ups:TrackAlert:WebhookCredential"]);
        using var anonymous = new HttpClient { BaseAddress = worker.BaseAddress };
        using var answer = await anonymous.SendAsync(delivery);
        Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");

        var opened = await Production.EventuallyAsync(() => Task.FromResult(Zendesk.Tickets.Count == 1), TimeSpan.FromSeconds(60));

        Assert.True(opened, string.Join("\n", worker.Lines.Where(l => !l.Contains("|DBG|", StringComparison.Ordinal)).TakeLast(40)));
        Assert.Contains("exception", Zendesk.Tickets.Single().ToJsonString(), StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        Console.WriteLine($"pushed damaged scan -> ticket in Zendesk after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    void IDisposable.Dispose()
    {
        _ups.Stop();
        _ups.Dispose();
        Dispose();
    }
}
