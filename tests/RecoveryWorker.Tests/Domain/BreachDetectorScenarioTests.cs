using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Domain;
using RecoveryWorker.Tests.Domain.Scenarios;

namespace RecoveryWorker.Tests.Domain;

/// <summary>
/// The detector over hand-written scenarios (Domain/Scenarios/*.scenarios.json), with options bound from
/// detection-options.json exactly as the host binds them. Each scenario lists every breach it expects; an
/// empty list is an on-time shipment that must stay silent.
/// </summary>
public sealed class BreachDetectorScenarioTests
{
    private static readonly DetectionOptions Options = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(ScenarioFiles.Folder, "detection-options.json"))
        .Build()
        .GetSection(DetectionOptions.SectionName)
        .Get<DetectionOptions>()!;

    public static TheoryData<string, string> Scenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, scenario) in ScenarioFiles.All())
        {
            data.Add(file, scenario.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Detect_Scenario_FindsExactlyTheExpectedBreaches(string file, string name)
    {
        var scenario = ScenarioFiles.All().Single(s => s.File == file && s.Scenario.Name == name).Scenario;
        var wrapped = Microsoft.Extensions.Options.Options.Create(Options);
        var detector = new BreachDetector(wrapped, new BusinessCalendars(wrapped), new ServiceCatalog(Options.Services), new FakeTimeProvider(scenario.NowInstant));

        var breaches = detector.Detect(scenario.ToPromise(), scenario.ToSnapshot(), scenario.PreviousCase);

        var expected = scenario.Expected.Select(e => e.ToString()).Order(StringComparer.Ordinal).ToList();
        var actual = breaches
            .Select(b => new ScenarioBreach
            {
                Type = b.Type.ToWireName(),
                Severity = b.Severity.ToWireName(),
                CarrierRefundEligible = scenario.Expected.FirstOrDefault(e => e.Type == b.Type.ToWireName())?.CarrierRefundEligible is null ? null : b.CarrierRefundEligible,
            }.ToString())
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Scenarios_Corpus_CoversEveryBreachTypeAndSilentCases()
    {
        var scenarios = ScenarioFiles.All().Select(s => s.Scenario).ToList();

        Assert.True(scenarios.Count >= 40, $"Only {scenarios.Count} scenarios; the corpus should keep at least 40.");
        Assert.Equal(scenarios.Count, scenarios.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
        foreach (var type in BreachTypes.All)
        {
            Assert.Contains(scenarios, s => s.Expected.Any(e => e.Type == type.ToWireName()));
        }

        Assert.True(scenarios.Count(s => s.Expected.Count == 0) >= 8, "Keep at least 8 on-time scenarios that must stay silent.");
    }
}
