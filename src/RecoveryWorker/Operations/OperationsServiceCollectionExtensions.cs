namespace RecoveryWorker.Operations;

internal static class OperationsServiceCollectionExtensions
{
    public const string HostSectionName = "HostOptions";

    /// <summary>
    /// How the service stops: HostOptions:ShutdownTimeout bounds the whole stop (HTTP drain, Quartz's running sweep,
    /// Hangfire's running jobs, see Jobs:StopTimeout); the container's stop grace period must be longer than it.
    /// </summary>
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<HostOptions>(builder.Configuration.GetSection(HostSectionName));
        builder.Services.AddHostedService<ShutdownLog>();
        return builder;
    }
}
