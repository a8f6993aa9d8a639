using System.Net;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Access;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Observability;

/// <summary>
/// <c>/metrics</c> after a run of the whole service: shipments tracked through the sandbox carrier, promises broken
/// and kept, tickets opened in a Zendesk-speaking server and then refused while it is down, follow-ups coming due.
/// Every instrument README "Metrics and logs" names shows a value above zero in the Prometheus text.
/// </summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private static readonly DateTimeOffset T0 = Start;
    private readonly WorkerFolder _folder = new();

    /// <summary>Each metric the README documents, with the labels of one series that must be above zero.</summary>
    private static readonly (string Name, string[] Labels)[] Documented =
    [
        ("recoveryworker_shipments_watched", ["status=\"InTransit\""]),
        ("recoveryworker_checks_total", ["carrier=\"sandbox\"", "outcome=\"tracked\""]),
        ("recoveryworker_carrier_calls_total", ["carrier=\"sandbox\"", "outcome=\"ok\""]),
        ("recoveryworker_carrier_call_duration_seconds_count", ["carrier=\"sandbox\""]),
        ("recoveryworker_carrier_call_duration_seconds_sum", ["carrier=\"sandbox\""]),
        ("recoveryworker_breaches_opened_total", ["type=\"late\"", "carrier=\"sandbox\""]),
        ("recoveryworker_breaches_opened_total", ["type=\"stalled\"", "carrier=\"sandbox\""]),
        ("recoveryworker_tickets_opened_total", ["helpdesk=\"Zendesk\""]),
        ("recoveryworker_tickets_failed_total", ["helpdesk=\"Zendesk\"", "outcome=\"transient\""]),
        ("recoveryworker_effects_pending", []),
        ("recoveryworker_effects_oldest_pending_age_seconds", []),
        ("recoveryworker_followups_due", []),
        ("recoveryworker_followups_overdue", []),
        ("recoveryworker_promises_total", ["carrier=\"sandbox\"", "outcome=\"kept\""]),
        ("recoveryworker_promises_total", ["carrier=\"sandbox\"", "outcome=\"broken\""]),
    ];

    [Fact]
    public async Task Metrics_AfterADemoSizedRun_ShowEveryDocumentedMetricAboveZero()
    {
        var scrape = await ScrapeAfterRunAsync();

        var missing = Documented.Where(m => !scrape.Values(m.Name, m.Labels).Any(v => v > 0))
            .Select(m => $"{m.Name}{{{string.Join(',', m.Labels)}}}").ToList();
        Assert.True(missing.Count == 0, "No value above zero for: " + string.Join("; ", missing) + "\n"
            + string.Join('\n', scrape.Samples.Where(s => s.Name.StartsWith("recoveryworker_", StringComparison.Ordinal)).Select(s => $"{s.Name}{{{s.Labels}}} {s.Value}")));
        Assert.Contains(scrape.Samples, s => s.Name.StartsWith("http_client_request_duration_seconds", StringComparison.Ordinal)); // the vendor calls
        Assert.Contains(scrape.Samples, s => s.Name.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_WithoutKey_Is401()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(T0));
        using var client = host.CreateClient();
        TestAccess.Authorize(client, key: null);

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_KeyWithoutMetricsRead_Is403()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(T0));
        using var client = host.CreateClient();
        TestAccess.Authorize(client, TestAccess.OnlyKey(Scopes.CasesRead));

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_KeyWithOnlyMetricsRead_Is200PrometheusText()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(T0));
        using var client = host.CreateClient();
        TestAccess.Authorize(client, TestAccess.OnlyKey(Scopes.MetricsRead));

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE recoveryworker_followups_due gauge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AllowAnonymous_Is200WithoutKey()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(T0), new() { ["Metrics:AllowAnonymous"] = "true" });
        using var client = host.CreateClient();
        TestAccess.Authorize(client, key: null);

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("recoveryworker_effects_pending", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Ten parcels (late, stalled, delivered late, delivered early, on track...) run for six hours against a Zendesk
    /// fake; then the helpdesk goes down, one more late parcel opens a case whose ticket cannot be written, and the
    /// clock moves past the first follow-ups without running them.
    /// </summary>
    private async Task<PrometheusText> ScrapeAfterRunAsync()
    {
        using var zendesk = new FakeZendesk();
        _folder.WriteTracking(new Dictionary<string, object>
        {
            ["LATE"] = Parcel("Ground", Scan(T0.AddDays(-2), "PickedUp", "Atlanta, GA"), Scan(T0.AddDays(-1), "InTransit")),
            ["DELIVEREDLATE"] = Parcel("Ground", Scan(T0.AddDays(-2), "PickedUp"), Scan(T0.AddHours(-1), "Delivered", "Queens, NY")),
            ["STALLED"] = Parcel("Ground", Scan(T0.AddDays(-7), "PickedUp"), Scan(T0.AddDays(-5), "InTransit", "Salt Lake City, UT")),
            ["WRONGSERVICE"] = Parcel("Ground", Scan(T0.AddHours(-2), "PickedUp", "Boston, MA")),
            ["EARLY"] = Parcel("Ground", Scan(T0.AddDays(-1), "PickedUp"), Scan(T0.AddHours(-1), "Delivered", "Bronx, NY")),
            ["ONTRACK"] = ParcelWithEstimate("Ground", DateOnly.FromDateTime(T0.AddDays(2).Date), Scan(T0.AddHours(-3), "PickedUp"), Scan(T0.AddHours(-1), "InTransit")),
            ["LATER"] = Parcel("Ground", Scan(T0.AddDays(-2), "PickedUp", "Atlanta, GA"), Scan(T0.AddDays(-1), "InTransit")),
        });
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(T0), zendesk.Settings());
        await host.PostShipmentAsync(new[]
        {
            Request("LATE", T0.AddHours(1)),
            Request("DELIVEREDLATE", T0.AddHours(-3)),
            Request("STALLED", T0.AddDays(2)),
            Request("WRONGSERVICE", T0.AddDays(1), service: "next_day_air"),
            Request("EARLY", T0.AddDays(1)),
            Request("ONTRACK", T0.AddDays(3)),
        });
        await host.SweepAndRunAsync();
        await host.RunForAsync(TimeSpan.FromHours(2), TimeSpan.FromMinutes(30)); // LATE turns late at T0 + 1 h

        zendesk.Down = true;
        await host.PostShipmentAsync(new[] { Request("LATER", T0.AddHours(1)) });
        await host.SweepAsync();
        await host.RunEnqueuedConcurrentlyAsync(parallelism: 1); // the ticket create fails: its write stays owed
        host.Time.Advance(TimeSpan.FromHours(5));                // the first follow-ups (4 h after their tickets) come due

        using var client = host.CreateClient();
        var text = await client.GetStringAsync("/metrics");
        return PrometheusText.Parse(text);
    }

    public void Dispose() => _folder.Dispose();
}
