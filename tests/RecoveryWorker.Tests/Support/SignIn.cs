using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RecoveryWorker.Tests.Support;

/// <summary>A person's browser session against an in-process host: cookies kept, redirects shown, no API key.</summary>
internal static partial class SignIn
{
    public static HttpClient Anonymous(WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        TestAccess.Authorize(client, key: null);
        return client;
    }

    /// <summary>Signs in through the login form (antiforgery token included) and returns the session's client.</summary>
    public static async Task<HttpClient> AsAsync(WebApplicationFactory<Program> host, string user, string password)
    {
        var client = Anonymous(host);
        using var response = await PostLoginAsync(client, user, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string user, string password, string? returnUrl = null)
    {
        var token = await AntiforgeryTokenAsync(client, "/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user,
            ["password"] = password,
            ["returnUrl"] = returnUrl ?? "",
            ["__RequestVerificationToken"] = token,
        });
        return await client.PostAsync("/login", form);
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return TokenInput().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"{page} has no antiforgery token:\n{html}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
