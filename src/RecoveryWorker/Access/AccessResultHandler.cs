using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace RecoveryWorker.Access;

/// <summary>
/// Programs get problem+json: 401 (with <c>WWW-Authenticate: Bearer</c>) without a valid key, 403 naming the missing
/// scope. Pages keep the cookie scheme's behaviour: to the login page, or "access denied".
/// </summary>
internal sealed class AccessResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !AccessPaths.IsForPrograms(context.Request))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Challenged)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            var presented = ApiKeyAuthenticationHandler.TryReadBearer(context.Request, out _);
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status401Unauthorized,
                    Title = "An API key is required.",
                    Detail = presented
                        ? "The API key sent in the Authorization header is not valid."
                        : "Send a key with the needed scope as 'Authorization: Bearer <key>'.",
                },
            });
            return;
        }

        var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [];
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not allowed.",
                Detail = reasons.Count > 0 ? string.Join(" ", reasons) : "The caller may not use this route.",
            },
        });
    }
}

/// <summary>Which requests come from programs (answered in problem+json) rather than people (answered with pages).</summary>
internal static class AccessPaths
{
    public static bool IsForPrograms(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/metrics") || request.Path.StartsWithSegments("/webhooks");
}
