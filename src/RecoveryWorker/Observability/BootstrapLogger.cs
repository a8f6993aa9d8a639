using System.Globalization;
using Serilog;
using Serilog.Formatting.Compact;

namespace RecoveryWorker.Observability;

/// <summary>
/// The logger for start-up and its failures, before configuration is read: the same shape as the configured one
/// (compact JSON, readable text in Development), so a log collector never meets a line it cannot parse.
/// </summary>
internal static class BootstrapLogger
{
    public static Serilog.ILogger Create()
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;
        var configuration = new LoggerConfiguration().Enrich.FromLogContext();
        return (string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase)
            ? configuration.WriteTo.Console(formatProvider: CultureInfo.InvariantCulture)
            : configuration.WriteTo.Console(new RenderedCompactJsonFormatter())).CreateBootstrapLogger();
    }
}
