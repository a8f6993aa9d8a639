using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Access;
using RecoveryWorker.Tests.Support;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Access;

/// <summary>How the service starts with and without configured access, the commands that make credentials, and the limits.</summary>
public sealed partial class AccessStartupTests : IDisposable
{
    private readonly WorkerFolder _folder = new();

    public AccessStartupTests() => _folder.WriteTracking(new Dictionary<string, object>());

    public void Dispose() => _folder.Dispose();

    /// <summary>The test defaults with every <c>Auth:Users</c> (or <c>Auth:ApiKeys</c>) entry removed.</summary>
    private static Dictionary<string, string?> Without(string section) =>
        TestAccess.Settings.Keys.Where(k => k.StartsWith(section + ":", StringComparison.Ordinal)).ToDictionary(k => k, _ => (string?)null);

    private Dictionary<string, string?> ProcessSettings(string environment, params Dictionary<string, string?>[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["ConnectionStrings:RecoveryWorker"] = $"Data Source={_folder.Database}",
            ["Carriers:Sandbox:TrackingFile"] = _folder.TrackingFile,
            ["Demo:Seed"] = "false",
        };
        foreach (var (key, value) in more.SelectMany(m => m))
        {
            settings[key] = value;
        }

        return settings;
    }

    [Theory]
    [InlineData("Auth:Users")]
    [InlineData("Auth:ApiKeys")]
    public async Task Start_ProductionWithoutUsersOrKeys_RefusesNamingTheMissingSetting(string section)
    {
        var (exitCode, output) = await WorkerProcess.RunToExitAsync(ProcessSettings("Production", Without(section)));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(section, output, StringComparison.Ordinal);
        Assert.DoesNotContain("DEVELOPMENT ONLY", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DevelopmentWithNothingConfigured_PrintsAnAdminAndAKeyThatWork()
    {
        await using var worker = WorkerProcess.Start("dev", ProcessSettings("Development", Without("Auth:Users"), Without("Auth:ApiKeys")));
        await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        var log = string.Join('\n', worker.Lines);
        var password = DevelopmentPassword().Match(log);
        var key = DevelopmentKey().Match(log);
        Assert.True(password.Success && key.Success, "no development credentials printed:\n" + worker.Tail());
        Assert.Contains("DEVELOPMENT ONLY", log, StringComparison.Ordinal);

        using var program = new HttpClient { BaseAddress = worker.BaseAddress };
        program.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, (await program.GetAsync("/api/cases")).StatusCode);

        using var cookies = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var person = new HttpClient(cookies) { BaseAddress = worker.BaseAddress };
        using var signIn = await SignIn.PostLoginAsync(person, DevelopmentAccess.UserName, password.Groups[1].Value);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task HashPassword_PrintedSettings_LetThatPersonSignIn()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var ran = AccessCommands.TryRun(["hash-password", "grace", Roles.Admin], new StringReader("grace-hopper-cobol-1959\n"), output, error, out var exitCode);

        Assert.True(ran);
        Assert.True(exitCode == 0, error.ToString());
        var settings = Settings(output.ToString());
        Assert.Equal(Roles.Admin, settings["Auth:Users:grace:Role"]);
        Assert.StartsWith("AQAAAA", settings["Auth:Users:grace:PasswordHash"], StringComparison.Ordinal);
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), settings);
        using var client = await SignIn.AsAsync(host, "grace", "grace-hopper-cobol-1959");
        Assert.Contains("/jobs/enqueued", await client.GetStringAsync("/hangfire"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_AfterRestartWithTheSameKeyRing_StaysValidUntilTheUserIsRemoved()
    {
        string cookie;
        await using (var first = new WorkerHost(_folder, new FakeTimeProvider(Start)))
        {
            using var client = SignIn.Anonymous(first);
            using var signIn = await SignIn.PostLoginAsync(client, TestAccess.ViewerName, TestAccess.ViewerPassword);
            cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rw.session=", StringComparison.Ordinal)).Split(';')[0];
        }

        await using var restarted = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await using var removed = new WorkerHost(_folder, new FakeTimeProvider(Start), Without("Auth:Users:" + TestAccess.ViewerName));

        using var stillThere = await DashboardWithCookieAsync(restarted, cookie);
        using var gone = await DashboardWithCookieAsync(removed, cookie);

        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, gone.StatusCode);
        Assert.StartsWith("/login", gone.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    public void HashPassword_EmptyOrShortPassword_RefusesWithExitCode2(string password)
    {
        var error = new StringWriter();

        AccessCommands.TryRun(["hash-password", "grace"], new StringReader(password + "\n"), new StringWriter(), error, out var exitCode);

        Assert.Equal(2, exitCode);
        Assert.Contains("at least 12 characters", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateApiKey_PrintedKeyAndSettings_CallWithExactlyThoseScopes()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        AccessCommands.TryRun(["create-api-key", "warehouse", Scopes.ShipmentsWrite], TextReader.Null, output, error, out var exitCode);

        Assert.True(exitCode == 0, error.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var key = lines[0];
        Assert.Matches("^rwk_[A-Za-z0-9_-]{43}$", key);
        Assert.Contains("shown only this once", error.ToString(), StringComparison.Ordinal);
        var settings = Settings(output.ToString());
        Assert.Equal(DevelopmentAccess.HashKey(key), settings["Auth:ApiKeys:warehouse:Hash"]);
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), settings);
        using var client = SignIn.Anonymous(host);
        TestAccess.Authorize(client, key);
        using var write = await client.PostAsync("/api/shipments", Json(Parcels.Request("KEY00001", Start.AddDays(2))));
        using var read = await client.GetAsync("/api/cases");
        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Theory]
    [InlineData("create-api-key", "warehouse", "shipments:delete")]
    [InlineData("create-api-key", "ware__house", "shipments:write")]
    [InlineData("create-api-key", "warehouse")]
    public void CreateApiKey_UnknownScopeBadNameOrNoScope_RefusesWithExitCode2(params string[] args)
    {
        var output = new StringWriter();

        AccessCommands.TryRun(args, TextReader.Null, output, new StringWriter(), out var exitCode);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Api_OneCallerOverItsBurst_Gets429ProblemWithRetryAfterWhileAnotherCallerIsServed()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), new Dictionary<string, string?>
        {
            ["Limits:RequestsPerSecond"] = "1",
            ["Limits:Burst"] = "3",
        });
        using var greedy = SignIn.Anonymous(host);
        using var other = SignIn.Anonymous(host);
        TestAccess.Authorize(greedy, TestAccess.OnlyKey(Scopes.CasesRead));
        TestAccess.Authorize(other, TestAccess.AllScopesKey);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 10; i++)
        {
            var response = await greedy.GetAsync("/api/cases");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var otherResponse = await other.GetAsync("/api/cases");
        Assert.NotNull(refused);
        Assert.True(statuses.Take(3).All(s => s == HttpStatusCode.OK), string.Join(",", statuses));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
        refused.Dispose();
    }

    [Fact]
    public async Task Api_BodyOverTheSizeLimit_Gets413AndRegistersNothing()
    {
        await using var worker = WorkerProcess.Start("limits", ProcessSettings("Testing", new Dictionary<string, string?> { ["Limits:MaxRequestBodySize"] = "2048" }));
        await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = worker.BaseAddress };
        TestAccess.Authorize(http);
        var many = Enumerable.Range(0, 40).Select(i => Parcels.Request($"BIG{i:00000}", Start.AddDays(2))).ToArray();

        using var tooBig = await http.PostAsync("/api/shipments", Json(many));
        using var first = await http.PostAsync("/api/shipments", Json(many[0]));
        using var again = await http.PostAsync("/api/shipments", Json(many[0]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal("application/problem+json", tooBig.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);     // new: the refused batch registered nothing
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task LoginOidc_SingleSignOnConfigured_RedirectsToTheProviderWithPkce()
    {
        using var provider = WireMockServer.Start();
        provider.Given(WireMock.RequestBuilders.Request.Create().WithPath("/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(
                $$"""
                {"issuer":"{{provider.Url}}","authorization_endpoint":"{{provider.Url}}/authorize","token_endpoint":"{{provider.Url}}/token",
                 "jwks_uri":"{{provider.Url}}/keys","response_types_supported":["code"],"subject_types_supported":["public"],
                 "id_token_signing_alg_values_supported":["RS256"]}
                """));
        provider.Given(WireMock.RequestBuilders.Request.Create().WithPath("/keys").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"keys":[]}"""));
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), new Dictionary<string, string?>
        {
            ["Auth:Oidc:Authority"] = provider.Url,
            ["Auth:Oidc:ClientId"] = "recoveryworker",
            ["Auth:Oidc:ClientSecret"] = "oidc-client-secret",
            ["Auth:Oidc:RequireHttpsMetadata"] = "false",
            ["Auth:Oidc:AdminValues:0"] = "support-leads",
        });
        using var client = SignIn.Anonymous(host);

        using var loginPage = await client.GetAsync("/login");
        using var challenge = await client.GetAsync("/login/oidc?returnUrl=%2Fhangfire");

        Assert.Contains("/login/oidc", await loginPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!;
        Assert.Equal(provider.Url + "/authorize", location.GetLeftPart(UriPartial.Path));
        Assert.Contains("client_id=recoveryworker", location.Query, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", location.Query, StringComparison.Ordinal);
        Assert.Contains("response_type=code", location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginOidc_NotConfigured_Is404AndTheLoginPageOffersNoSingleSignOn()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        using var client = SignIn.Anonymous(host);

        using var challenge = await client.GetAsync("/login/oidc");
        var page = await client.GetStringAsync("/login");

        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
        Assert.DoesNotContain("/login/oidc", page, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> DashboardWithCookieAsync(WorkerHost host, string cookie)
    {
        using var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        TestAccess.Authorize(client, key: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static StringContent Json(object value) => new(System.Text.Json.JsonSerializer.Serialize(value, Web), Encoding.UTF8, "application/json");

    /// <summary>The <c>Name__Part=value</c> lines a command printed, as configuration keys.</summary>
    private static Dictionary<string, string?> Settings(string printed) =>
        printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains('=', StringComparison.Ordinal) && l.StartsWith("Auth__", StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Replace("__", ":", StringComparison.Ordinal), p => (string?)p[1]);

    [GeneratedRegex("sign in at /login as '[^']+' with password: (\\S+)")]
    private static partial Regex DevelopmentPassword();

    [GeneratedRegex("Authorization: Bearer (rwk_\\S+)")]
    private static partial Regex DevelopmentKey();
}
