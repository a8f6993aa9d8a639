namespace RecoveryWorker.Connectors.Http;

/// <summary>
/// A client-credentials token shared by every call of one carrier in this process: fetched once (concurrent callers
/// wait for the same request), reused until shortly before it expires, replaced once when the carrier says 401.
/// </summary>
public sealed class OAuthTokenCache(TimeProvider time) : IDisposable
{
    /// <summary>Refresh this long before the carrier's expiry, so no call goes out with a token about to die.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expiresAt;

    public async Task<OAuthToken> GetAsync(Func<CancellationToken, Task<OAuthToken>> fetch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        if (Current() is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Current() is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            var token = await fetch(cancellationToken);
            if (token.IsValid)
            {
                _token = token.AccessToken;
                _expiresAt = time.GetUtcNow() + token.ExpiresIn - RefreshMargin;
            }

            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The carrier refused this token: forget it, unless another caller already replaced it.</summary>
    public void Invalidate(string accessToken)
    {
        if (_token == accessToken)
        {
            _token = null;
        }
    }

    public void Dispose() => _gate.Dispose();

    private OAuthToken? Current() =>
        _token is { } token && time.GetUtcNow() < _expiresAt ? new OAuthToken(token, _expiresAt - time.GetUtcNow(), null) : null;
}

/// <summary>A token, or the error that stopped us getting one (then <see cref="AccessToken"/> is empty).</summary>
public sealed record OAuthToken(string AccessToken, TimeSpan ExpiresIn, Abstractions.ConnectorError? Error)
{
    public bool IsValid => Error is null && AccessToken.Length > 0;
}
