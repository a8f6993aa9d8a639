using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process (InProcessEmitToolchain): BenchmarkDotNet measures this very process instead of generating and building
// a separate project, which needs no SDK at run time and works in containers and CI. Run it with -c Release:
//   dotnet run -c Release --project bench/RecoveryWorker.Benchmarks -- --filter '*'
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
    .AddColumn(StatisticColumn.OperationsPerSecond); // evaluations/s on one core
BenchmarkSwitcher.FromAssembly(typeof(RecoveryWorker.Benchmarks.DetectorBenchmarks).Assembly).Run(args, config);
