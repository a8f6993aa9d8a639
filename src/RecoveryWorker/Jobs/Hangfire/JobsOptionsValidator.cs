using Microsoft.Extensions.Options;

namespace RecoveryWorker.Jobs.Hangfire;

/// <summary>Jobs:* ranges, each failure named by its key; every failure is reported at once.</summary>
internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.WorkerCount is < 1 or > 1000)
        {
            failures.Add($"{JobsOptions.SectionName}:WorkerCount must be 1 to 1000 (got {options.WorkerCount}).");
        }

        if (options.InvisibilityTimeout < TimeSpan.FromSeconds(5) || options.InvisibilityTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{JobsOptions.SectionName}:InvisibilityTimeout must be 00:00:05 to 1.00:00:00 (got {options.InvisibilityTimeout}).");
        }

        if (options.QueuePollInterval < TimeSpan.FromMilliseconds(50) || options.QueuePollInterval > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{JobsOptions.SectionName}:QueuePollInterval must be 00:00:00.050 to 00:05:00 (got {options.QueuePollInterval}).");
        }

        if (options.StopTimeout < TimeSpan.Zero || options.StopTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{JobsOptions.SectionName}:StopTimeout must be 00:00:00 to 00:05:00 (got {options.StopTimeout}).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
