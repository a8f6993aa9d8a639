using System.Text.Json;
using Microsoft.Extensions.Logging;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;
using RestSharp;
using RestSharp.Authenticators;

namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>
/// The UPS OAuth client-credentials token request and UPS's error envelope, shared by the Track API and Track Alert
/// (one token per process, held by the keyed <see cref="OAuthTokenCache"/>).
/// </summary>
internal static class UpsOAuth
{
    private const string TokenPath = "security/v1/oauth/token";

    /// <summary>When UPS leaves out expires_in; its tokens last about four hours, one hour is safe.</summary>
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(1);

    public static async Task<OAuthToken> FetchTokenAsync(RestClient rest, UpsOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var request = new RestRequest(TokenPath, Method.Post)
        {
            Authenticator = new HttpBasicAuthenticator(options.ClientId, options.ClientSecret),
        };
        request.AddParameter("grant_type", "client_credentials");   // x-www-form-urlencoded body
        request.AddHeader("Accept", "application/json");

        var response = await rest.ExecuteAsync(request, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (!response.IsSuccessStatusCode || response.ResponseStatus != ResponseStatus.Completed)
        {
            var error = Failure("UPS OAuth token", response);
            logger.TokenFailed(error.Kind, error.Message);
            return new OAuthToken("", TimeSpan.Zero, error);
        }

        UpsTokenResponse? body = null;
        try
        {
            body = string.IsNullOrWhiteSpace(response.Content) ? null : JsonSerializer.Deserialize<UpsTokenResponse>(response.Content, UpsTrackingParser.JsonOptions);
        }
        catch (JsonException)
        {
            // Reported below as malformed; the body may hold the token, so it is never logged.
        }

        if (body?.AccessToken is not { Length: > 0 } accessToken)
        {
            var error = HttpErrors.Malformed("UPS OAuth token", "the answer has no access_token");
            logger.TokenFailed(error.Kind, error.Message);
            return new OAuthToken("", TimeSpan.Zero, error);
        }

        var lifetime = body.ExpiresIn is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : DefaultTokenLifetime;
        logger.TokenFetched((long)lifetime.TotalSeconds);
        return new OAuthToken(accessToken, lifetime, null);
    }

    /// <summary>An HTTP failure as a result, with UPS's error codes (codes only: messages may echo request data).</summary>
    public static ConnectorError Failure(string what, RestResponse response)
    {
        var error = HttpErrors.FromResponse(response, what);
        var codes = ErrorCodes(response.Content);
        return codes is null ? error : error with { Message = $"{error.Message} (UPS {codes})" };
    }

    /// <summary>The codes of UPS's error envelope <c>{"response":{"errors":[{code,message}]}}</c>, or null.</summary>
    public static string? ErrorCodes(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            var errors = JsonSerializer.Deserialize<UpsTrackApiResponse>(content, UpsTrackingParser.JsonOptions)?.Response?.Errors;
            return errors is { Count: > 0 } ? UpsTrackingParser.Codes(errors) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
