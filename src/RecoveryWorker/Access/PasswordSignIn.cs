using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace RecoveryWorker.Access;

/// <summary>
/// Checks a user name and password against <c>Auth:Users</c> with ASP.NET Core Identity's hasher. An unknown user
/// costs the same hash as a known one and gets the same answer, so neither timing nor wording tells who exists.
/// </summary>
internal sealed class PasswordSignIn(IOptionsMonitor<AccessOptions> access, IPasswordHasher<AccessUser> hasher)
{
    /// <summary>The authentication method claim of a session made with a password (single sign-on says "oidc").</summary>
    public const string Method = "password";

    // A hash of a random password, checked when the user is unknown so the answer takes as long as a real check.
    private static readonly string DecoyHash = new PasswordHasher<AccessUser>().HashPassword(new AccessUser(), Guid.NewGuid().ToString("N"));

    public ClaimsPrincipal? Check(string? userName, string? password)
    {
        var known = userName is not null && access.CurrentValue.Users.TryGetValue(userName, out var user) ? user : null;
        var outcome = hasher.VerifyHashedPassword(known ?? new AccessUser(), known?.PasswordHash ?? DecoyHash, password ?? "");
        if (known is null || outcome == PasswordVerificationResult.Failed)
        {
            return null;
        }

        // The name as configured, not as typed: Auth:Users is case-insensitive, the audit trail should not be.
        var name = access.CurrentValue.Users.Keys.First(k => string.Equals(k, userName, StringComparison.OrdinalIgnoreCase));
        return Person(name, known.Role!, Method);
    }

    public static ClaimsPrincipal Person(string name, string role, string method)
    {
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(ClaimTypes.Role, role));
        identity.AddClaim(new Claim(ClaimTypes.AuthenticationMethod, method));
        return new ClaimsPrincipal(identity);
    }
}
