using System.Net;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Pages.Console;

/// <summary>
/// <c>/console/promises</c> against a fixture whose figures were worked out by hand (in the comments): shipments due in
/// the period, kept and broken by breach, lateness median and p90, proactive rate and lead time.
/// </summary>
public class PromiseKeepingTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private WorkerHost _host = null!;

    /// <summary>The host's storage settings: the embedded default here, PostgreSQL in <see cref="PromiseKeepingOnPostgresTests"/>.</summary>
    protected virtual Task<Dictionary<string, string?>?> StorageAsync() => Task.FromResult<Dictionary<string, string?>?>(null);

    public async Task InitializeAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>());
        _host = new WorkerHost(_folder, new FakeTimeProvider(Start), await StorageAsync());
        await _host.QueryAsync(async db =>
        {
            // ups: U1 on time (kept); U2 120 min late, ticket 30 min after the deadline (proactive, lead -30);
            // U3 360 min late, ticket 3 h after (not proactive); U4 due 40 days ago (outside 30 days).
            // Lanes: U1, U2 California to New York; U3, U4 California to Texas; F1 from the US (no region) to Bavaria;
            // F2, F3 sent without places. Weeks (UTC deadlines): everything in the last 30 days is in 2026-W46, U4 in W41.
            Lane(Add(db, "U1", "ups", "ground", Start.AddDays(-2), Start.AddDays(-2).AddHours(-1)), "US", "CA", "US", "NY");
            Case(db, Lane(Add(db, "U2", "ups", "ground", Start.AddDays(-3), Start.AddDays(-3).AddMinutes(120)), "US", "CA", "US", "NY"), "late", Start.AddDays(-3).AddMinutes(30));
            Case(db, Lane(Add(db, "U3", "ups", "next_day_air", Start.AddDays(-4), Start.AddDays(-4).AddMinutes(360)), "US", "CA", "US", "TX"), "late", Start.AddDays(-4).AddHours(3));
            Case(db, Lane(Add(db, "U4", "ups", "ground", Start.AddDays(-40), Start.AddDays(-39)), "US", "CA", "US", "TX"), "late", Start.AddDays(-40));
            // fedex: F1 not delivered, a stall whose ticket opened 5 h before the deadline (proactive, lead 300), then a
            // late case whose ticket opened 2 days after (not proactive); F2 cancelled (left out); F3 a day early (kept).
            var f1 = Lane(Add(db, "F1", "fedex", "ground", Start.AddDays(-1), null), "US", null, "DE", "BY");
            Case(db, f1, "stalled", Start.AddDays(-1).AddHours(-5), detected: Start.AddDays(-1).AddHours(-6));
            Case(db, f1, "late", Start.AddDays(1), detected: Start.AddDays(-1).AddHours(1));
            Add(db, "F2", "fedex", "ground", Start.AddDays(-5), null).CancelledAt = Start.AddDays(-6);
            Add(db, "F3", "fedex", "two_day", Start.AddDays(-6), Start.AddDays(-7));
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Promises_ByCarrierCsv_EqualsTheFiguresWorkedOutByHand()
    {
        using var viewer = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);

        using var response = await viewer.GetAsync("/console/promises?period=30&group=carrier&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "group,shipments,kept,broken,kept_percent,broken_late,broken_stalled,median_lateness_minutes,p90_lateness_minutes,cases,proactive,proactive_percent,median_lead_minutes\r\n" +
            "fedex,2,1,1,50.0,0,1,,,2,1,50.0,300\r\n" +
            "ups,3,1,2,33.3,2,0,120,360,2,1,50.0,-30\r\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Promises_ByServiceOverNinetyDays_TakesTheOlderShipmentIn()
    {
        using var viewer = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);

        var csv = await viewer.GetStringAsync("/console/promises?period=90&group=service&format=csv");

        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(',')).ToDictionary(r => r[0], r => (Shipments: r[1], Kept: r[2]));
        Assert.Equal(("4", "1"), rows["ground"]); // U1 kept, U2, U4 late, F1 stalled
        Assert.Equal(("1", "0"), rows["next_day_air"]);
        Assert.Equal(("1", "1"), rows["two_day"]);
    }

    [Fact]
    public async Task Promises_Page_ShowsTheTableAndTheChart()
    {
        using var viewer = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);

        var html = await viewer.GetStringAsync("/console/promises");
        using var wrong = await viewer.GetAsync("/console/promises?period=365");

        Assert.Contains("<svg role=\"img\"", html, StringComparison.Ordinal);
        Assert.Contains("33.3 % kept", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">ups</th><td>3</td><td>1</td><td>33.3 %</td>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Fact]
    public async Task Promises_ByLaneCsv_GroupsOriginRegionToDestinationRegion()
    {
        using var viewer = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);

        var csv = await viewer.GetStringAsync("/console/promises?period=30&group=lane&format=csv");

        // Worked by hand: CA→NY holds U1 (kept) and U2 (120 min late, proactive, lead -30); CA→TX holds U3 (360 min late,
        // not proactive; U4 is outside 30 days); US→BY holds F1 (stalled, two cases, the stall's ticket 300 min early);
        // F3 has no places (kept); F2 is cancelled.
        Assert.Equal(
            "group,shipments,kept,broken,kept_percent,broken_late,broken_stalled,median_lateness_minutes,p90_lateness_minutes,cases,proactive,proactive_percent,median_lead_minutes\r\n" +
            "? → ?,1,1,0,100.0,0,0,,,0,0,,\r\n" +
            "US → DE-BY,1,0,1,0.0,0,1,,,2,1,50.0,300\r\n" +
            "US-CA → US-NY,2,1,1,50.0,1,0,120,120,1,1,100.0,-30\r\n" +
            "US-CA → US-TX,1,0,1,0.0,1,0,360,360,1,0,0.0,\r\n",
            csv);
    }

    [Fact]
    public async Task Promises_WeeklyCsvOverNinetyDays_OneRowPerCarrierAndWeek()
    {
        using var viewer = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);

        using var response = await viewer.GetAsync("/console/promises?period=90&table=weekly&format=csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "carrier,week,shipments,kept,broken,kept_percent\r\n" +
            "fedex,2026-W46,2,1,1,50.0\r\n" +
            "ups,2026-W41,1,0,1,0.0\r\n" +
            "ups,2026-W46,3,1,2,33.3\r\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Promises_PageOverNinetyDays_DrawsALinePerCarrierBrokenWhereAWeekHasNoDeadline()
    {
        using var viewer = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);

        var html = await viewer.GetStringAsync("/console/promises?period=90");
        using var wrongTable = await viewer.GetAsync("/console/promises?table=monthly");

        var weekly = html[html.IndexOf("id=\"weekly-title\"", StringComparison.Ordinal)..];
        weekly = weekly[..weekly.IndexOf("</svg>", StringComparison.Ordinal)];
        // ups has a point in both weeks, joined by one line; fedex only in W46: a point, no line.
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(weekly, "<polyline"));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(weekly, "<circle"));
        Assert.Contains("<title>ups, 2026-W41: 0.0 % kept</title>", weekly, StringComparison.Ordinal);
        Assert.Contains("<title>fedex, 2026-W46: 50.0 % kept</title>", weekly, StringComparison.Ordinal);
        Assert.Contains("<text x=\"376\" y=\"116\" font-size=\"12\" fill=\"#1f6f43\">fedex</text>", weekly, StringComparison.Ordinal); // named at its end
        Assert.Matches("<tr><th scope=\"row\">fedex</th>\\s*<td>&#x2013;</td>\\s*<td>50.0 %</td>\\s*</tr>", html);
        Assert.Equal(HttpStatusCode.BadRequest, wrongTable.StatusCode);
    }

    private static ShipmentRecord Lane(ShipmentRecord shipment, string originCountry, string? originRegion, string destinationCountry, string destinationRegion)
    {
        (shipment.OriginCountry, shipment.OriginRegion, shipment.DestinationCountry, shipment.DestinationRegion) = (originCountry, originRegion, destinationCountry, destinationRegion);
        return shipment;
    }

    private static ShipmentRecord Add(RecoveryDbContext db, string number, string carrier, string service, DateTimeOffset promisedBy, DateTimeOffset? deliveredAt)
    {
        var shipment = StoredRecords.Shipment("ORD-" + number, number, "c-" + number, carrier, service, promisedBy, deliveredAt);
        db.Shipments.Add(shipment);
        return shipment;
    }

    private static void Case(RecoveryDbContext db, ShipmentRecord shipment, string type, DateTimeOffset ticketOpened, DateTimeOffset? detected = null)
    {
        var @case = StoredRecords.Case(shipment, type, detected ?? ticketOpened.AddMinutes(-1), ticketOpened);
        db.Cases.Add(@case);
        db.OwedEffects.Add(new OwedEffectRecord
        {
            Id = Guid.NewGuid(), CaseId = @case.Id, Key = $"{shipment.Id}:{type}:1:open", Kind = OwedEffectKinds.OpenTicket, State = OwedEffectStates.Delivered,
            CreatedAt = ticketOpened.AddMinutes(-1), DeliveredAt = ticketOpened,
        });
    }
}

/// <summary>The same figures on PostgreSQL, where promise keeping reads in one snapshot with JIT compilation off.</summary>
public sealed class PromiseKeepingOnPostgresTests : PromiseKeepingTests
{
    protected override async Task<Dictionary<string, string?>?> StorageAsync() => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:MigrateOnStart"] = "true",
        ["ConnectionStrings:RecoveryWorker"] = await PostgresServer.Shared.CreateDatabaseAsync("promises"),
    };
}
