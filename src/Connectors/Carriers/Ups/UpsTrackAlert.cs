using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;
using RestSharp;
using RestSharp.Authenticators;

namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>
/// Subscribes UPS parcels to Track Alert: <c>POST /api/track/{version}/subscription/standard/package</c> with up to 100
/// numbers, the same OAuth token and rate limit as the Track API. UPS answers which numbers it took
/// (<c>validTrackingNumbers</c>) and which not (<c>invalidTrackingNumbers</c>); a 400 naming only number problems
/// (VSS210 none valid, VSS215 not a CIE number, TW… warnings) refuses those numbers, any other 400 (VSS000-VSS930:
/// locale, URL, credential, transId…) refuses the request, which no retry will fix.
/// </summary>
internal sealed partial class UpsTrackAlert(
    HttpClient http,
    IOptions<UpsOptions> options,
    [FromKeyedServices(UpsServiceCollectionExtensions.WireName)] OAuthTokenCache tokens,
    TimeProvider time,
    ILogger<UpsTrackAlert> logger) : IPushSubscriber
{
    /// <summary>UPS's limit: "You can subscribe to up to 100 tracking numbers in each submission" (VSS220 beyond).</summary>
    public const int MaxNumbersPerCall = 100;

    private const string SubscribePath = "api/track/{version}/subscription/standard/package";

    /// <summary>Error codes that are about the numbers, not the request: the numbers are refused, the rest stays usable.</summary>
    private static readonly HashSet<string> NumberCodes = new(StringComparer.OrdinalIgnoreCase) { "VSS210", "VSS215" };

    private readonly UpsOptions _options = options.Value;

    public CarrierCode Carrier => CarrierCode.Ups;

    public bool Enabled => _options.Enabled && _options.TrackAlert.Enabled;

    public int MaxBatchSize => MaxNumbersPerCall;

    /// <summary>"Each tracking number subscription is valid for 14 days."</summary>
    public TimeSpan SubscriptionLifetime => TimeSpan.FromDays(14);

    public TimeSpan RenewBefore => _options.TrackAlert.RenewBefore;

    /// <summary>The spec's TrackingNumber: 1Z and 16 more, or 1R and 14 or 26 more (Roadie).</summary>
    public bool Accepts(string trackingNumber) => trackingNumber is not null && TrackingNumberPattern().IsMatch(trackingNumber);

    public async Task<ConnectorResult<PushSubscription>> SubscribeAsync(IReadOnlyCollection<string> trackingNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackingNumbers);
        var numbers = trackingNumbers.Select(n => n.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (numbers.Count is 0 or > MaxNumbersPerCall)
        {
            return new ConnectorError(ConnectorErrorKind.Rejected, $"UPS Track Alert takes 1 to {MaxNumbersPerCall} numbers per call; asked for {numbers.Count}");
        }

        using var rest = new RestClient(http, new RestClientOptions(_options.BaseUrl), disposeHttpClient: false);
        var token = await tokens.GetAsync(ct => UpsOAuth.FetchTokenAsync(rest, _options, logger, ct), cancellationToken);
        if (!token.IsValid)
        {
            return Logged(numbers.Count, token.Error ?? HttpErrors.Malformed("UPS OAuth token", "no access token"));
        }

        var response = await SendAsync(rest, numbers, token.AccessToken, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            logger.SubscriptionTokenRefused();
            tokens.Invalidate(token.AccessToken);
            token = await tokens.GetAsync(ct => UpsOAuth.FetchTokenAsync(rest, _options, logger, ct), cancellationToken);
            if (!token.IsValid)
            {
                return Logged(numbers.Count, token.Error ?? HttpErrors.Malformed("UPS OAuth token", "no access token"));
            }

            response = await SendAsync(rest, numbers, token.AccessToken, cancellationToken);
        }

        var result = Read(numbers, response);
        if (result.Error is { } error)
        {
            logger.SubscriptionFailed(numbers.Count, error.Kind, error.Message);
        }

        return result;
    }

    /// <summary>UPS's answer as the numbers it took and refused, or the failure of the whole call.</summary>
    internal static ConnectorResult<PushSubscription> Read(IReadOnlyList<string> sent, RestResponse response)
    {
        const string what = "UPS Track Alert subscription";
        // RestSharp marks a 4xx as an error response; its body still holds UPS's answer.
        var answered = response.StatusCode == HttpStatusCode.OK ? response.ResponseStatus == ResponseStatus.Completed : response.StatusCode == HttpStatusCode.BadRequest;
        if (answered)
        {
            UpsSubscriptionResponse? body = null;
            try
            {
                body = string.IsNullOrWhiteSpace(response.Content) ? null : JsonSerializer.Deserialize<UpsSubscriptionResponse>(response.Content, UpsTrackingParser.JsonOptions);
            }
            catch (JsonException ex)
            {
                return HttpErrors.Malformed(what, $"the answer is not the JSON UPS documents ({ex.Path ?? "root"}: {ex.GetType().Name})");
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                if (body is null)
                {
                    return HttpErrors.Malformed(what, "the answer is empty");
                }

                var valid = Normalized(body.ValidTrackingNumbers);
                var subscribed = sent.Where(valid.Contains).ToList();
                // A number in neither list was not subscribed either: it stays polled, like a refused one.
                var refused = sent.Where(n => !valid.Contains(n)).ToList();
                return new PushSubscription(subscribed, refused, refused.Count == 0 ? null : Codes(body));
            }

            var codes = body?.Response?.Errors?.OfType<UpsMessage>().Select(e => e.Code?.Trim()).OfType<string>().ToList() ?? [];
            if (codes.Count > 0 && codes.TrueForAll(c => NumberCodes.Contains(c) || c.StartsWith("TW", StringComparison.OrdinalIgnoreCase)))
            {
                // Only the numbers are wrong: the ones UPS names (all of them when it names none) are refused.
                var invalid = Normalized(body!.InvalidTrackingNumbers);
                var refused = invalid.Count == 0 ? sent.ToList() : sent.Where(invalid.Contains).ToList();
                var subscribed = invalid.Count == 0 ? [] : sent.Where(n => !invalid.Contains(n)).ToList();
                return new PushSubscription(subscribed, refused, string.Join(", ", codes.Distinct(StringComparer.Ordinal)));
            }
        }

        return UpsOAuth.Failure(what, response);
    }

    private async Task<RestResponse> SendAsync(RestClient rest, List<string> numbers, string accessToken, CancellationToken cancellationToken)
    {
        var alert = _options.TrackAlert;
        var body = new UpsSubscriptionRequest(
            _options.Locale,
            alert.CountryCode,
            numbers,
            new UpsSubscriptionDestination(alert.WebhookUrl?.AbsoluteUri ?? "", "Bearer", alert.WebhookCredential));
        var request = new RestRequest(SubscribePath, Method.Post)
            .AddUrlSegment("version", alert.ApiVersion)
            .AddHeader("transId", Guid.NewGuid().ToString("N"))   // unique per request (VSS002/VSS003)
            .AddHeader("transactionSrc", _options.TransactionSource)
            .AddHeader("Accept", "application/json")
            .AddStringBody(JsonSerializer.Serialize(body, UpsTrackingParser.JsonOptions), ContentType.Json);
        request.Authenticator = new JwtAuthenticator(accessToken);

        var started = time.GetTimestamp();
        var response = await rest.ExecuteAsync(request, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = time.GetElapsedTime(started);
        logger.SubscriptionCalled(numbers.Count, (int)response.StatusCode, (long)elapsed.TotalMilliseconds);
        return response;
    }

    private ConnectorError Logged(int count, ConnectorError error)
    {
        logger.SubscriptionFailed(count, error.Kind, error.Message);
        return error;
    }

    private static HashSet<string> Normalized(IReadOnlyList<string?>? numbers) =>
        (numbers ?? []).OfType<string>().Select(n => n.Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);

    private static string? Codes(UpsSubscriptionResponse body) =>
        body.Response?.Errors is { Count: > 0 } errors ? UpsTrackingParser.Codes(errors) : null;

    [GeneratedRegex("(^1Z[0-9A-Z]{16}$)|(^1R[0-9A-Z]{14}$)|(^1R[0-9A-Z]{26}$)")]
    private static partial Regex TrackingNumberPattern();
}
