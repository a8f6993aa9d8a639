using System.Net.Http.Headers;
using System.Text.Json;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Observability;

/// <summary>
/// The shipped log format, in a real process outside Development: the demo seeded and run by Quartz and Hangfire on
/// their own clocks, every console line one compact JSON event, with trace ids, and no customer's e-mail or name.
/// </summary>
public sealed class StructuredLogTests : IDisposable
{
    /// <summary>What the demo seeder registers as customers (src/RecoveryWorker/Demo/DemoSeeder.cs).</summary>
    private static readonly string[] CustomerData = ["@example.com", "customer1", "Lena Fischer", "Sam Rivera", "Fischer", "Rivera"];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rw-logs-");

    [Fact]
    public async Task Logs_ProductionDemoRun_AreJsonLinesWithTraceIdsAndNoCustomerData()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // The shipped format, not the plain lines other process tests read.
            ["Serilog:WriteTo:0:Args:formatter:type"] = null,
            ["Serilog:WriteTo:0:Args:formatter:outputTemplate"] = null,
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Warning",
            ["ConnectionStrings:RecoveryWorker"] = $"Data Source={Path.Combine(_folder.FullName, "demo.db")}",
            ["Carriers:Sandbox:TrackingFile"] = Path.Combine(_folder.FullName, "demo-tracking.json"),
            ["Demo:Seed"] = "true",
            // The demo's pace (appsettings.Development.json): every story plays out within a minute.
            ["Polling:SweepInterval"] = "00:00:02",
            ["Polling:TroubleInterval"] = "00:00:05",
            ["Polling:NearInterval"] = "00:00:05",
            ["Polling:NearWindow"] = "00:10:00",
            ["Polling:Interval"] = "00:00:10",
            ["Polling:FarWindow"] = "01:00:00",
            ["Polling:FarInterval"] = "00:00:15",
            ["Polling:CheckLease"] = "00:01:00",
            ["Polling:LostJobGrace"] = "00:00:30",
            ["FollowUp:Schedule:0"] = "00:00:10",
            ["FollowUp:Schedule:1"] = "00:00:20",
            ["FollowUp:Schedule:2"] = "00:00:30",
        };
        await using var worker = WorkerProcess.Start("demo", settings);
        await worker.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        using var http = new HttpClient { BaseAddress = worker.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestAccess.AllScopesKey);

        // The stories run about a minute: the last follow-ups of the late parcels come 30 s after their tickets.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(75) && !worker.HasExited)
        {
            using var cases = await http.GetAsync("/api/cases");
            Assert.True(cases.IsSuccessStatusCode, $"/api/cases answered {(int)cases.StatusCode}:\n{worker.Tail()}");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        var metrics = await http.GetStringAsync("/metrics");
        var claimsCsv = await http.GetStringAsync("/api/claims?status=to_file&format=csv");
        var lines = worker.Lines.Where(l => l.Length > 0).ToList();
        worker.Kill();

        var events = lines.Select(Parse).ToList();
        Assert.All(events, e => Assert.True(e.TryGetProperty("@t", out _) && (e.TryGetProperty("@m", out _) || e.TryGetProperty("@x", out _)), e.GetRawText()));
        Assert.DoesNotContain(events, e => e.TryGetProperty("@l", out var level) && level.GetString() is "Error" or "Fatal");
        Assert.Contains(events, e => EventId(e) == 1001);   // the demo ran: shipments registered (with customers)
        Assert.Contains(events, e => EventId(e) == 1401);   // tickets opened (apologies addressed to them)
        Assert.Contains(events, e => EventId(e) == 1501);   // follow-ups ran
        Assert.Contains(events, e => e.TryGetProperty("@tr", out var trace) && trace.GetString()!.Length == 32 && e.TryGetProperty("@sp", out _));
        foreach (var data in CustomerData)
        {
            Assert.DoesNotContain(lines, l => l.Contains(data, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Contains("recoveryworker_tickets_opened_total{", metrics, StringComparison.Ordinal);

        // The late guaranteed parcel's claim: opened to file (its deadline in the line), and its line in the refund CSV.
        Assert.Contains(events, e => EventId(e) == 2201 && e.GetProperty("TrackingNumber").GetString() == "DEMO-GUARANTEED-LATE" && e.GetProperty("Status").GetString() == "to_file");
        Assert.Contains(events, e => EventId(e) == 2201 && e.GetProperty("TrackingNumber").GetString() == "DEMO-GUARANTEED-WEATHER" && e.GetProperty("Status").GetString() == "excluded");
        var claimLine = Assert.Single(claimsCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1..]);
        Assert.StartsWith("DEMO-GUARANTEED-LATE,", claimLine, StringComparison.Ordinal);
        Assert.Contains(",next_day_air,", claimLine, StringComparison.Ordinal);
        Assert.Contains(",late,9.95,USD,sandbox,", claimLine, StringComparison.Ordinal);
        Assert.Contains("recoveryworker_claims_opened_total{", metrics, StringComparison.Ordinal);
    }

    private static JsonElement Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"Not a JSON line ({ex.Message}): {line}");
        }
    }

    private static int? EventId(JsonElement e) =>
        e.TryGetProperty("EventId", out var id) && id.ValueKind == JsonValueKind.Object && id.TryGetProperty("Id", out var value) ? value.GetInt32() : null;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
