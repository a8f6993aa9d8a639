using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace RecoveryWorker.Access;

/// <summary>
/// A route's scope: met by an API key that holds it, or, for reads, by a signed-in person whose role grants it.
/// Writes with a browser session are refused: a cookie rides along on any cross-site request, a key does not.
/// </summary>
internal sealed class ScopeRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}

internal sealed class ScopeRequirementHandler(IHttpContextAccessor http) : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var user = context.User;
        if (user.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
        {
            if (user.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, requirement.Scope))
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new AuthorizationFailureReason(this, $"The API key '{user.Identity.Name}' lacks the scope '{requirement.Scope}'."));
            }

            return Task.CompletedTask;
        }

        if (user.Identity?.IsAuthenticated == true)
        {
            var method = http.HttpContext?.Request.Method;
            if (!HttpMethods.IsGet(method ?? "") && !HttpMethods.IsHead(method ?? ""))
            {
                context.Fail(new AuthorizationFailureReason(this, $"Writes to the API need an API key with the scope '{requirement.Scope}'; a signed-in session only reads."));
            }
            else if (user.FindFirstValue(ClaimTypes.Role) is { } role && Scopes.GrantedToRole(role, requirement.Scope))
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new AuthorizationFailureReason(this, $"Your role does not grant '{requirement.Scope}'."));
            }
        }

        return Task.CompletedTask;
    }
}
