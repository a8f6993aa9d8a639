using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Access;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Access;

/// <summary>One host for the route matrix: its people's sessions are signed in once.</summary>
public sealed class AccessHost : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();

    internal WorkerHost Host { get; private set; } = null!;

    internal HttpClient Viewer { get; private set; } = null!;

    internal HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>());
        Host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        Viewer = await SignIn.AsAsync(Host, TestAccess.ViewerName, TestAccess.ViewerPassword);
        Admin = await SignIn.AsAsync(Host, TestAccess.AdminName, TestAccess.AdminPassword);
    }

    public async Task DisposeAsync()
    {
        Viewer.Dispose();
        Admin.Dispose();
        await Host.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose();
}

public sealed class AccessTests(AccessHost fixture) : IClassFixture<AccessHost>
{
    /// <summary>Every API route with the scope that owns it (README "Who may call what").</summary>
    public static TheoryData<string, string, string> ApiRoutes => new()
    {
        { "POST", "/api/shipments", Scopes.ShipmentsWrite },
        { "GET", $"/api/shipments/{Guid.NewGuid()}", Scopes.CasesRead },
        { "GET", "/api/cases", Scopes.CasesRead },
        { "GET", $"/api/cases/{Guid.NewGuid()}", Scopes.CasesRead },
        { "GET", "/api/tickets", Scopes.CasesRead },
        { "POST", "/api/tracking-events", Scopes.TrackingWrite },
        { "PATCH", $"/api/shipments/{Guid.NewGuid()}", Scopes.ShipmentsWrite },
        { "DELETE", $"/api/shipments/{Guid.NewGuid()}", Scopes.ShipmentsWrite },
        { "DELETE", "/api/customers/cust-nobody", Scopes.CustomersErase },
        { "GET", "/api/webhook-deliveries", Scopes.CasesRead },
        { "GET", "/api/compensations", Scopes.CasesRead },
        { "GET", "/api/compensations/totals", Scopes.CasesRead },
        { "POST", $"/api/compensations/{Guid.NewGuid()}/granted", Scopes.CompensationsWrite },
        { "POST", $"/api/compensations/{Guid.NewGuid()}/redeemed", Scopes.CompensationsWrite },
        { "POST", $"/api/compensations/{Guid.NewGuid()}/withdrawn", Scopes.CompensationsWrite },
        { "GET", "/metrics", Scopes.MetricsRead },
        { "GET", "/api/claims", Scopes.CasesRead },
        { "GET", "/api/claims/summary", Scopes.CasesRead },
        { "GET", $"/api/claims/{Guid.NewGuid()}", Scopes.CasesRead },
        { "POST", $"/api/claims/{Guid.NewGuid()}/filed", Scopes.ClaimsWrite },
        { "POST", $"/api/claims/{Guid.NewGuid()}/credited", Scopes.ClaimsWrite },
        { "POST", $"/api/claims/{Guid.NewGuid()}/denied", Scopes.ClaimsWrite },
    };

    private WorkerHost Host => fixture.Host;

