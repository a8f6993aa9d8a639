using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace RecoveryWorker.Access;

/// <summary>
/// Refuses to start a service nobody can sign in to or call, and any entry that could never work, naming the key.
/// In Development the demo fills in what is missing first (<see cref="DevelopmentAccess"/>), so this holds everywhere.
/// </summary>
internal sealed partial class AccessOptionsValidator : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!options.HasPeople)
        {
            failures.Add("Auth:Users: nobody can sign in. Add a user: Auth:Users:{name}:PasswordHash (print one with `RecoveryWorker hash-password`) and Auth:Users:{name}:Role (admin or viewer), or single sign-on with Auth:Oidc:Authority.");
        }

        if (options.ApiKeys.Count == 0)
        {
            failures.Add("Auth:ApiKeys: no program can call the API. Add a key: `RecoveryWorker create-api-key NAME SCOPES...` prints one and the Auth:ApiKeys:{name}:Hash and Scopes settings that hold it.");
        }

        foreach (var (user, entry) in options.Users)
        {
            if (!IsIdentityV3Hash(entry.PasswordHash))
            {
                failures.Add($"Auth:Users:{user}:PasswordHash must be an ASP.NET Core Identity password hash (print one with `RecoveryWorker hash-password`).");
            }

            if (entry.Role is null || !Roles.All.Contains(entry.Role))
            {
                failures.Add($"Auth:Users:{user}:Role must be one of {string.Join(", ", Roles.All)}; it is '{entry.Role}'.");
            }
        }

        foreach (var (key, entry) in options.ApiKeys)
        {
            if (entry.Hash is null || !Sha256Hex().IsMatch(entry.Hash))
            {
                failures.Add($"Auth:ApiKeys:{key}:Hash must be the lowercase hex SHA-256 of the key (64 characters; `RecoveryWorker create-api-key` prints it).");
            }

            if (entry.Scopes.Count == 0)
            {
                failures.Add($"Auth:ApiKeys:{key}:Scopes must list at least one of {string.Join(", ", Scopes.All)}.");
            }

            foreach (var scope in entry.Scopes.Where(s => !Scopes.All.Contains(s)))
            {
                failures.Add($"Auth:ApiKeys:{key}:Scopes holds '{scope}', which is not a scope; use {string.Join(", ", Scopes.All)}.");
            }
        }

        if (options.Oidc.Enabled)
        {
            if (!Uri.TryCreate(options.Oidc.Authority, UriKind.Absolute, out _))
            {
                failures.Add($"Auth:Oidc:Authority must be an absolute URL; it is '{options.Oidc.Authority}'.");
            }

            if (string.IsNullOrWhiteSpace(options.Oidc.ClientId))
            {
                failures.Add("Auth:Oidc:ClientId is required when Auth:Oidc:Authority is set.");
            }

            if (options.Oidc.AdminValues.Count == 0 && options.Oidc.ViewerValues.Count == 0)
            {
                failures.Add("Auth:Oidc:AdminValues / ViewerValues: name the values of the role claim (Auth:Oidc:RoleClaim) that make an admin or a viewer; with none, nobody signing in would get a role.");
            }
        }

        if (options.SessionTimeout < TimeSpan.FromMinutes(1) || options.SessionTimeout > TimeSpan.FromDays(30))
        {
            failures.Add($"Auth:SessionTimeout must be between 1 minute and 30 days; it is {options.SessionTimeout}.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    /// <summary>Identity's V3 format: base64 of a 0x01 marker, PRF, iteration count, salt length, salt and subkey.</summary>
    private static bool IsIdentityV3Hash(string? hash)
    {
        if (string.IsNullOrWhiteSpace(hash))
        {
            return false;
        }

        var bytes = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length > 13 && bytes[0] == 0x01;
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
