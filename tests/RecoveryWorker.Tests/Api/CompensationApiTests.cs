using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Claims;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Api;

public sealed class CompensationApiTests : IDisposable
{
    private readonly WorkerFolder _folder = new();

    /// <summary>Two late parcels whose apologies were sent: two offered entries.</summary>
    private async Task<WorkerHost> StartWithOfferedAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>
        {
            ["LATE1"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")),
            ["LATE2"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")),
        });
        var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await host.PostShipmentAsync(Request("LATE1", Start.AddMinutes(-30)));
        await host.PostShipmentAsync(Request("LATE2", Start.AddMinutes(-30)));
        await host.SweepAsync();
        await host.RunEnqueuedAsync();
        return host;
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(WorkerHost host, string path, object body)
    {
        using var client = host.CreateClient();
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task List_AfterTheApologies_ShowsOfferedEntriesFilteredAndAsCsv()
    {
        await using var host = await StartWithOfferedAsync();

        var all = await host.GetArrayAsync("/api/compensations");
        var offered = await host.GetArrayAsync("/api/compensations?status=offered&breachType=late");
        var granted = await host.GetArrayAsync("/api/compensations?status=granted");
        var paged = await host.GetArrayAsync("/api/compensations?pageSize=1");
        using var client = host.CreateClient();
        var csv = await client.GetStringAsync("/api/compensations?format=csv");

        Assert.Equal(2, all.Count);
        Assert.All(all, e => Assert.Equal("offered", e!["status"]!.GetValue<string>()));
        Assert.Equal(2, offered.Count);
        Assert.Empty(granted);
        Assert.Single(paged);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("id,case_key,kind,amount,currency,status", lines[0], StringComparison.Ordinal);
        Assert.Contains(",offered,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnknownStatus_Returns400NamingTheField()
    {
        await using var host = await StartWithOfferedAsync();
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/api/compensations?status=paid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["status"]);
    }

    [Fact]
    public async Task Steps_GrantedThenRedeemed_AreAuditedAndIllegalOnesAre409()
    {
        await using var host = await StartWithOfferedAsync();
        var id = (await host.GetArrayAsync("/api/compensations"))[0]!["id"]!.GetValue<string>();

        var noReason = await PostAsync(host, $"/api/compensations/{id}/granted", new { });
        var granted = await PostAsync(host, $"/api/compensations/{id}/granted", new { reason = "refunded in the store admin" });
        var again = await PostAsync(host, $"/api/compensations/{id}/granted", new { reason = "twice" });
        var redeemed = await PostAsync(host, $"/api/compensations/{id}/redeemed", new { reason = "customer used it" });
        var withdrawn = await PostAsync(host, $"/api/compensations/{id}/withdrawn", new { reason = "too late" });

        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        Assert.NotNull(noReason.Body!["errors"]!["reason"]);
        Assert.Equal(HttpStatusCode.OK, granted.Status);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal(HttpStatusCode.OK, redeemed.Status);
        Assert.Equal(HttpStatusCode.Conflict, withdrawn.Status);
        var entry = await host.QueryAsync(db => db.Compensations.SingleAsync(c => c.Id == Guid.Parse(id)));
        Assert.Equal(CompensationStatuses.Redeemed, entry.Status);
        Assert.Equal("key:tests", entry.GrantedBy);
        Assert.Equal("customer used it", entry.Reason);
        Assert.NotNull(entry.GrantedAt);
    }

    [Fact]
    public async Task Totals_ByCarrierAndBreachType_SumPerStatusAndCurrency()
    {
        await using var host = await StartWithOfferedAsync();
        var id = (await host.GetArrayAsync("/api/compensations"))[0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, $"/api/compensations/{id}/granted", new { reason = "issued by hand" })).Status);
        var amount = await host.QueryAsync(db => db.Compensations.Select(c => c.Amount).FirstAsync());

        var byType = Assert.Single(await host.GetArrayAsync("/api/compensations/totals?by=breachType"))!;
        var byDay = Assert.Single(await host.GetArrayAsync("/api/compensations/totals?by=day"))!;
        var granted = await host.Services.GetRequiredService<IGrantedCompensation>()
            .GrantedAsync(Start.AddDays(-1), Start.AddDays(1), CancellationToken.None);

        Assert.Equal("late", byType["group"]!.GetValue<string>());
        Assert.Equal(2, byType["entries"]!.GetValue<int>());
        Assert.Equal(amount, byType["amountByStatus"]!["granted"]!.GetValue<decimal>());
        Assert.Equal(amount, byType["amountByStatus"]!["offered"]!.GetValue<decimal>());
        Assert.Equal(2 * amount, byType["committed"]!.GetValue<decimal>());
        Assert.Equal(Start.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), byDay["group"]!.GetValue<string>());
        var (cell, sum) = Assert.Single(granted);
        Assert.Equal(("sandbox", "2026-11", amount), (cell.Carrier.ToLowerInvariant(), cell.Month, sum));
    }

    public void Dispose() => _folder.Dispose();
}
