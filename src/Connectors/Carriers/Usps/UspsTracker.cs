using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;
using RestSharp;

namespace RecoveryWorker.Connectors.Carriers.Usps;

/// <summary>
/// USPS Tracking 3.2: POST /tracking/v3r2/tracking with up to 35 numbers, answered 200 (all found) or 207 (per-item
/// results); the token comes from POST /oauth2/v3/token with the "tracking" scope.
/// </summary>
internal sealed class UspsTracker(
    HttpClient http,
    IOptions<UspsOptions> options,
    [FromKeyedServices(UspsTracker.WireName)] OAuthTokenCache tokens,
    ILogger<UspsTracker> logger) : ICarrierTracker
{
    public const string WireName = "usps";
    public const string TokenPath = "oauth2/v3/token";
    public const string TrackingPath = "tracking/v3r2/tracking";

    /// <summary>Without this scope in the token every tracking call answers 401 (USPS/api-examples#56).</summary>
    public const string TrackingScope = "tracking";

    // The spec says access tokens live eight hours; used only if a token answer leaves expires_in out.
    private static readonly TimeSpan DocumentedTokenLifetime = TimeSpan.FromHours(8);

    private readonly UspsOptions _options = options.Value;

    public CarrierCode Carrier => CarrierCode.Usps;

    public int MaxBatchSize => Math.Clamp(_options.MaxBatchSize, 1, UspsOptions.HardMaxBatchSize);

    public async Task<IReadOnlyDictionary<string, ConnectorResult<TrackingSnapshot>>> TrackAsync(IReadOnlyCollection<string> trackingNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackingNumbers);

        var results = new Dictionary<string, ConnectorResult<TrackingSnapshot>>(StringComparer.Ordinal);
        // "9400 1000..." and "9400100..." are one parcel: asked once, answered under every spelling the caller used.
        var spellings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var number in trackingNumbers.Distinct(StringComparer.Ordinal))
        {
            if (UspsTrackingParser.TryNormalize(number, out var normalized))
            {
                if (!spellings.TryGetValue(normalized, out var list))
                {
                    spellings[normalized] = list = [];
                }

                list.Add(number);
            }
            else
            {
                // Refused here: one bad number would make USPS refuse the whole batch of 35.
                results[number ?? ""] = new ConnectorError(ConnectorErrorKind.Rejected, "Not a USPS tracking number: USPS takes 4 to 34 letters and digits.");
            }
        }

        using var rest = new RestClient(http, new RestClientOptions(_options.BaseUrl), disposeHttpClient: false);
        ConnectorError? tokenFailure = null;
        foreach (var batch in spellings.Keys.Chunk(MaxBatchSize))
        {
            // A token USPS would not issue will not be issued for the next batch either: one token call per TrackAsync.
            var answers = tokenFailure is { } failure
                ? batch.ToDictionary(n => n, _ => ConnectorResult.Failure<TrackingSnapshot>(failure), StringComparer.Ordinal)
                : await TrackBatchAsync(rest, batch, error => tokenFailure = error, cancellationToken);
            foreach (var (normalized, result) in answers)
            {
                foreach (var spelling in spellings[normalized])
                {
                    results[spelling] = result.Value is { } snapshot ? snapshot with { TrackingNumber = spelling } : result;
                }
            }
        }

        return results;
    }

    private async Task<Dictionary<string, ConnectorResult<TrackingSnapshot>>> TrackBatchAsync(RestClient rest, string[] batch, Action<ConnectorError> onTokenFailure, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(ct => FetchTokenAsync(rest, ct), cancellationToken);
        if (token.Error is { } tokenError)
        {
            onTokenFailure(tokenError);
            return All(batch, tokenError);
        }

        var response = await SendAsync(rest, batch, token.AccessToken, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // The token died early (revoked, or replaced by a newer one): one fresh token, one retry.
            logger.TokenRefused();
            tokens.Invalidate(token.AccessToken);
            token = await tokens.GetAsync(ct => FetchTokenAsync(rest, ct), cancellationToken);
            if (token.Error is { } refreshError)
            {
                onTokenFailure(refreshError);
                return All(batch, refreshError);
            }

            response = await SendAsync(rest, batch, token.AccessToken, cancellationToken);
        }

        if (!response.IsSuccessful)
        {
            var error = HttpErrors.FromResponse(response, "USPS tracking");
            logger.TrackingCallFailed(batch.Length, error.Kind, error.Message);
            return All(batch, error);
        }

        var results = UspsTrackingParser.Parse(response.RawBytes ?? [], batch);
        foreach (var (number, result) in results)
        {
            if (result.Error is { Kind: ConnectorErrorKind.Malformed } malformed)
            {
                logger.AnswerMalformed(number, malformed.Message);
            }
        }

        return results;
    }

    private static async Task<RestResponse> SendAsync(RestClient rest, string[] batch, string accessToken, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(batch.Select(n => new UspsTrackingRequestItem(n)), UspsJson.Options);
        var request = new RestRequest(TrackingPath, Method.Post)
            .AddHeader("Authorization", "Bearer " + accessToken)
            .AddHeader("Accept", "application/json")
            .AddStringBody(body, DataFormat.Json);
        var response = await rest.ExecuteAsync(request, cancellationToken);
        // RestSharp turns cancellation into a response; a cancelled poll must still stop.
        cancellationToken.ThrowIfCancellationRequested();
        return response;
    }

    private async Task<OAuthToken> FetchTokenAsync(RestClient rest, CancellationToken cancellationToken)
    {
        // JSON, as USPS's own examples send it; the spec accepts a form too.
        var body = JsonSerializer.Serialize(new UspsTokenRequest("client_credentials", _options.ClientId, _options.ClientSecret, TrackingScope), UspsJson.Options);
        var request = new RestRequest(TokenPath, Method.Post)
            .AddHeader("Accept", "application/json")
            .AddStringBody(body, DataFormat.Json);
        var response = await rest.ExecuteAsync(request, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        OAuthToken? token = null;
        var error = response.IsSuccessful ? ReadToken(response, out token) : TokenRefusal(response);
        if (error is not null || token is null)
        {
            error ??= HttpErrors.Malformed("USPS token", "no token in the answer");
            logger.TokenRequestFailed(error.Kind, error.Message);
            return new OAuthToken("", TimeSpan.Zero, error);
        }

        return token;
    }

    private static ConnectorError? ReadToken(RestResponse response, out OAuthToken? token)
    {
        token = null;
        UspsTokenResponse? answer;
        try
        {
            answer = JsonSerializer.Deserialize<UspsTokenResponse>(response.RawBytes ?? [], UspsJson.Options);
        }
        catch (JsonException)
        {
            return HttpErrors.Malformed("USPS token", "the answer is not the expected JSON");
        }

        if (string.IsNullOrEmpty(answer?.AccessToken))
        {
            return HttpErrors.Malformed("USPS token", "the answer has no access_token");
        }

        if (answer.Scope is { } scope && !scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(TrackingScope, StringComparer.Ordinal))
        {
            return new ConnectorError(ConnectorErrorKind.Unauthorized, "USPS token: the app was not granted the \"tracking\" scope; request Tracking API access for it in the USPS developer portal");
        }

        var lifetime = answer.ExpiresIn is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : DocumentedTokenLifetime;
        token = new OAuthToken(answer.AccessToken, lifetime, null);
        return null;
    }

    // OAuth answers 400 for bad client credentials (RFC 6749 5.2); those need a person, like a 401.
    private static ConnectorError TokenRefusal(RestResponse response)
    {
        var error = HttpErrors.FromResponse(response, "USPS token");
        if (error.Kind != ConnectorErrorKind.Rejected)
        {
            return error;
        }

        try
        {
            var oauth = JsonSerializer.Deserialize<UspsOAuthError>(response.RawBytes ?? [], UspsJson.Options);
            return oauth?.Error is "invalid_client" or "unauthorized_client" or "invalid_grant" or "invalid_scope"
                ? new ConnectorError(ConnectorErrorKind.Unauthorized, $"USPS token: {oauth.Error}; check the client id, secret and the app's API access")
                : error;
        }
        catch (JsonException)
        {
            return error;
        }
    }

    private static Dictionary<string, ConnectorResult<TrackingSnapshot>> All(IEnumerable<string> numbers, ConnectorError error) =>
        numbers.ToDictionary(n => n, _ => ConnectorResult.Failure<TrackingSnapshot>(error), StringComparer.Ordinal);
}
