namespace RecoveryWorker.Demo;

internal static class DemoServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        if (builder.Configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>()?.Seed == true)
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }

        return builder;
    }
}
