using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;
using RestSharp;

namespace RecoveryWorker.Connectors.Carriers.Dhl;

/// <summary>
/// DHL Shipment Tracking - Unified: GET track/shipments?trackingNumber=..., one number per call, authenticated by the
/// DHL-API-Key header. An API key cannot be refreshed, so a 401 is answered as Unauthorized without a retry.
/// No clock is needed: rate limits and Retry-After live in the HTTP plumbing.
/// </summary>
internal sealed class DhlTracker(HttpClient http, IOptions<DhlOptions> options, ILogger<DhlTracker> logger) : ICarrierTracker, IDisposable
{
    private const string ApiKeyHeader = "DHL-API-Key";

    private readonly DhlOptions _options = options.Value;
    private readonly RestClient _rest = new(http, new RestClientOptions(options.Value.BaseUrl), disposeHttpClient: false);

    public CarrierCode Carrier => CarrierCode.Dhl;

    public int MaxBatchSize => _options.MaxBatchSize;

    public async Task<IReadOnlyDictionary<string, ConnectorResult<TrackingSnapshot>>> TrackAsync(IReadOnlyCollection<string> trackingNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackingNumbers);
        var numbers = trackingNumbers.Distinct(StringComparer.Ordinal).ToList();
        var results = new Dictionary<string, ConnectorResult<TrackingSnapshot>>(numbers.Count, StringComparer.Ordinal);

        // DHL's trackingNumber parameter holds one number (MaxBatchSize is validated to 1), so a batch is one call per
        // number, in turn: the rate limiter spaces them, and running them in parallel would only queue there.
        foreach (var number in numbers)
        {
            // Registered but switched off: no key was validated, so calling would only collect 401s from DHL.
            results[number] = !_options.Enabled
                ? new ConnectorError(ConnectorErrorKind.Unauthorized, $"{DhlResponseParser.What}: disabled ({DhlOptions.SectionName}:Enabled is false)")
                : string.IsNullOrWhiteSpace(number)
                ? new ConnectorError(ConnectorErrorKind.Rejected, $"{DhlResponseParser.What}: an empty tracking number was not sent")
                : await TrackOneAsync(number, cancellationToken);
        }

        return results;
    }

    private async Task<ConnectorResult<TrackingSnapshot>> TrackOneAsync(string number, CancellationToken cancellationToken)
    {
        var request = new RestRequest("track/shipments")
            .AddQueryParameter("trackingNumber", number.Trim())
            .AddQueryParameter("language", _options.Language)
            .AddHeader(ApiKeyHeader, _options.ApiKey)
            .AddHeader("Accept", "application/json");
        if (!string.IsNullOrWhiteSpace(_options.Service))
        {
            request.AddQueryParameter("service", _options.Service.Trim());
        }

        var response = await _rest.ExecuteAsync(request, cancellationToken);
        // RestSharp reports a cancelled call as an aborted response; cancellation must stay an exception.
        cancellationToken.ThrowIfCancellationRequested();

        if (response.IsSuccessful)
        {
            return Parsed(DhlResponseParser.Parse(number, response.Content));
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            if (DhlResponseParser.TryReadProblem(response.Content, out var problem))
            {
                // DHL's way of saying it does not know the number (yet: new shipments show up 10-30 minutes late).
                var detail = problem?.Title is { } title ? $" ({title})" : "";
                return new ConnectorError(ConnectorErrorKind.NotFound, $"{DhlResponseParser.What}: HTTP 404{detail}");
            }

            // A 404 that is not DHL's problem document comes from a wrong URL, not an unknown number: calling every
            // parcel "not found" would hide the misconfiguration.
            logger.NotFoundWithoutProblem();
            return new ConnectorError(ConnectorErrorKind.Rejected, $"{DhlResponseParser.What}: HTTP 404 without DHL's problem document; check the BaseUrl");
        }

        var error = HttpErrors.FromResponse(response, DhlResponseParser.What);
        if (error.Kind == ConnectorErrorKind.Unauthorized)
        {
            logger.ApiKeyRefused((int)response.StatusCode);
        }
        else
        {
            logger.CallFailed(error.Kind, error.Message);
        }

        return error;
    }

    // The HttpClient belongs to the factory (disposeHttpClient: false); only RestSharp's own state goes here.
    public void Dispose() => _rest.Dispose();

    private ConnectorResult<TrackingSnapshot> Parsed(DhlParseResult parsed)
    {
        if (parsed.Result.Error is { Kind: ConnectorErrorKind.Malformed } malformed)
        {
            logger.Malformed(malformed.Message);
        }

        if (parsed.ShipmentCount > 1)
        {
            logger.SeveralShipments(parsed.ShipmentCount, parsed.ChosenService);
        }

        if (parsed.SkippedEvents > 0)
        {
            logger.EventsSkipped(parsed.SkippedEvents);
        }

        return parsed.Result;
    }
}
