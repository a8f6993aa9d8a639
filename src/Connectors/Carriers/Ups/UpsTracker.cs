using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;
using RestSharp;
using RestSharp.Authenticators;

namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>
/// Tracks parcels with the UPS Track API: one inquiry number per GET /api/track/v1/details/{n}, authorized by an
/// OAuth client-credentials token shared by the process. Vendor failures are results; only cancellation throws.
/// </summary>
internal sealed class UpsTracker(
    HttpClient http,
    IOptions<UpsOptions> options,
    [FromKeyedServices(UpsServiceCollectionExtensions.WireName)] OAuthTokenCache tokens,
    TimeProvider time,
    ILogger<UpsTracker> logger) : ICarrierTracker
{
    private const string TrackPath = "api/track/v1/details/{inquiryNumber}";

    private readonly UpsOptions _options = options.Value;

    public CarrierCode Carrier => CarrierCode.Ups;

    public int MaxBatchSize => Math.Clamp(_options.MaxBatchSize, 1, UpsOptions.MaxInquiryNumbersPerCall);

    public async Task<IReadOnlyDictionary<string, ConnectorResult<TrackingSnapshot>>> TrackAsync(IReadOnlyCollection<string> trackingNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackingNumbers);
        var numbers = trackingNumbers.Distinct(StringComparer.Ordinal).ToList();
        var results = new Dictionary<string, ConnectorResult<TrackingSnapshot>>(numbers.Count, StringComparer.Ordinal);

        // RestSharp over the factory-managed HttpClient: the client is not disposed with the RestClient.
        using var rest = new RestClient(http, new RestClientOptions(_options.BaseUrl), disposeHttpClient: false);
        foreach (var batch in numbers.Chunk(MaxBatchSize))
        {
            // MaxBatchSize is 1: each batch is one call for one number.
            foreach (var number in batch)
            {
                results[number] = await TrackOneAsync(rest, number, cancellationToken);
            }
        }

        return results;
    }

    private async Task<ConnectorResult<TrackingSnapshot>> TrackOneAsync(RestClient rest, string number, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return new ConnectorError(ConnectorErrorKind.Rejected, "UPS tracking: the tracking number is empty");
        }

        var token = await tokens.GetAsync(ct => UpsOAuth.FetchTokenAsync(rest, _options, logger, ct), cancellationToken);
        if (!token.IsValid)
        {
            return token.Error ?? HttpErrors.Malformed("UPS OAuth token", "no access token");
        }

        var response = await SendTrackAsync(rest, number, token.AccessToken, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // The token died early (revoked, clock skew): replace it once, then believe the 401.
            logger.TokenRefused(number);
            tokens.Invalidate(token.AccessToken);
            token = await tokens.GetAsync(ct => UpsOAuth.FetchTokenAsync(rest, _options, logger, ct), cancellationToken);
            if (!token.IsValid)
            {
                return token.Error ?? HttpErrors.Malformed("UPS OAuth token", "no access token");
            }

            response = await SendTrackAsync(rest, number, token.AccessToken, cancellationToken);
        }

        var result = response.IsSuccessStatusCode && response.ResponseStatus == ResponseStatus.Completed
            ? UpsTrackingParser.Parse(number, response.Content)
            : UpsOAuth.Failure($"UPS tracking {number}", response);
        Log(number, result.Error);
        return result;
    }

    private async Task<RestResponse> SendTrackAsync(RestClient rest, string number, string accessToken, CancellationToken cancellationToken)
    {
        var request = new RestRequest(TrackPath)
            .AddUrlSegment("inquiryNumber", number.Trim())
            .AddQueryParameter("locale", _options.Locale)
            .AddQueryParameter("returnSignature", "false")
            .AddQueryParameter("returnMilestones", "false")
            .AddQueryParameter("returnPOD", "false")
            .AddHeader("transId", Guid.NewGuid().ToString("N"))   // unique per request, 32 characters
            .AddHeader("transactionSrc", _options.TransactionSource)
            .AddHeader("Accept", "application/json");
        request.Authenticator = new JwtAuthenticator(accessToken);   // "Authorization: Bearer <token>"

        var started = time.GetTimestamp();
        var response = await rest.ExecuteAsync(request, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = time.GetElapsedTime(started);
        logger.TrackingCalled(number, (int)response.StatusCode, (long)elapsed.TotalMilliseconds);
        return response;
    }

    private void Log(string number, ConnectorError? error)
    {
        switch (error?.Kind)
        {
            case null:
                break;
            case ConnectorErrorKind.Malformed:
                logger.AnswerMalformed(number, error.Message);
                break;
            case ConnectorErrorKind.NotFound:
                logger.NumberNotFound(number, error.Message);
                break;
            default:
                logger.TrackingFailed(number, error.Kind, error.Message);
                break;
        }
    }
}
