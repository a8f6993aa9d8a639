using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Newtonsoft.Json.Linq;
using RecoveryWorker.Access;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Operations;

/// <summary>
/// docker-compose.yml's deployment without Docker: each service's own environment and secret files (as the operator
/// writes them, trailing newline included) mounted as the worker reads them, against a real PostgreSQL. migrate
/// runs once and exits 0; then the replicas start ready, let the admin sign in and the shop's key call, share the
/// sign-in, and stop cleanly on SIGTERM within the stop grace period.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class ComposeDeploymentTests : IDisposable
{
    private const string AdminPassword = "compose-admin-correct-horse";
    private const string ShopKey = "rwk_compose_shop_0123456789abcdefghijklmnopqrstuvw";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("rw-compose-");
    private readonly JObject _compose = ShippedFiles.Compose();

    [Fact]
    public async Task ComposeServices_MigrateThenReplicas_AreReadyLetPeopleAndProgramsInAndStopCleanly()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync("compose");
        // What README "Run it as a service" has the operator put in ./secrets/.
        var secretFiles = new Dictionary<string, string>
        {
            ["ConnectionStrings__RecoveryWorker"] = database,
            ["Auth__Users__admin__PasswordHash"] = new PasswordHasher<AccessUser>().HashPassword(new AccessUser(), AdminPassword),
            ["Auth__ApiKeys__shop__Hash"] = DevelopmentAccess.HashKey(ShopKey),
            ["postgres-password"] = "not used here: the test's server is already running",
        };
        var worker = (JObject)_compose["services"]!["worker"]!;
        var migrate = (JObject)_compose["services"]!["migrate"]!;

        var (exitCode, output) = await WorkerProcess.RunToExitAsync(Settings("migrate", migrate, secretFiles), string.Join(' ', migrate["command"]!.Values<string>()));
        Assert.True(exitCode == 0, output);

        var replicas = worker["deploy"]!["replicas"]!.Value<int>();
        var workers = new List<WorkerProcess>();
        try
        {
            for (var i = 1; i <= replicas; i++)
            {
                workers.Add(WorkerProcess.Start($"worker-{i}", Settings($"worker-{i}", worker, secretFiles)));
            }

            await Task.WhenAll(workers.Select(w => w.WaitUntilReadyAsync(TimeSpan.FromMinutes(2))));
            foreach (var replica in workers)
            {
                using var program = new HttpClient { BaseAddress = replica.BaseAddress };
                program.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ShopKey);
                using var cases = await program.GetAsync("/api/cases");
                Assert.True(cases.StatusCode == HttpStatusCode.OK, $"{replica.Name}: GET /api/cases with the shop key: {(int)cases.StatusCode}\n{replica.Tail()}");
            }

            // Signed in on one replica, known on the other: the key ring is shared through PostgreSQL.
            var cookies = new CookieContainer();
            using var first = Browser(workers[0], cookies);
            using var signIn = await SignIn.PostLoginAsync(first, "admin", AdminPassword);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            using var second = Browser(workers[^1], cookies);
            using var dashboard = await second.GetAsync("/hangfire");
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);

            var grace = ComposeFileTests.ComposeDuration(worker["stop_grace_period"]!.ToString());
            var exits = await Task.WhenAll(workers.Select(w => w.TerminateAsync(grace)));
            Assert.All(exits.Zip(workers), e => Assert.True(e.First == 0, $"{e.Second.Name} exit {e.First?.ToString(CultureInfo.InvariantCulture) ?? "none within " + grace}\n{e.Second.Tail()}"));
        }
        finally
        {
            foreach (var w in workers)
            {
                await w.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// One container of a service: the image's ENV, its compose environment, and its secrets (only those it lists) as files in a folder
    /// of their own. Nothing of the tests' usual settings: no test users or keys, no sandbox carrier.
    /// </summary>
    private Dictionary<string, string?> Settings(string container, JObject service, Dictionary<string, string> secretFiles)
    {
        var mounted = _root.CreateSubdirectory(container);
        foreach (var name in ComposeFileTests.Secrets(service))
        {
            Assert.True(secretFiles.TryGetValue(name, out var value), $"docker-compose.yml mounts secret '{name}'; README and this test must say what goes in it");
            File.WriteAllText(Path.Combine(mounted.FullName, name), value + "\n");
        }

        var settings = TestAccess.Settings.Keys.Append("Carriers:Sandbox:Enabled").ToDictionary(k => k, _ => (string?)null);
        // The image's own defaults first (its SQLite connection string among them): compose and the secrets must win.
        var image = ShippedFiles.ImageEnvironment();
        Assert.Contains("ConnectionStrings__RecoveryWorker", image.Keys);
        foreach (var (name, value) in image)
        {
            settings[name] = value;
        }

        foreach (var variable in ((JObject?)service["environment"])?.Properties() ?? [])
        {
            settings[variable.Name] = variable.Value.ToString();
        }

        settings["Secrets:Directory"] = mounted.FullName;
        return settings;
    }

    private static HttpClient Browser(WorkerProcess replica, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = replica.BaseAddress };

    public void Dispose() => _root.Delete(recursive: true);
}
