using System.Globalization;
using System.Net;

namespace RecoveryWorker.Connectors.Http;

/// <summary>
/// The innermost handler of a vendor's HttpClient, so every attempt (retries included) passes the vendor's
/// <see cref="VendorRateLimiter"/>. A 429 blocks the vendor for its Retry-After; a call that would have to wait
/// longer than allowed gets a local 429 instead of touching the network.
/// </summary>
public sealed class VendorRateLimitHandler(VendorRateLimiter limiter, TimeSpan maxWait, TimeProvider time) : DelegatingHandler
{
    /// <summary>Retry-After when a vendor sends 429 without one.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (await limiter.AcquireAsync(maxWait, cancellationToken) is { } comeBackAfter)
        {
            return TooManyRequests(request, comeBackAfter);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            limiter.BlockFor(RetryAfter(response) ?? DefaultRetryAfter);
        }

        return response;
    }

    /// <summary>Retry-After as seconds or as an HTTP date.</summary>
    public TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static HttpResponseMessage TooManyRequests(HttpRequestMessage request, TimeSpan retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request };
        response.Headers.Add("Retry-After", Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        response.Headers.Add("X-RecoveryWorker-Local", "rate-limit");
        return response;
    }
}
