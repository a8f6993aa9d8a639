using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;
using RestSharp;

namespace RecoveryWorker.Connectors.Carriers.Fedex;

/// <summary>
/// FedEx Track API v1: POST /track/v1/trackingnumbers with up to 30 numbers per call, authorized by an OAuth2
/// client-credentials token (POST /oauth/token) shared through the "fedex" token cache. FedEx answers HTTP 200 for
/// unknown numbers too (a per-number error), so every answer is read number by number.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The RestClient wraps the factory-owned HttpClient with disposeHttpClient: false, so disposing it releases nothing; an IDisposable transient would be kept alive by the container until its scope ends.")]
internal sealed class FedexTracker(
    HttpClient http,
    IOptions<FedexOptions> options,
    [FromKeyedServices(FedexTracker.WireName)] OAuthTokenCache tokens,
    TimeProvider time,
    ILogger<FedexTracker> logger) : ICarrierTracker
{
    public const string WireName = "fedex";
    internal const string TokenPath = "oauth/token";
    internal const string TrackPath = "track/v1/trackingnumbers";

    private readonly FedexOptions _options = options.Value;

    // RestSharp over the factory-managed HttpClient: the factory owns it (and its handlers), so it is never disposed here.
    private readonly RestClient _rest = new(http, new RestClientOptions(options.Value.BaseUrl), disposeHttpClient: false);

    public CarrierCode Carrier => CarrierCode.Fedex;

    public int MaxBatchSize => Math.Clamp(_options.MaxBatchSize, 1, FedexOptions.MaxBatchSizeLimit);

    public async Task<IReadOnlyDictionary<string, ConnectorResult<TrackingSnapshot>>> TrackAsync(IReadOnlyCollection<string> trackingNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackingNumbers);
        var results = new Dictionary<string, ConnectorResult<TrackingSnapshot>>(StringComparer.Ordinal);
        var numbers = new List<string>();
        foreach (var number in trackingNumbers.Distinct(StringComparer.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(number))
            {
                // FedEx would refuse the whole call (TRACKING.TRACKINGNUMBER.EMPTY) and sink the other numbers with it.
                results[number] = new ConnectorError(ConnectorErrorKind.Rejected, "FedEx track: the tracking number is empty");
            }
            else
            {
                numbers.Add(number);
            }
        }

        foreach (var batch in numbers.Chunk(MaxBatchSize))
        {
            foreach (var (number, result) in await TrackBatchAsync(batch, cancellationToken))
            {
                results[number] = result;
            }
        }

        return results;
    }

    private async Task<Dictionary<string, ConnectorResult<TrackingSnapshot>>> TrackBatchAsync(string[] numbers, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(FetchTokenAsync, cancellationToken);
        if (!token.IsValid)
        {
            return Fail(numbers, token.Error ?? HttpErrors.Malformed("FedEx token", "no access token"));
        }

        var response = await PostTrackAsync(numbers, token.AccessToken, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // The token died early (revoked, rotated keys): replace it once; a second 401 is a credentials problem.
            logger.TokenRejected();
            tokens.Invalidate(token.AccessToken);
            token = await tokens.GetAsync(FetchTokenAsync, cancellationToken);
            if (!token.IsValid)
            {
                return Fail(numbers, token.Error ?? HttpErrors.Malformed("FedEx token", "no access token"));
            }

            response = await PostTrackAsync(numbers, token.AccessToken, cancellationToken);
        }

        if (!response.IsSuccessful)
        {
            var error = WithVendorCode(HttpErrors.FromResponse(response, "FedEx track"), response);
            logger.TrackCallFailed(numbers.Length, error.Kind, error.Message);
            return Fail(numbers, error);
        }

        return FedexTrackingParser.Read(numbers, response.RawBytes ?? [], logger);
    }

    private async Task<RestResponse> PostTrackAsync(string[] numbers, string accessToken, CancellationToken cancellationToken)
    {
        var body = new FedexTrackRequest(
            IncludeDetailedScans: true,
            TrackingInfo: [.. numbers.Select(n => new FedexTrackingInfo(new FedexTrackingNumberInfo(n)))]);
        var request = new RestRequest(TrackPath, Method.Post)
            .AddHeader("Authorization", $"Bearer {accessToken}")
            .AddHeader("X-locale", "en_US")
            .AddStringBody(JsonSerializer.Serialize(body, FedexTrackingParser.JsonOptions), ContentType.Json);

        var started = time.GetTimestamp();
        var response = await _rest.ExecuteAsync(request, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.TrackCallCompleted(numbers.Length, (int)response.StatusCode, (long)time.GetElapsedTime(started).TotalMilliseconds);
        }

        return response;
    }

    private async Task<OAuthToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var request = new RestRequest(TokenPath, Method.Post)
            .AddParameter("grant_type", "client_credentials")
            .AddParameter("client_id", _options.ClientId)
            .AddParameter("client_secret", _options.ClientSecret);
        var response = await _rest.ExecuteAsync(request, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        ConnectorError? error = null;
        FedexTokenResponse? token = null;
        if (!response.IsSuccessful)
        {
            error = WithVendorCode(HttpErrors.FromResponse(response, "FedEx token"), response);
        }
        else
        {
            try
            {
                token = JsonSerializer.Deserialize<FedexTokenResponse>(response.RawBytes ?? [], FedexTrackingParser.JsonOptions);
            }
            catch (JsonException)
            {
                // The body may hold the token: never put it in a message.
            }

            if (string.IsNullOrEmpty(token?.AccessToken))
            {
                error = HttpErrors.Malformed("FedEx token", "the answer has no access_token");
            }
        }

        if (error is not null)
        {
            logger.TokenRequestFailed(error.Kind, error.Message);
            return new OAuthToken("", TimeSpan.Zero, error);
        }

        // FedEx says about an hour; without expires_in, assume the shortest reasonable life and ask again soon.
        var lifetime = token!.ExpiresIn is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : OAuthTokenCache.RefreshMargin * 2;
        return new OAuthToken(token.AccessToken!, lifetime, null);
    }

    /// <summary>Adds FedEx's error code ("NOT.AUTHORIZED.ERROR") to an HTTP failure: codes only, never the body.</summary>
    private static ConnectorError WithVendorCode(ConnectorError error, RestResponse response)
    {
        if (response.RawBytes is not { Length: > 0 } raw)
        {
            return error;
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            return FedexTrackingParser.FirstError(document.RootElement)?.Code is { Length: > 0 } code
                ? error with { Message = $"{error.Message} ({code})" }
                : error;
        }
        catch (JsonException)
        {
            return error;
        }
    }

    private static Dictionary<string, ConnectorResult<TrackingSnapshot>> Fail(string[] numbers, ConnectorError error) =>
        numbers.ToDictionary(n => n, _ => ConnectorResult.Failure<TrackingSnapshot>(error), StringComparer.Ordinal);
}
