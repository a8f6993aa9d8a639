using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace RecoveryWorker.Access;

/// <summary>
/// `dotnet run` works with no setup: in Development, when no user or no API key is configured, one of each is made
/// for this run only and printed once, loudly. Nowhere else: outside Development a service without them does not start.
/// </summary>
internal static class DevelopmentAccess
{
    public const string UserName = "admin";
    public const string KeyName = "development";

    public static void FillIn(WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return;
        }

        var configured = builder.Configuration.GetSection(AccessOptions.SectionName).Get<AccessOptions>() ?? new AccessOptions();
        var settings = new Dictionary<string, string?>();
        var banner = new StringBuilder();
        if (!configured.HasPeople)
        {
            var password = NewSecret(18);
            settings[$"Auth:Users:{UserName}:PasswordHash"] = new PasswordHasher<AccessUser>().HashPassword(new AccessUser(), password);
            settings[$"Auth:Users:{UserName}:Role"] = Roles.Admin;
            banner.AppendLine(CultureInfo.InvariantCulture, $"  sign in at /login as '{UserName}' with password: {password}");
        }

        if (configured.ApiKeys.Count == 0)
        {
            var key = NewApiKey();
            settings[$"Auth:ApiKeys:{KeyName}:Hash"] = HashKey(key);
            for (var i = 0; i < Scopes.All.Count; i++)
            {
                settings[$"Auth:ApiKeys:{KeyName}:Scopes:{i}"] = Scopes.All[i];
            }

            banner.AppendLine(CultureInfo.InvariantCulture, $"  API key '{KeyName}' (every scope): Authorization: Bearer {key}");
        }

        if (settings.Count == 0)
        {
            return;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        // Straight to the console, not the log: a log may be shipped somewhere, and these are secrets (of one dev run).
        Console.Error.WriteLine(
            $"""
            ================================================================================
             DEVELOPMENT ONLY: no Auth:Users / Auth:ApiKeys configured, so this run made its own.
             They are valid until the process stops and are never stored.
            {banner.ToString().TrimEnd()}
             Outside Development the service refuses to start without configured ones.
            ================================================================================
            """);
    }

    /// <summary>A new API key: 32 random bytes, URL-safe base64 with a prefix that says what it is.</summary>
    public static string NewApiKey() => "rwk_" + NewSecret(32);

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string NewSecret(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
