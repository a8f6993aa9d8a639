using Microsoft.Extensions.Options;

namespace RecoveryWorker.Recovery;

[OptionsValidator]
internal sealed partial class FollowUpOptionsRangeValidator : IValidateOptions<FollowUpOptions>;

/// <summary>The attributes' checks and the schedule's order; every failure is reported at once.</summary>
internal sealed class FollowUpOptionsValidator : IValidateOptions<FollowUpOptions>
{
    public ValidateOptionsResult Validate(string? name, FollowUpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (new FollowUpOptionsRangeValidator().Validate(name, options) is { Failed: true } ranges)
        {
            failures.AddRange(ranges.Failures);
        }

        // An empty schedule is fine: it means the default one (FollowUpOptions.EffectiveSchedule).
        for (var i = 0; i < options.Schedule.Count; i++)
        {
            if (options.Schedule[i] <= TimeSpan.Zero)
            {
                failures.Add($"{FollowUpOptions.SectionName}:Schedule:{i} must be positive (got {options.Schedule[i]}).");
            }
            else if (i > 0 && options.Schedule[i] <= options.Schedule[i - 1])
            {
                failures.Add($"{FollowUpOptions.SectionName}:Schedule:{i} ({options.Schedule[i]}) must come after {FollowUpOptions.SectionName}:Schedule:{i - 1} ({options.Schedule[i - 1]}).");
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