    private static HttpRequestMessage Request(string method, string path, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PATCH")
        {
            request.Content = JsonContent.Create(new { service = "two_day" });
        }

        if (method == "POST")
        {
            request.Content = path.EndsWith("/tracking-events", StringComparison.Ordinal)
                ? JsonContent.Create(new { carrier = "sandbox", trackingNumber = "ACCNOBODY", at = "2026-11-30T09:00:00-05:00", status = "in_transit" })
                : path.StartsWith("/api/claims/", StringComparison.Ordinal)
                    ? JsonContent.Create(new { note = "recorded by the access test" })
                    : JsonContent.Create(Parcels.Request($"ACC{Guid.NewGuid():N}"[..12], Start.AddDays(2)));
        }

        if (key is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? key)
    {
        using var client = SignIn.Anonymous(Host);
        using var request = Request(method, path, key);
        return await client.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task ApiRoute_Anonymous_Returns401ProblemWithBearerChallenge(string method, string path, string scope)
    {
        using var response = await SendAsync(method, path, key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.NotNull(scope);
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task ApiRoute_UnknownKey_Returns401SayingTheKeyIsNotValid(string method, string path, string scope)
    {
        using var response = await SendAsync(method, path, key: TestAccess.OnlyKey(scope) + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("not valid", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task ApiRoute_KeyWithoutTheScope_Returns403ProblemNamingTheScope(string method, string path, string scope)
    {
        foreach (var other in Scopes.All.Where(s => s != scope))
        {
            using var response = await SendAsync(method, path, TestAccess.OnlyKey(other));

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Contains($"lacks the scope '{scope}'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task ApiRoute_KeyWithTheScope_IsAnsweredByTheRoute(string method, string path, string scope)
    {
        using var response = await SendAsync(method, path, TestAccess.OnlyKey(scope));

        // A made-up id is a 404 from the route itself: past authorization.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NotFound });
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task ApiRoute_SignedInPeople_ReadButNeverWriteWithTheirSession(string method, string path, string scope)
    {
        foreach (var (person, client) in new[] { ("viewer", fixture.Viewer), ("admin", fixture.Admin) })
        {
            using var request = Request(method, path, key: null);
            using var response = await client.SendAsync(request);

            if (method == "GET")
            {
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{person} GET {path}: {(int)response.StatusCode}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                Assert.Contains($"need an API key with the scope '{scope}'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Dashboard_Anonymous_IsSentToTheLoginPage()
    {
        using var client = SignIn.Anonymous(Host);

        using var response = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Fhangfire", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Dashboard_ApiKeyWithEveryScope_IsNoWayIn()
    {
        using var client = SignIn.Anonymous(Host);
        TestAccess.Authorize(client);

        using var response = await client.GetAsync("/hangfire");

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{(int)response.StatusCode}");
    }

    [Fact]
    public async Task Dashboard_ViewerSeesJobsWithoutActions_AdminGetsRequeueAndDelete()
    {
        var jobId = await EnqueueAJobAsync();

        var viewerPage = await fixture.Viewer.GetStringAsync($"/hangfire/jobs/details/{jobId}");
        var adminPage = await fixture.Admin.GetStringAsync($"/hangfire/jobs/details/{jobId}");
        var viewerList = await fixture.Viewer.GetStringAsync("/hangfire/jobs/enqueued/default");
        var adminList = await fixture.Admin.GetStringAsync("/hangfire/jobs/enqueued/default");

        Assert.Contains(jobId, viewerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("/jobs/actions/requeue/", viewerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("/jobs/actions/delete/", viewerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("/enqueued/delete", viewerList, StringComparison.Ordinal);
        Assert.Contains("/jobs/actions/requeue/", adminPage, StringComparison.Ordinal);
        Assert.Contains("/jobs/actions/delete/", adminPage, StringComparison.Ordinal);
        Assert.Contains("/enqueued/delete", adminList, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_ViewerPostsDeleteCommand_IsRefusedAndTheJobStays()
    {
        var jobId = await EnqueueAJobAsync();
        var token = await DashboardAntiforgeryAsync(fixture.Viewer);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hangfire/jobs/actions/delete/{jobId}") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add(token.Header, token.Value);
        using var response = await fixture.Viewer.SendAsync(request);

        Assert.False(response.IsSuccessStatusCode, $"viewer delete answered {(int)response.StatusCode}");
        Assert.Contains(Host.AllJobs(), j => j.Id == jobId && j.State == "Enqueued");
    }

    [Fact]
    public async Task Dashboard_AdminPostsDeleteWithoutAntiforgeryToken_IsRefused()
    {
        var jobId = await EnqueueAJobAsync();

        using var response = await fixture.Admin.PostAsync($"/hangfire/jobs/actions/delete/{jobId}", new FormUrlEncodedContent([]));

        Assert.False(response.IsSuccessStatusCode, $"delete without antiforgery answered {(int)response.StatusCode}");
        Assert.Contains(Host.AllJobs(), j => j.Id == jobId && j.State == "Enqueued");
    }

    [Fact]
    public async Task Dashboard_AdminPostsDeleteWithAntiforgeryToken_DeletesTheJob()
    {
        var jobId = await EnqueueAJobAsync();
        var token = await DashboardAntiforgeryAsync(fixture.Admin);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hangfire/jobs/actions/delete/{jobId}") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add(token.Header, token.Value);
        using var response = await fixture.Admin.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"admin delete answered {(int)response.StatusCode}");
        Assert.Contains(Host.AllJobs(), j => j.Id == jobId && j.State == "Deleted");
    }

    [Fact]
    public async Task Login_WrongPasswordAndUnknownUser_LookTheSame()
    {
        using var first = SignIn.Anonymous(Host);
        using var second = SignIn.Anonymous(Host);

        using var wrongPassword = await SignIn.PostLoginAsync(first, TestAccess.AdminName, "not-the-password");
        using var unknownUser = await SignIn.PostLoginAsync(second, "nobody-here", "not-the-password");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, unknownUser.StatusCode);
        var a = Visible(await wrongPassword.Content.ReadAsStringAsync());
        var b = Visible(await unknownUser.Content.ReadAsStringAsync());
        Assert.Contains("Wrong user name or password.", a, StringComparison.Ordinal);
        Assert.Equal(a.Replace(TestAccess.AdminName, "", StringComparison.Ordinal), b.Replace("nobody-here", "", StringComparison.Ordinal));
        Assert.False(wrongPassword.Headers.Contains("Set-Cookie") && wrongPassword.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("rw.session=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Login_ReturnUrlOffSite_LandsOnTheDashboardInstead()
    {
        using var client = SignIn.Anonymous(Host);

        using var response = await SignIn.PostLoginAsync(client, TestAccess.ViewerName, TestAccess.ViewerPassword, returnUrl: "https://evil.example/steal");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hangfire", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Logout_Post_EndsTheSession()
    {
        using var client = await SignIn.AsAsync(Host, TestAccess.ViewerName, TestAccess.ViewerPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hangfire")).StatusCode);
        var token = await SignIn.AntiforgeryTokenAsync(client, "/logout");

        using var logout = await client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        using var after = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/hangfire")]
    public async Task HtmlPage_Any_CarriesTheSecurityHeaders(string path)
    {
        using var response = await fixture.Viewer.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_Anonymous_Answers(string path)
    {
        using var client = SignIn.Anonymous(Host);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UpsTrackAlertWebhook_NotEnabled_Returns404AndNeedsNoKey()
    {
        // Anonymous to API keys and sessions (UPS proves itself with the Track Alert credential), so even without a
        // key the answer comes from the route: off unless Carriers:Ups:TrackAlert:Enabled.
        using var client = SignIn.Anonymous(Host);

        using var response = await client.PostAsync("/webhooks/ups/track-alert", JsonContent.Create(new { trackingNumber = "1Z204W4R0308071865" }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> EnqueueAJobAsync()
    {
        var before = Host.AllJobs().Select(j => j.Id).ToHashSet();
        await Host.PostShipmentAsync(Parcels.Request($"JOB{Guid.NewGuid():N}"[..12], Start.AddHours(1)));
        Host.Time.Advance(TimeSpan.FromMinutes(1));
        await Host.SweepAsync();
        return Host.AllJobs().First(j => !before.Contains(j.Id) && j.State == "Enqueued").Id;
    }

    private static async Task<(string Header, string Value)> DashboardAntiforgeryAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/hangfire");
        var header = System.Text.RegularExpressions.Regex.Match(html, "<meta name=\"csrf-header\" content=\"([^\"]+)\"");
        var value = System.Text.RegularExpressions.Regex.Match(html, "<meta name=\"csrf-token\" content=\"([^\"]+)\"");
        Assert.True(header.Success && value.Success, "the dashboard page carries no antiforgery token:\n" + html[..Math.Min(html.Length, 3000)]);
        return (WebUtility.HtmlDecode(header.Groups[1].Value), WebUtility.HtmlDecode(value.Groups[1].Value));
    }

    /// <summary>The page without its per-response antiforgery token.</summary>
    private static string Visible(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");
}
