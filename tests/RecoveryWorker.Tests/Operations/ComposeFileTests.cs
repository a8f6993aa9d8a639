using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace RecoveryWorker.Tests.Operations;

/// <summary>
/// docker-compose.yml, read where no Docker engine runs: valid against the official Compose schema, and shaped as the
/// README promises (PostgreSQL with a volume and a health check, a one-shot migrate, two Production replicas after it,
/// secrets as files under /run/secrets, one published port per replica, a stop grace longer than the worker's stop).
/// </summary>
public sealed partial class ComposeFileTests
{
    private readonly JObject _compose = ShippedFiles.Compose();

    private JObject Service(string name) => (JObject?)_compose["services"]?[name] ?? throw new InvalidOperationException($"docker-compose.yml has no service '{name}'");

    private static string Text(JToken? token) => token?.Type is JTokenType.String or JTokenType.Integer or JTokenType.Boolean ? token.ToString() : "";

    [Fact]
    public async Task ComposeFile_AgainstTheComposeSpecification_IsValid()
    {
        var schema = await JsonSchema.FromFileAsync(ShippedFiles.ComposeSchema);

        var errors = schema.Validate(_compose.ToString());

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Fact]
    public async Task ComposeSchema_MisspelledDeployKey_IsRefused()
    {
        // The check above is only worth something if the schema catches a mistake in this very file.
        var schema = await JsonSchema.FromFileAsync(ShippedFiles.ComposeSchema);
        var broken = (JObject)_compose.DeepClone();
        ((JObject)broken["services"]!["worker"]!["deploy"]!)["replica"] = 2;

        var errors = schema.Validate(broken.ToString());

        Assert.Contains(errors, e => e.Path?.Contains("services.worker", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Worker_InCompose_RunsTwoProductionReplicasOnPostgresAfterMigrateSucceeded()
    {
        var worker = Service("worker");

        Assert.Equal(2, worker["deploy"]?["replicas"]?.Value<int>());
        Assert.Equal("Production", Text(worker["environment"]?["ASPNETCORE_ENVIRONMENT"]));
        Assert.Equal("Postgres", Text(worker["environment"]?["Storage__Provider"]));
        Assert.Equal("service_completed_successfully", Text(worker["depends_on"]?["migrate"]?["condition"]));
        Assert.Equal("service_healthy", Text(worker["depends_on"]?["db"]?["condition"]));
        Assert.Equal("unless-stopped", Text(worker["restart"]));
    }

    [Fact]
    public void Migrate_InCompose_IsAOneShotOfTheWorkerImageRunningTheMigrateCommand()
    {
        var migrate = Service("migrate");
        var worker = Service("worker");

        Assert.Equal(["migrate"], migrate["command"]?.Values<string>() ?? []);
        Assert.Equal(Text(worker["image"]), Text(migrate["image"]));
        Assert.Equal(worker["build"]?.ToString(), migrate["build"]?.ToString());
        Assert.Equal("no", Text(migrate["restart"]));
        Assert.Null(migrate["ports"]);
        Assert.Null(migrate["deploy"]?["replicas"]);
        Assert.Equal("Postgres", Text(migrate["environment"]?["Storage__Provider"]));
        Assert.Equal("service_healthy", Text(migrate["depends_on"]?["db"]?["condition"]));
        Assert.Contains("ConnectionStrings__RecoveryWorker", Secrets(migrate));
    }

    [Fact]
    public void Secrets_InCompose_AreFilesUnderSecretsMountedAtRunSecretsNamedLikeTheSetting()
    {
        var declared = (JObject?)_compose["secrets"] ?? [];
        string[] workerAndMigrate = [.. Secrets(Service("worker")).Concat(Secrets(Service("migrate"))).Distinct()];

        Assert.NotEmpty(workerAndMigrate);
        Assert.All(workerAndMigrate, name =>
        {
            // The worker reads /run/secrets key-per-file: the file name is the setting, "__" for ":".
            Assert.Contains("__", name, StringComparison.Ordinal);
            Assert.Equal($"./secrets/{name}", Text(declared[name]?["file"]));
        });
        Assert.All(new[] { Service("worker"), Service("migrate") }.SelectMany(s => s["secrets"] ?? new JArray()), entry =>
            Assert.True(entry.Type == JTokenType.String || Text(entry["target"]) is "" || Text(entry["target"]).StartsWith("/run/secrets/", StringComparison.Ordinal), entry.ToString()));
        Assert.Contains("ConnectionStrings__RecoveryWorker", workerAndMigrate);
        Assert.Contains(workerAndMigrate, n => n.StartsWith("Auth__Users__", StringComparison.Ordinal) && n.EndsWith("__PasswordHash", StringComparison.Ordinal));
        Assert.Contains(workerAndMigrate, n => n.StartsWith("Auth__ApiKeys__", StringComparison.Ordinal) && n.EndsWith("__Hash", StringComparison.Ordinal));
        Assert.Equal("/run/secrets/postgres-password", Text(Service("db")["environment"]?["POSTGRES_PASSWORD_FILE"]));
        Assert.Equal("./secrets/postgres-password", Text(declared["postgres-password"]?["file"]));
    }

    [Fact]
    public void Environment_InCompose_HoldsNoSecret()
    {
        var names = _compose["services"]!.Children<JProperty>()
            .SelectMany(s => ((JObject?)s.Value["environment"])?.Properties().Select(p => p.Name) ?? []);

        Assert.DoesNotContain(names, n => SecretName().IsMatch(n));
    }

    [Fact]
    public void Database_InCompose_KeepsItsDataOnANamedVolumeAndReportsHealthWithPgIsReady()
    {
        var db = Service("db");

        Assert.Matches("^postgres:1[67]", Text(db["image"]));
        var dataVolume = db["volumes"]?.Values<string>().SingleOrDefault(v => v?.EndsWith(":/var/lib/postgresql/data", StringComparison.Ordinal) == true);
        Assert.NotNull(dataVolume);
        Assert.NotNull(_compose["volumes"]?[dataVolume.Split(':')[0]]);
        Assert.Contains("pg_isready", string.Join(" ", db["healthcheck"]?["test"]?.Values<string>() ?? []), StringComparison.Ordinal);
    }

    [Fact]
    public void Ports_InCompose_OnlyTheWorkerPublishesOnePortMappingToItsHttpPort()
    {
        var published = _compose["services"]!.Children<JProperty>().Where(s => s.Value["ports"] is not null).Select(s => s.Name);
        var ports = Service("worker")["ports"]!;

        Assert.Equal(["worker"], published);
        var mapping = Assert.Single(ports).ToString();
        Assert.EndsWith(":8080", mapping, StringComparison.Ordinal);
        // A host range: each replica gets its own port of it, so it must hold at least one port per replica.
        var hosts = PortRange().Match(mapping);
        Assert.True(hosts.Success, mapping);
        var first = int.Parse(hosts.Groups["first"].Value, CultureInfo.InvariantCulture);
        var last = hosts.Groups["last"].Success ? int.Parse(hosts.Groups["last"].Value, CultureInfo.InvariantCulture) : first;
        Assert.True(last - first + 1 >= Service("worker")["deploy"]!["replicas"]!.Value<int>(), mapping);
    }

    [Fact]
    public void StopGracePeriod_InCompose_IsLongerThanTheWorkersShutdownTimeout()
    {
        using var appSettings = JsonDocument.Parse(File.ReadAllText(ShippedFiles.AppSettings));
        var shutdown = TimeSpan.Parse(appSettings.RootElement.GetProperty("HostOptions").GetProperty("ShutdownTimeout").GetString()!, CultureInfo.InvariantCulture);

        var grace = ComposeDuration(Text(Service("worker")["stop_grace_period"]));

        Assert.True(grace > shutdown, $"stop_grace_period {grace} must exceed HostOptions:ShutdownTimeout {shutdown}, or Docker kills the worker mid-stop");
    }

    internal static string[] Secrets(JObject service) =>
        [.. (service["secrets"] ?? new JArray()).Select(s => s.Type == JTokenType.String ? s.ToString() : Text(s["source"]))];

    /// <summary>Compose durations: "40s", "1m30s", "500ms".</summary>
    internal static TimeSpan ComposeDuration(string value)
    {
        var parts = DurationPart().Matches(value);
        Assert.True(parts.Count > 0 && string.Concat(parts.Select(p => p.Value)) == value, $"'{value}' is not a Compose duration");
        return parts.Aggregate(TimeSpan.Zero, (sum, p) => sum + (p.Groups["unit"].Value switch
        {
            "h" => TimeSpan.FromHours(double.Parse(p.Groups["n"].Value, CultureInfo.InvariantCulture)),
            "m" => TimeSpan.FromMinutes(double.Parse(p.Groups["n"].Value, CultureInfo.InvariantCulture)),
            "s" => TimeSpan.FromSeconds(double.Parse(p.Groups["n"].Value, CultureInfo.InvariantCulture)),
            "ms" => TimeSpan.FromMilliseconds(double.Parse(p.Groups["n"].Value, CultureInfo.InvariantCulture)),
            var unit => throw new FormatException($"unit '{unit}' in '{value}'"),
        }));
    }

    [GeneratedRegex(@"(Password|PasswordHash|Hash|Secret|ApiKey|ApiToken|ConnectionStrings)(__|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^(?<first>[0-9]+)(-(?<last>[0-9]+))?:8080$")]
    private static partial Regex PortRange();

    [GeneratedRegex(@"(?<n>[0-9]+(\.[0-9]+)?)(?<unit>ms|h|m|s)")]
    private static partial Regex DurationPart();
}
