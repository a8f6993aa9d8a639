using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Intake;

/// <summary>Shipments from CSV: over HTTP as <c>text/csv</c>, and with the <c>import</c> command for big files.</summary>
public sealed class CsvShipmentImportTests : IDisposable
{
    private const string Header = "orderId,carrier,trackingNumber,service,promisedBy,promiseTimeZone,customerId,customerEmail,customerName,customerLocale,orderValue,shippingCost,currency";

    private readonly WorkerFolder _folder = new();

    public CsvShipmentImportTests() => _folder.WriteTracking(new Dictionary<string, object>());

    public void Dispose() => _folder.Dispose();

    private static string Row(int i, string email = "ada@example.com", string promisedBy = "2026-12-24T12:00:00-05:00") =>
        string.Create(CultureInfo.InvariantCulture, $"ORD-{i},sandbox,CSV{i:000000},ground,{promisedBy},America/New_York,cust-{i},{email},\"Lovelace, Ada\",en-US,80.00,9.95,USD");

    private static async Task<HttpResponseMessage> PostCsvAsync(WorkerHost host, string csv)
    {
        using var client = host.CreateClient();
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await client.PostAsync("/api/shipments", content);
    }

    [Fact]
    public async Task PostCsv_GoodAndBadRowsTwice_RegistersTheGoodOnceAndReportsTheBadByLineAndColumn()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        var csv = string.Join('\n', Header, Row(1), Row(2, email: "not-an-address"), Row(3), Row(4, promisedBy: "24/12/2026"), "");

