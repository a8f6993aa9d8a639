using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using RecoveryWorker.Access;

namespace RecoveryWorker.Tests.Support;

/// <summary>
/// The credentials every test host is configured with: an API key holding every scope (sent by default by the hosts'
/// clients, as a program would), an admin and a viewer who sign in with passwords, and keys of one scope each.
/// </summary>
internal static class TestAccess
{
    public const string AllScopesKey = "rwk_tests_every_scope_0123456789abcdefghijklmnopqrstuv";
    public const string AdminName = "ada";
    public const string AdminPassword = "ada-correct-horse-battery";
    public const string ViewerName = "vic";
    public const string ViewerPassword = "vic-correct-horse-battery";

    private static readonly Lazy<Dictionary<string, string?>> Defaults = new(() =>
    {
        var hasher = new PasswordHasher<AccessUser>();
        var settings = new Dictionary<string, string?>
        {
            [$"Auth:Users:{AdminName}:PasswordHash"] = hasher.HashPassword(new AccessUser(), AdminPassword),
            [$"Auth:Users:{AdminName}:Role"] = Roles.Admin,
            [$"Auth:Users:{ViewerName}:PasswordHash"] = hasher.HashPassword(new AccessUser(), ViewerPassword),
            [$"Auth:Users:{ViewerName}:Role"] = Roles.Viewer,
            ["Auth:ApiKeys:tests:Hash"] = DevelopmentAccess.HashKey(AllScopesKey),
            // Tests post as fast as they can; the limiter has its own tests with their own numbers.
            ["Limits:RequestsPerSecond"] = "100000",
            ["Limits:Burst"] = "100000",
            ["Limits:SignInAttemptsPerMinute"] = "10000",
        };
        for (var i = 0; i < Scopes.All.Count; i++)
        {
            settings[$"Auth:ApiKeys:tests:Scopes:{i}"] = Scopes.All[i];
            settings[$"Auth:ApiKeys:{OnlyKeyName(Scopes.All[i])}:Hash"] = DevelopmentAccess.HashKey(OnlyKey(Scopes.All[i]));
            settings[$"Auth:ApiKeys:{OnlyKeyName(Scopes.All[i])}:Scopes:0"] = Scopes.All[i];
        }

        return settings;
    });

    /// <summary>Settings (configuration keys with ':') that every test host starts with.</summary>
    public static IReadOnlyDictionary<string, string?> Settings => Defaults.Value;

    /// <summary>A key that holds only <paramref name="scope"/>.</summary>
    public static string OnlyKey(string scope) => "rwk_tests_only_" + scope.Replace(':', '_') + "_0123456789abcdefghijklmnop";

    public static string OnlyKeyName(string scope) => "only-" + scope.Replace(':', '-');

    public static void Authorize(HttpClient client, string? key = AllScopesKey) =>
        client.DefaultRequestHeaders.Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key);
}
