using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RecoveryWorker.Access;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>: the key's SHA-256 compared in constant time with every configured hash.
/// A fast hash is right here: keys are 256-bit random strings, not passwords a dictionary could guess.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AccessOptions> access) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadBearer(Request, out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        (string Name, AccessApiKey Key)? match = null;
        foreach (var (name, key) in access.CurrentValue.ApiKeys)
        {
            // Every configured key is compared, each in constant time: neither timing nor order tells a caller how
            // close a guess came.
            if (key.Hash is { Length: 64 } hex && Convert.FromHexString(hex, expected, out _, out _) == System.Buffers.OperationStatus.Done
                && CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                match = (name, key);
            }
        }

        if (match is not { } found)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, found.Name));
        foreach (var scope in found.Key.Scopes)
        {
            identity.AddClaim(new Claim(ScopeClaim, scope));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>Whether the request carries a bearer token (the default scheme uses this to pick the key handler).</summary>
    public static bool TryReadBearer(HttpRequest request, out string token)
    {
        token = "";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = header["Bearer ".Length..].Trim();
        return token.Length > 0;
    }
}
