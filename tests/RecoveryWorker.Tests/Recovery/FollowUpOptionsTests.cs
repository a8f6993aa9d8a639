using RecoveryWorker.Recovery;

namespace RecoveryWorker.Tests.Recovery;

public sealed class FollowUpOptionsTests
{
    [Fact]
    public void Validate_NoScheduleConfigured_PassesAndTheDefaultScheduleApplies()
    {
        var options = new FollowUpOptions();

        var result = new FollowUpOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal([TimeSpan.FromHours(4), TimeSpan.FromDays(1), TimeSpan.FromDays(3)], options.EffectiveSchedule);
    }

    [Fact]
    public void Validate_ScheduleNotAscendingOrNotPositive_FailsNamingTheKey()
    {
        var options = new FollowUpOptions { Schedule = [TimeSpan.FromDays(1), TimeSpan.FromHours(4), TimeSpan.Zero] };

        var result = new FollowUpOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("FollowUp:Schedule", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConfiguredSchedule_IsTheEffectiveOne()
    {
        var options = new FollowUpOptions { Schedule = [TimeSpan.FromHours(1)] };

        Assert.True(new FollowUpOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal([TimeSpan.FromHours(1)], options.EffectiveSchedule);
    }
}
