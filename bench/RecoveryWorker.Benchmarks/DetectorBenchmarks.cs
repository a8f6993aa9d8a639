using BenchmarkDotNet.Attributes;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Benchmarks;

/// <summary>
/// The breach rules on a realistic mix of tracking histories (see <see cref="TrackingHistories"/>). One operation is
/// one <c>BreachDetector.Detect</c> call, so BenchmarkDotNet's "Op/s" column is evaluations per second on one
/// core (the benchmark runs on one thread).
/// </summary>
[MemoryDiagnoser]
public class DetectorBenchmarks
{
    private const int Histories = 4096;

    private BreachDetector _detector = null!;
    private TrackingHistory[] _histories = [];

    [GlobalSetup]
    public void Setup()
    {
        _detector = TrackingHistories.Detector(new FixedClock(TrackingHistories.Now));
        _histories = [.. TrackingHistories.Generate(Histories)];
    }

    /// <summary>Every history once: the mix as it arrives from the carriers.</summary>
    [Benchmark(OperationsPerInvoke = Histories)]
    public int DetectMix()
    {
        var breaches = 0;
        foreach (var history in _histories)
        {
            breaches += _detector.Detect(history.Promise, history.Tracking).Count;
        }

        return breaches;
    }
}
