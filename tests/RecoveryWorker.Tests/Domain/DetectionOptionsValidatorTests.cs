using RecoveryWorker.Domain;

namespace RecoveryWorker.Tests.Domain;

public sealed class DetectionOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new DetectionOptionsValidator().Validate(null, new DetectionOptions()).Succeeded);
    }

    [Fact]
    public void Validate_SeveralMistakes_ReportsEveryOneByItsKey()
    {
        var options = new DetectionOptions
        {
            MajorLateness = TimeSpan.FromDays(3),
            CriticalLateness = TimeSpan.FromDays(1),
            Calendars = { ["royalmail"] = new CalendarOptions() },
            Services = { ["ground"] = new ServiceDefinition { Carriers = { ["pony"] = ["Pony Express"] } } },
        };

        var result = new DetectionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.Contains("Detection:CriticalLateness", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Detection:Calendars:royalmail", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Detection:Services:ground:Carriers:pony", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CalendarCountryWithoutHolidayRules_FailsNamingTheKey()
    {
        var options = new DetectionOptions { Calendars = { ["Default"] = new CalendarOptions { Country = "US" }, ["dhl"] = new CalendarOptions { Country = "Atlantis" } } };

        var result = new DetectionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Detection:Calendars:dhl:Country", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OutOfRangeThreshold_FailsWithTheFieldName()
    {
        var result = new DetectionOptionsRangeValidator().Validate(null, new DetectionOptions { StalledAfter = TimeSpan.FromMinutes(5) });

        Assert.True(result.Failed);
        Assert.Contains("StalledAfter", result.FailureMessage, StringComparison.Ordinal);
    }
}
