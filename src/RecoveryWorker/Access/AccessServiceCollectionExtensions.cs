using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Access;

/// <summary>The policies routes name. Every route names one (or is explicitly anonymous); anything else needs a sign-in.</summary>
internal static class AccessPolicies
{
    /// <summary>A signed-in person, admin or viewer: the dashboard (read-only for viewers) and the console.</summary>
    public const string People = "people";

    /// <summary>A signed-in admin: actions in the dashboard and the console.</summary>
    public const string Admin = "admin";

    /// <summary>The policy of a scope: an API key holding it, or for reads a person whose role grants it.</summary>
    public static string Scope(string scope) => "scope:" + scope;

    public const string SignInLimit = "sign-in";
}

internal static class AccessServiceCollectionExtensions
{
    private const string DefaultScheme = "KeyOrCookie";

    /// <summary>How many times a caller's rate limit a vendor's webhook deliveries get from one address.</summary>
    private const int WebhookScale = 10;

    /// <summary>Sign-in for people (cookie, optional OpenID Connect), API keys for programs, the policies, and the limits.</summary>
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        DevelopmentAccess.FillIn(builder);
        builder.AddSharedKeyRing();
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<AccessOptions, AccessOptionsValidator>().BindConfiguration(AccessOptions.SectionName);
        services.AddOptionsWithValidateOnStart<LimitsOptions, LimitsOptionsValidator>().BindConfiguration(LimitsOptions.SectionName);
        services.AddHttpContextAccessor();
        services.AddSingleton<IPasswordHasher<AccessUser>, PasswordHasher<AccessUser>>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AccessResultHandler>();

