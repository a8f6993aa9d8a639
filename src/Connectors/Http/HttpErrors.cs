using System.Net;
using RecoveryWorker.Connectors.Abstractions;
using RestSharp;

namespace RecoveryWorker.Connectors.Http;

/// <summary>Turns a failed HTTP exchange into a <see cref="ConnectorError"/>: expected failures are data.</summary>
public static class HttpErrors
{
    public static ConnectorError FromResponse(RestResponse response, string what)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.ResponseStatus is ResponseStatus.TimedOut or ResponseStatus.Error or ResponseStatus.Aborted && response.StatusCode == 0)
        {
            return new ConnectorError(ConnectorErrorKind.Transient, $"{what}: no answer ({response.ResponseStatus}: {response.ErrorMessage})");
        }

        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new(ConnectorErrorKind.Unauthorized, $"{what}: HTTP {status}; check the credentials"),
            HttpStatusCode.NotFound => new(ConnectorErrorKind.NotFound, $"{what}: HTTP 404"),
            HttpStatusCode.TooManyRequests => new(ConnectorErrorKind.RateLimited, $"{what}: HTTP 429", RetryAfter(response) ?? VendorRateLimitHandler.DefaultRetryAfter),
            HttpStatusCode.RequestTimeout => new(ConnectorErrorKind.Transient, $"{what}: HTTP 408"),
            _ when status >= 500 => new(ConnectorErrorKind.Transient, $"{what}: HTTP {status}"),
            _ => new(ConnectorErrorKind.Rejected, $"{what}: HTTP {status}"),
        };
    }

    public static ConnectorError Malformed(string what, string reason) => new(ConnectorErrorKind.Malformed, $"{what}: {reason}");

    private static TimeSpan? RetryAfter(RestResponse response)
    {
        var header = response.Headers?.FirstOrDefault(h => string.Equals(h.Name, "Retry-After", StringComparison.OrdinalIgnoreCase))?.Value?.ToString();
        return int.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
