using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RecoveryWorker.Access;

namespace RecoveryWorker.Pages;

/// <summary>Password sign-in for the people in Auth:Users (and a link to single sign-on when configured).</summary>
[EnableRateLimiting(AccessPolicies.SignInLimit)]
internal sealed class LoginModel(PasswordSignIn signIn, IOptionsMonitor<AccessOptions> access, ILogger<LoginModel> logger) : PageModel
{
    public const string Landing = "/hangfire";

    public string? Error { get; private set; }

    public string? UserName { get; private set; }

    public string? ReturnUrl { get; private set; }

    public bool SingleSignOn => access.CurrentValue.Oidc.Enabled;

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl)
    {
        ReturnUrl = returnUrl;
        UserName = userName;
        var person = signIn.Check(userName?.Trim(), password);
        if (person is null)
        {
            // One message for an unknown user and a wrong password, so the page does not confirm who exists.
            logger.SignInRefused(HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            Error = "Wrong user name or password.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, person, new AuthenticationProperties { IsPersistent = false });
        logger.SignedIn(person.Identity!.Name!, PasswordSignIn.Method);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : Landing);
    }
}