        var access = builder.Configuration.GetSection(AccessOptions.SectionName).Get<AccessOptions>() ?? new AccessOptions();
        var authentication = services.AddAuthentication(DefaultScheme)
            // A bearer token means a program: the key handler. Anything else is a person's cookie (or nobody).
            .AddPolicyScheme(DefaultScheme, "API key or sign-in", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.TryReadBearer(context.Request, out _) ? ApiKeyAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "rw.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;   // TLS usually ends at the ingress in front
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/login/denied";
                o.ExpireTimeSpan = access.SessionTimeout;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = PasswordSessions.ValidateAsync;
            });

        if (access.Oidc.Enabled)
        {
            authentication.AddOpenIdConnect(o =>
            {
                o.Authority = access.Oidc.Authority;
                o.ClientId = access.Oidc.ClientId;
                o.ClientSecret = access.Oidc.ClientSecret;
                o.RequireHttpsMetadata = access.Oidc.RequireHttpsMetadata;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                o.Events.OnTokenValidated = context => OidcRoles.Apply(context, access.Oidc);
            });
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AccessPolicies.People, p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireRole(Roles.All))
            .AddPolicy(AccessPolicies.Admin, p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireRole(Roles.Admin));
        services.Configure<AuthorizationOptions>(o =>
        {
            foreach (var scope in Scopes.All)
            {
                o.AddPolicy(AccessPolicies.Scope(scope), p => p.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)));
            }
        });

        var limits = builder.Configuration.GetSection(LimitsOptions.SectionName).Get<LimitsOptions>() ?? new LimitsOptions();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limits.MaxRequestBodySize);
        // Kestrel refuses an over-long body with BadHttpRequestException(413) while the route reads it: answer its status
        // (problem+json through the exception handler), not a 500.
        services.Configure<ExceptionHandlerOptions>(o =>
        {
            o.StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            // A caller's oversized or malformed request is the caller's problem, not an error of ours to page anyone about.
            o.SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException;
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RateLimitRejection.WriteAsync;
            // Per caller on the routes programs call: one busy integration cannot starve the others or the database.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!AccessPaths.IsForPrograms(context.Request))
                {
                    return RateLimitPartition.GetNoLimiter("pages");
                }

                var options = context.RequestServices.GetRequiredService<IOptionsMonitor<LimitsOptions>>().CurrentValue;
                // A vendor's webhooks (Shopify, UPS) come in bursts from a few addresses and carry no key: their address
                // gets ten times a caller's bucket, so a burst is taken and a flood of unsigned requests is still bounded.
                var webhook = context.Request.Path.StartsWithSegments("/webhooks");
                var scale = webhook ? WebhookScale : 1;
                return RateLimitPartition.GetTokenBucketLimiter((webhook ? "webhook:" : "") + CallerOf(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst * scale,
                    TokensPerPeriod = options.RequestsPerSecond * scale,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.AddPolicy(AccessPolicies.SignInLimit, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptionsMonitor<LimitsOptions>>().CurrentValue;
                return RateLimitPartition.GetFixedWindowLimiter("ip:" + context.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.SignInAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });

        services.AddRazorPages(o => o.Conventions.AllowAnonymousToPage("/Login").AllowAnonymousToPage("/Denied")
            .AuthorizeFolder("/Console", AccessPolicies.People)); // the console: people only, never an API key
        return builder;
    }

    /// <summary>Security headers, authentication, the limits and authorization, in that order (after routing).</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<SecurityHeaders>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static string CallerOf(HttpContext context) => context.User.Identity is { IsAuthenticated: true } identity
        ? $"{identity.AuthenticationType}:{identity.Name}"
        : "anonymous:" + context.Connection.RemoteIpAddress;
}

/// <summary>Maps the identity provider's role claim to our roles; a person with no role we know is refused.</summary>
internal static class OidcRoles
{
    public static Task Apply(Microsoft.AspNetCore.Authentication.OpenIdConnect.TokenValidatedContext context, OidcAccess oidc)
    {
        var values = context.Principal?.FindAll(oidc.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal) ?? [];
        string? role = oidc.AdminValues.Any(values.Contains) ? Roles.Admin : oidc.ViewerValues.Any(values.Contains) ? Roles.Viewer : null;
        if (role is null)
        {
            context.Fail($"The identity provider gave no value of '{oidc.RoleClaim}' that Auth:Oidc maps to a role.");
            return Task.CompletedTask;
        }

        var name = context.Principal!.FindFirstValue("preferred_username") ?? context.Principal!.FindFirstValue("sub") ?? "unknown";
        context.Principal = PasswordSignIn.Person(name, role, "oidc");
        return Task.CompletedTask;
    }
}

/// <summary>
/// A password user's session lasts only while the configuration still has that user with that role: removing a user or
/// changing a role takes effect at the person's next request, not when the cookie expires.
/// </summary>
internal static class PasswordSessions
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue(ClaimTypes.AuthenticationMethod) != PasswordSignIn.Method)
        {
            return;
        }

        var users = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<AccessOptions>>().CurrentValue.Users;
        var name = principal.Identity?.Name;
        if (name is null || !users.TryGetValue(name, out var user) || user.Role is null || !principal.IsInRole(user.Role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}

/// <summary>429 in problem+json, with Retry-After when the limiter knows it.</summary>
internal static class RateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"This caller sent more than its share (Limits:RequestsPerSecond, Limits:Burst); retry after {seconds} s.",
            },
        });
    }
}

/// <summary>The people's pages: sign-in (with single sign-on when configured), sign-out, and the home page.</summary>
internal static class AccessPages
{
    public static WebApplication MapAccessPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRazorPages();
        app.MapGet("/login/oidc", (string? returnUrl, HttpContext context) =>
            context.RequestServices.GetRequiredService<IOptionsMonitor<AccessOptions>>().CurrentValue.Oidc.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : Pages.LoginModel.Landing }, [OpenIdConnectDefaults.AuthenticationScheme])
                : Results.NotFound())
            .AllowAnonymous()
            .RequireRateLimiting(AccessPolicies.SignInLimit);
        return app;
    }

    private static bool IsLocal(string? url) => url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}

/// <summary>
/// The data protection key ring that signs sign-in cookies and antiforgery tokens. Every replica must read every
/// other's cookies, so on PostgreSQL the ring lives in the shared database; the one-replica SQLite default keeps it in a
/// folder beside the database file (the container's data volume), so a restart does not sign everyone out.
/// </summary>
internal static class KeyRing
{
    public static void AddSharedKeyRing(this WebApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("RecoveryWorker");
        var (storage, connectionString) = builder.Configuration.StorageSettings();
        if (storage.Provider == StorageProvider.Postgres)
        {
            dataProtection.PersistKeysToDbContext<RecoveryDbContext>();
            return;
        }

        var database = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database)) ?? ".", "keys");
        dataProtection.PersistKeysToFileSystem(new DirectoryInfo(folder));
    }
}