        using var first = await PostCsvAsync(host, csv);
        using var second = await PostCsvAsync(host, csv);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var report = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        Assert.Equal(4, report["rows"]!.GetValue<long>());
        Assert.Equal(2, report["registered"]!.GetValue<long>());
        Assert.Equal(2, report["invalidRows"]!.GetValue<long>());
        var problems = report["problems"]!.AsArray().Select(p => (Line: p!["line"]!.GetValue<long>(), Column: p["column"]!.GetValue<string>())).ToList();
        Assert.Equal([(3L, "customerEmail"), (5L, "promisedBy")], problems);
        var again = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        Assert.Equal(0, again["registered"]!.GetValue<long>());
        Assert.Equal(2, again["alreadyKnown"]!.GetValue<long>());
        Assert.Equal(2, await host.QueryAsync(db => db.Shipments.CountAsync()));
        Assert.Equal("Lovelace, Ada", await host.QueryAsync(db => db.Shipments.Select(s => s.CustomerName).FirstAsync()));
    }

    [Fact]
    public async Task PostCsv_HeaderLacksAColumn_Returns400NamingItAndRegistersNothing()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        var csv = Header.Replace(",customerEmail", "", StringComparison.Ordinal) + "\n" + Row(1).Replace(",ada@example.com", "", StringComparison.Ordinal) + "\n";

        using var response = await PostCsvAsync(host, csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("customerEmail", problem["errors"]!["header"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await host.QueryAsync(db => db.Shipments.CountAsync()));
    }

    [Fact]
    public async Task PostCsv_PlaceColumns_StoredForLanesAndABadRegionReportedByItsColumn()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        const string places = ",originCountry,originRegion,originPostalCode,destinationCountry,destinationRegion,destinationPostalCode";
        var csv = string.Join('\n', Header + places, Row(1) + ",US,CA,94107,US,NY,10001", Row(2) + ",,,,DE,,", Row(3) + ",US,California,,US,NY,", "");

        using var response = await PostCsvAsync(host, csv);

        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(2, report["registered"]!.GetValue<long>());
        var problem = report["problems"]!.AsArray().Single()!;
        Assert.Equal((4L, "originRegion"), (problem["line"]!.GetValue<long>(), problem["column"]!.GetValue<string>()));
        var stored = await host.QueryAsync(db => db.Shipments.OrderBy(s => s.OrderId)
            .Select(s => new { s.OriginCountry, s.OriginRegion, s.OriginPostalCode, s.DestinationCountry, s.DestinationRegion, s.DestinationPostalCode }).ToListAsync());
        Assert.Equal(new { OriginCountry = (string?)"US", OriginRegion = (string?)"CA", OriginPostalCode = (string?)"94107", DestinationCountry = (string?)"US", DestinationRegion = (string?)"NY", DestinationPostalCode = (string?)"10001" }, stored[0]);
        Assert.Equal(new { OriginCountry = (string?)null, OriginRegion = (string?)null, OriginPostalCode = (string?)null, DestinationCountry = (string?)"DE", DestinationRegion = (string?)null, DestinationPostalCode = (string?)null }, stored[1]);
    }

    [Fact]
    public async Task PostCsv_SpreadsheetExportWithSemicolonsBomAndExtraColumns_IsReadAndTheExtrasAreNamed()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        var csv = "\uFEFF" + "notes;" + Header.Replace(',', ';') + "\r\n" + "call first;" + Row(7).Replace(",", ";", StringComparison.Ordinal).Replace("\"Lovelace; Ada\"", "\"Lovelace; Ada\"", StringComparison.Ordinal) + "\r\n";

        using var response = await PostCsvAsync(host, csv);

        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToJsonString());
        Assert.Equal(1, report["registered"]!.GetValue<long>());
        Assert.Equal("notes", report["ignoredColumns"]![0]!.GetValue<string>());
        Assert.Equal("Lovelace; Ada", await host.QueryAsync(db => db.Shipments.Select(s => s.CustomerName).FirstAsync()));
    }

    [Fact]
    public async Task PostCsv_WithoutTheScope_Returns403()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        using var client = SignIn.Anonymous(host);
        TestAccess.Authorize(client, TestAccess.OnlyKey(RecoveryWorker.Access.Scopes.CasesRead));
        using var content = new StringContent(Header + "\n" + Row(1) + "\n", Encoding.UTF8, "text/csv");

        using var response = await client.PostAsync("/api/shipments", content);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ImportCommand_FileOfThreeBatchesWithTwoBadRowsTwice_RegistersEveryGoodRowOnceAndWritesTheProblems()
    {
        var path = Path.Combine(_folder.Root, "shipments.csv");
        var rows = Enumerable.Range(1, 2_500).Select(i => i switch
        {
            1_234 => Row(i, email: "nobody"),
            2_222 => Row(i).Replace(",sandbox,", ",pigeon,", StringComparison.Ordinal),
            _ => Row(i),
        });
        await File.WriteAllLinesAsync(path, [Header, .. rows]);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:RecoveryWorker"] = $"Data Source={_folder.Database}",
            ["Carriers:Sandbox:TrackingFile"] = _folder.TrackingFile,
        };

        var first = await WorkerProcess.RunToExitAsync(settings, "import", path);
        var second = await WorkerProcess.RunToExitAsync(settings, "import", path);

        Assert.True(first.ExitCode == 1, first.Output);
        Assert.Contains("2,500 rows", first.Output, StringComparison.Ordinal);
        Assert.Contains("2,498 registered, 0 already known, 2 invalid", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", first.Output, StringComparison.Ordinal);
        Assert.Contains("0 registered, 2,498 already known, 2 invalid", second.Output, StringComparison.Ordinal);
        var problems = await File.ReadAllLinesAsync(path + ".errors.csv");
        Assert.Equal("line,column,problem", problems[0]);
        Assert.StartsWith("1235,customerEmail,", problems[1], StringComparison.Ordinal);
        Assert.StartsWith("2223,carrier,", problems[2], StringComparison.Ordinal);
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        Assert.Equal(2_498, await host.QueryAsync(db => db.Shipments.CountAsync()));
    }

    [Fact]
    public async Task ImportCommand_MissingFile_ExitsWith2SayingSo()
    {
        var (exitCode, output) = await WorkerProcess.RunToExitAsync(new Dictionary<string, string?> { ["ConnectionStrings:RecoveryWorker"] = $"Data Source={_folder.Database}" }, "import", Path.Combine(_folder.Root, "nope.csv"));

        Assert.Equal(2, exitCode);
        Assert.Contains("No such file", output, StringComparison.Ordinal);
    }
}
