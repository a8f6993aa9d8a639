using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Access;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Api;

public sealed class ClaimsApiTests : IAsyncLifetime, IDisposable
{
    // Claims committed for 2026-11-20 noon New York: due by 2026-12-05 noon. The clock reads 2026-12-03 (due within 3 days).
    private static readonly DateTimeOffset Commitment = new(2026, 11, 20, 12, 0, 0, TimeSpan.FromHours(-5));
    private readonly WorkerFolder _folder = new();
    private WorkerHost _host = null!;
    private ClaimRecord _toFile = null!;
    private ClaimRecord _filed = null!;

    public async Task InitializeAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>());
        _host = new WorkerHost(_folder, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero)));
        _toFile = StoredClaims.Claim("1ZLATE0001", "to_file", Commitment, delivered: Commitment.AddMinutes(1));
        _filed = StoredClaims.Claim("1ZFILED002", "filed", Commitment.AddDays(-40), amount: 30m, delivered: Commitment.AddDays(-39));
        await _host.QueryAsync(async db =>
        {
            db.Claims.AddRange(_toFile, _filed,
                StoredClaims.Claim("1ZWEATHER3", "excluded", Commitment, exclusion: "weather", delivered: Commitment.AddDays(1)),
                StoredClaims.Claim("7946FEDEX4", "to_file", Commitment.AddDays(-2), carrier: "fedex"));
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task List_StatusToFileAsCsv_HasTheRefundRequestColumnsAndOneLinePerClaim()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/api/claims?status=to_file&carrier=ups&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("tracking_number,ship_date,service,scheduled_delivery,actual_delivery,reason_code,amount,currency,carrier,file_by,status,exclusion,claim_id", lines[0]);
        Assert.Equal($"1ZLATE0001,2026-11-19,next_day_air,2026-11-20 12:00,2026-11-20 12:01,late,24.50,USD,ups,2026-12-05,to_file,,{_toFile.Id}", Assert.Single(lines[1..]));
    }

    [Fact]
    public async Task List_AcceptTextCsv_AnswersCsv()
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/claims?exclusion=weather");
        request.Headers.Accept.ParseAdd("text/csv");

        using var response = await client.SendAsync(request);

        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("1ZWEATHER3,", Assert.Single(lines[1..]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status=to_file", "1ZLATE0001,7946FEDEX4")]
    [InlineData("dueWithin=3", "1ZLATE0001,7946FEDEX4")] // due 2026-12-05 and today
    [InlineData("dueWithin=1", "7946FEDEX4")]
    [InlineData("exclusion=none&carrier=ups", "1ZFILED002,1ZLATE0001")]
    [InlineData("trackingNumber=1zfiled002", "1ZFILED002")]
    public async Task List_Filters_SelectTheClaims(string query, string expected)
    {
        var claims = await _host.GetArrayAsync("/api/claims?" + query);

        Assert.Equal(expected, string.Join(',', claims.Select(c => c!["trackingNumber"]!.GetValue<string>()).Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("status=lost", "status")]
    [InlineData("carrier=pigeon", "carrier")]
    [InlineData("exclusion=rain", "exclusion")]
    [InlineData("dueWithin=soon", "dueWithin")]
    [InlineData("pageSize=0", "pageSize")]
    public async Task List_BadFilter_Returns400NamingTheField(string query, string field)
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/api/claims?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    [Fact]
    public async Task Outcomes_FiledThenCredited_MoveTheClaimAndAuditWhoDidIt()
    {
        using var client = ClientWith(Scopes.ClaimsWrite);

        using var filed = await client.PostAsJsonAsync($"/api/claims/{_toFile.Id}/filed", new { carrierReference = "UPS-GSR-4471", note = "sent in the weekly file" });
        using var credited = await client.PostAsJsonAsync($"/api/claims/{_toFile.Id}/credited", new { amount = 20.00m });

        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, credited.StatusCode);
        var claim = await _host.GetAsync($"/api/claims/{_toFile.Id}");
        Assert.Equal(("credited", "UPS-GSR-4471", 20.00m), (claim["status"]!.GetValue<string>(), claim["carrierReference"]!.GetValue<string>(), claim["creditedAmount"]!.GetValue<decimal>()));
        var events = claim["events"]!.AsArray().Select(e => (e!["action"]!.GetValue<string>(), e["actor"]!.GetValue<string>())).ToList();
        var actor = "key:" + TestAccess.OnlyKeyName(Scopes.ClaimsWrite);
        Assert.Equal([("filed", actor), ("credited", actor)], events);
    }

    [Fact]
    public async Task Outcomes_CreditedBeforeFiled_Returns409()
    {
        using var client = ClientWith(Scopes.ClaimsWrite);

        using var response = await client.PostAsync($"/api/claims/{_toFile.Id}/credited", content: null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("is to_file", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("to_file", await _host.QueryAsync(db => db.Claims.Where(c => c.Id == _toFile.Id).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task Outcomes_FiledAfterTheDeadline_Returns409()
    {
        _host.Time.Advance(TimeSpan.FromDays(3)); // 2026-12-06: past 2026-12-05 noon
        using var client = ClientWith(Scopes.ClaimsWrite);

        using var response = await client.PostAsync($"/api/claims/{_toFile.Id}/filed", content: null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Theory]
    [InlineData("credited", """{"amount": 31}""", "amount")]
    [InlineData("credited", """{"amount": "lots"}""", "amount")]
    [InlineData("denied", """{"reason": "x"}""", "reason")]
    [InlineData("denied", """{"note": 5}""", "note")]
    [InlineData("denied", """[1]""", "body")]
    public async Task Outcomes_BadBody_Returns400NamingTheField(string outcome, string body, string field)
    {
        using var client = ClientWith(Scopes.ClaimsWrite);

        using var response = await client.PostAsync($"/api/claims/{_filed.Id}/{outcome}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
        Assert.Equal("filed", await _host.QueryAsync(db => db.Claims.Where(c => c.Id == _filed.Id).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task Outcomes_ReadOnlyKey_Returns403AndAnonymous401()
    {
        using var reader = ClientWith(Scopes.CasesRead);
        using var anonymous = SignIn.Anonymous(_host);

        using var forbidden = await reader.PostAsync($"/api/claims/{_filed.Id}/denied", content: null);
        using var unauthorized = await anonymous.GetAsync("/api/claims");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task Summary_PerCarrierAndMonth_CountsAndSumsAsCsv()
    {
        using var client = ClientWith(Scopes.ClaimsWrite);
        (await client.PostAsync($"/api/claims/{_filed.Id}/credited", content: null)).Dispose();

        using var reader = ClientWith(Scopes.CasesRead);
        var csv = await reader.GetStringAsync("/api/claims/summary?format=csv");

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "carrier,month,currency,eligible,excluded,filed,credited,denied,expired,amount_eligible,amount_recovered,compensation_granted",
            "fedex,2026-11,USD,1,0,0,0,0,0,24.50,0.00,0.00",
            "ups,2026-11,USD,1,1,0,0,0,0,24.50,0.00,0.00",
            "ups,2026-10,USD,1,0,1,1,0,0,30.00,30.00,0.00",
        ], lines);
    }

    private HttpClient ClientWith(string scope)
    {
        var client = SignIn.Anonymous(_host);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestAccess.OnlyKey(scope));
        return client;
    }
}
