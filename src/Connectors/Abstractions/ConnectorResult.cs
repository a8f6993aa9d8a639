namespace RecoveryWorker.Connectors.Abstractions;

/// <summary>What kind of failure a vendor call ended in: expected failures are data, not exceptions.</summary>
public enum ConnectorErrorKind
{
    /// <summary>The vendor does not know the tracking number or ticket.</summary>
    NotFound,
    /// <summary>Credentials are missing, wrong or expired: retrying will not help until someone fixes them.</summary>
    Unauthorized,
    /// <summary>Too many calls; see <see cref="ConnectorError.RetryAfter"/>.</summary>
    RateLimited,
    /// <summary>Timeouts, 5xx, connection failures: worth retrying later.</summary>
    Transient,
    /// <summary>The vendor refused the request as invalid (4xx validation): retrying the same request will not help.</summary>
    Rejected,
    /// <summary>The vendor answered with something we cannot read (bad JSON, a shape we did not expect).</summary>
    Malformed,
}

/// <summary>A failed vendor call. <see cref="Message"/> must never contain credentials or customer e-mails.</summary>
public sealed record ConnectorError(ConnectorErrorKind Kind, string Message, TimeSpan? RetryAfter = null)
{
    /// <summary>Transient and rate-limited failures heal by themselves; the others need a person or a different request.</summary>
    public bool IsRetryable => Kind is ConnectorErrorKind.Transient or ConnectorErrorKind.RateLimited;
}

/// <summary>The result of one vendor call for one item: a value or an error, never both.</summary>
public sealed record ConnectorResult<T>
{
    internal ConnectorResult(T? value, ConnectorError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public ConnectorError? Error { get; }

    public bool IsSuccess => Error is null;

    public static implicit operator ConnectorResult<T>(T value) => ConnectorResult.Success(value);

    public static implicit operator ConnectorResult<T>(ConnectorError error) => ConnectorResult.Failure<T>(error);
}

/// <summary>Builds <see cref="ConnectorResult{T}"/> values.</summary>
public static class ConnectorResult
{
    public static ConnectorResult<T> Success<T>(T value) => new(value, null);

    public static ConnectorResult<T> Failure<T>(ConnectorError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));
}
