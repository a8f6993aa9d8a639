using System.Net;
using System.Reflection;
using RecoveryWorker.Connectors;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Operations;

/// <summary>config/recoveryworker.env.example: it names every setting the worker reads, and it runs as it is.</summary>
public sealed class EnvExampleTests
{
    [Fact]
    public async Task EnvExample_AsItIs_StartsAProductionReplicaOnSqliteThatIsReady()
    {
        using var folder = new WorkerFolder();
        var example = ShippedFiles.EnvExampleSettings();
        // Only the container's /data volume moves to a folder of this test; nothing else is added.
        var settings = example.ToDictionary(s => s.Key, s => (string?)s.Value.Replace("/data/", Path.GetDirectoryName(folder.Database) + "/", StringComparison.Ordinal));
        foreach (var key in TestAccess.Settings.Keys.Append("Carriers:Sandbox:Enabled"))
        {
            settings.TryAdd(key, null);
        }

        await using var worker = WorkerProcess.Start("env-example", settings);
        await worker.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("Production", settings["ASPNETCORE_ENVIRONMENT"]);
        Assert.True(File.Exists(folder.Database), "the SQLite file was not created where the example puts it");
        using var http = new HttpClient { BaseAddress = worker.BaseAddress };
        // The example's access entries are locked: they let the service start, and nobody in.
        using var call = await http.GetAsync("/api/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, call.StatusCode);
    }

    [Fact]
    public void EnvExample_EveryOptionsSection_NamesEverySetting()
    {
        var named = ShippedFiles.EnvExampleNames();
        var settings = OptionsTypes().SelectMany(t => Settings((string)t.GetField("SectionName")!.GetValue(null)!, t, depth: 0)).ToList();

        var missing = settings.Where(s => !named.Contains(s)).ToList();

        Assert.NotEmpty(settings);
        Assert.True(missing.Count == 0, "config/recoveryworker.env.example lacks (add them, commented out with their default):\n" + string.Join("\n", missing.Select(m => "# " + m + "=")));
    }

    [Fact]
    public void EnvExample_HostAndSecretsSettings_AreNamed()
    {
        var named = ShippedFiles.EnvExampleNames();

        Assert.Superset(new HashSet<string> { "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_HTTP_PORTS", "HostOptions__ShutdownTimeout", "Secrets__Directory", "ConnectionStrings__RecoveryWorker", "Auth__Users__admin__PasswordHash", "Auth__ApiKeys__shop__Hash" }, named);
    }

    /// <summary>Every options class of the worker and the connectors: the ones with a SectionName constant.</summary>
    private static IEnumerable<Type> OptionsTypes() =>
        new[] { typeof(Program).Assembly, typeof(HelpdeskOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });

    /// <summary>Env names of the settable scalars (and lists of scalars, as __0) of a section; dictionaries are keyed by the operator.</summary>
    private static IEnumerable<string> Settings(string prefix, Type type, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            var name = prefix.Replace(":", "__", StringComparison.Ordinal) + "__" + property.Name;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                yield return name;
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(List<>))
            {
                if (IsScalar(propertyType.GetGenericArguments()[0]))
                {
                    yield return name + "__0";
                }
            }
            else if (propertyType.IsClass && !propertyType.IsGenericType && depth < 2)
            {
                foreach (var nested in Settings(name, propertyType, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(DateOnly);
}
