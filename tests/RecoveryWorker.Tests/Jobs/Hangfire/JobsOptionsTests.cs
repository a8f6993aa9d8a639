using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecoveryWorker.Jobs.Hangfire;

namespace RecoveryWorker.Tests.Jobs.Hangfire;

public sealed class JobsOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass() => Assert.True(new JobsOptionsValidator().Validate(null, new JobsOptions()).Succeeded);

    [Fact]
    public void Validate_OutOfRange_FailsNamingEveryKey()
    {
        var options = new JobsOptions { WorkerCount = 0, InvisibilityTimeout = TimeSpan.FromSeconds(-1), QueuePollInterval = TimeSpan.Zero };

        var result = new JobsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Jobs:WorkerCount", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Jobs:InvisibilityTimeout", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Jobs:QueuePollInterval", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddJobs_WorkerCountZero_StartupValidationFailsNamingTheKey()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:WorkerCount"] = "0", ["Jobs:RunServer"] = "false" });
        builder.AddJobs();
        using var provider = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Jobs:WorkerCount must be 1 to 1000 (got 0)", error.Message, StringComparison.Ordinal);
    }
}
