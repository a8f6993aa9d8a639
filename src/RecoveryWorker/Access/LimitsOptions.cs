using Microsoft.Extensions.Options;

namespace RecoveryWorker.Access;

/// <summary>What one caller may ask of the service (section <c>Limits</c>): protects the database and the vendors' budgets.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>API requests per second per caller (an API key, a signed-in person, or an anonymous address).</summary>
    public int RequestsPerSecond { get; set; } = 20;

    /// <summary>Requests a caller may send at once above the steady rate.</summary>
    public int Burst { get; set; } = 100;

    /// <summary>Largest request body in bytes (a batch of 1,000 shipments is about half a megabyte).</summary>
    public long MaxRequestBodySize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest CSV upload in bytes (<c>POST /api/shipments</c> as <c>text/csv</c>; 256 MiB is about a million rows). Rows stream, so this bounds time, not memory.</summary>
    public long MaxCsvRequestBodySize { get; set; } = 256L * 1024 * 1024;

    /// <summary>Sign-in attempts per minute per address: slows password guessing to a crawl.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;
}

internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.RequestsPerSecond is < 1 or > 100_000)
        {
            failures.Add($"Limits:RequestsPerSecond must be 1 to 100000; it is {options.RequestsPerSecond}.");
        }

        if (options.Burst < options.RequestsPerSecond)
        {
            failures.Add($"Limits:Burst must be at least Limits:RequestsPerSecond ({options.RequestsPerSecond}); it is {options.Burst}.");
        }

        if (options.MaxRequestBodySize is < 1024 or > 1024L * 1024 * 1024)
        {
            failures.Add($"Limits:MaxRequestBodySize must be 1 KiB to 1 GiB; it is {options.MaxRequestBodySize}.");
        }

        if (options.MaxCsvRequestBodySize < options.MaxRequestBodySize || options.MaxCsvRequestBodySize > 16L * 1024 * 1024 * 1024)
        {
            failures.Add($"Limits:MaxCsvRequestBodySize must be from Limits:MaxRequestBodySize ({options.MaxRequestBodySize}) to 16 GiB; it is {options.MaxCsvRequestBodySize}.");
        }

        if (options.SignInAttemptsPerMinute is < 1 or > 10_000)
        {
            failures.Add($"Limits:SignInAttemptsPerMinute must be 1 to 10000; it is {options.SignInAttemptsPerMinute}.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
