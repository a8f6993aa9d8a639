namespace RecoveryWorker.Access;

/// <summary>
/// Who may call what (section <c>Auth</c>). People sign in at <c>/login</c> (users below, or a company's OpenID
/// Connect provider) and get the console and the Hangfire dashboard; programs send an API key as a bearer token.
/// Secrets never live here: a user has a password <em>hash</em>, a key its SHA-256.
/// </summary>
public sealed class AccessOptions
{
    public const string SectionName = "Auth";

    /// <summary>People who sign in with a password, by user name.</summary>
    public Dictionary<string, AccessUser> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Programs, by key name (the name shows in logs and rate limits; the key itself never does).</summary>
    public Dictionary<string, AccessApiKey> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Optional single sign-on. Off while <see cref="OidcAccess.Authority"/> is empty.</summary>
    public OidcAccess Oidc { get; set; } = new();

    /// <summary>How long a person stays signed in without activity.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Whether anyone can sign in: password users, or single sign-on.</summary>
    internal bool HasPeople => Users.Count > 0 || Oidc.Enabled;
}

public sealed class AccessUser
{
    /// <summary>ASP.NET Core Identity's password hash format (<c>RecoveryWorker hash-password</c> prints one).</summary>
    public string? PasswordHash { get; set; }

    /// <summary><c>admin</c> (dashboard actions, every API scope) or <c>viewer</c> (reads only).</summary>
    public string? Role { get; set; }
}

public sealed class AccessApiKey
{
    /// <summary>Lowercase hex SHA-256 of the key (<c>RecoveryWorker create-api-key</c> prints it with a new key).</summary>
    public string? Hash { get; set; }

    /// <summary>What the key may do: see <see cref="Scopes"/>.</summary>
    public List<string> Scopes { get; set; } = [];
}

/// <summary>OpenID Connect (authorization code flow) against the company's identity provider.</summary>
public sealed class OidcAccess
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim of the ID token that carries the person's roles or groups.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Values of <see cref="RoleClaim"/> that make an admin.</summary>
    public List<string> AdminValues { get; set; } = [];

    /// <summary>Values of <see cref="RoleClaim"/> that make a viewer. A person with neither is refused.</summary>
    public List<string> ViewerValues { get; set; } = [];

    /// <summary>Off only for a test provider on plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    internal bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>The roles of people.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Viewer];
}

/// <summary>What an API key may do. Later features add their own scope here.</summary>
public static class Scopes
{
    public const string ShipmentsWrite = "shipments:write";
    public const string CasesRead = "cases:read";
    public const string MetricsRead = "metrics:read";
    public const string CustomersErase = "customers:erase";
    public const string TrackingWrite = "tracking:write";
    public const string ClaimsWrite = "claims:write";

    /// <summary>Marks compensation granted, redeemed or withdrawn (reading the ledger needs <see cref="CasesRead"/>).</summary>
    public const string CompensationsWrite = "compensations:write";

    public static readonly IReadOnlyList<string> All = [ShipmentsWrite, CasesRead, MetricsRead, CustomersErase, TrackingWrite, ClaimsWrite, CompensationsWrite];

    /// <summary>
    /// What a signed-in person may do on the API with their browser session: viewers read, admins read and erase.
    /// Writes through the API with a session cookie are refused regardless (see <see cref="ScopeRequirement"/>).
    /// </summary>
    internal static bool GrantedToRole(string role, string scope) => role switch
    {
        Roles.Admin => true,
        Roles.Viewer => scope is CasesRead or MetricsRead,
        _ => false,
    };
}
