using System.Globalization;

namespace RecoveryWorker.Operations;

/// <summary>
/// <c>health [URL]</c>: asks a running worker whether it is alive and exits 0 (yes) or 1 (no answer, or not 2xx).
/// The container's HEALTHCHECK runs it, because the runtime image has neither curl nor wget. Without a URL it asks
/// this container's own <c>/health/live</c> on the first port of ASPNETCORE_HTTP_PORTS (the image's 8080).
/// </summary>
internal static class HealthCommand
{
    public const string Name = "health";

    /// <summary>Docker gives the check 5 seconds by default; answer before that, whatever the worker does.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>The exit code, or null when the arguments name another command.</summary>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args is not [var command, .. var rest] || !string.Equals(command, Name, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (rest.Length > 1 || (rest is [var given] && !IsHttpUrl(given)))
        {
            await error.WriteLineAsync("usage: RecoveryWorker health [URL]   (default: http://localhost:$ASPNETCORE_HTTP_PORTS/health/live)");
            return 2;
        }

        var url = rest is [var u] ? new Uri(u) : DefaultUrl(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{url}: {(int)response.StatusCode}"));
                return 0;
            }

            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{url}: {(int)response.StatusCode} {response.ReasonPhrase}"));
            return 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{url}: no answer within {Timeout.TotalSeconds:0} s ({ex.Message})"));
            return 1;
        }
    }

    /// <summary>The liveness URL on the first of ASPNETCORE_HTTP_PORTS (a ';'-separated list), 8080 when unset.</summary>
    internal static Uri DefaultUrl(string? httpPorts)
    {
        var first = httpPorts?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536 ? p : 8080;
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}/health/live"));
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
