using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RecoveryWorker.Pages;

/// <summary>Sign-out is a POST with the antiforgery token, so no link on another site can sign a person out.</summary>
internal sealed class LogoutModel(ILogger<LogoutModel> logger) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        var name = User.Identity?.Name;
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (name is not null)
        {
            logger.SignedOut(name);
        }

        return LocalRedirect("/login");
    }
}
