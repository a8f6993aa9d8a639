using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Claims;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Claims;

public sealed class ClaimDeadlineCheckTests : IDisposable
{
    private static readonly DateTimeOffset Commitment = new(2026, 11, 20, 12, 0, 0, TimeSpan.FromHours(-5)); // file by 2026-12-05 17:00Z
    private readonly WorkerFolder _folder = new();

    [Fact]
    public async Task RunAsync_DeadlinePassedUnfiled_ExpiresAndAuditsOnlyTheUnfiledClaim()
    {
        await using var host = await HostWithClaimsAsync(new DateTimeOffset(2026, 12, 5, 17, 1, 0, TimeSpan.Zero));
        var logs = new CapturingLogger();

        var (expired, due) = await Check(host, logs).RunAsync(CancellationToken.None);

        var claims = await host.QueryAsync(db => db.Claims.Include(c => c.Events).ToDictionaryAsync(c => c.TrackingNumber));
        Assert.Equal((1, 0), (expired, due));
        Assert.Equal("expired", claims["1ZUNFILED1"].Status);
        Assert.Equal(("expired", "worker"), (claims["1ZUNFILED1"].Events.Single().Action, claims["1ZUNFILED1"].Events.Single().Actor));
        Assert.Equal("filed", claims["1ZFILED002"].Status);
        Assert.Equal("to_file", claims["1ZLATER003"].Status);
        Assert.Contains(logs.Lines, l => l.Contains("expired unfiled", StringComparison.Ordinal) && l.Contains("1ZUNFILED1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ThreeDaysBeforeTheDeadline_RemindsWithAMetricAndALogLineNamingOnlyTheTrackingNumber()
    {
        await using var host = await HostWithClaimsAsync(new DateTimeOffset(2026, 12, 2, 17, 0, 0, TimeSpan.Zero)); // exactly 3 days before
        var logs = new CapturingLogger();
        var reminders = new List<(long Value, string Carrier)>();
        var meters = host.Services.GetRequiredService<IMeterFactory>(); // this host's meter only, not a parallel test's
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RecoveryMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "recoveryworker.claims.reminders")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => reminders.Add((value, (string)tags.ToArray().Single(t => t.Key == "carrier").Value!)));
        listener.Start();

        var (expired, due) = await Check(host, logs).RunAsync(CancellationToken.None);

        Assert.Equal((0, 1), (expired, due));
        Assert.Equal([(1L, "ups")], reminders);
        var line = Assert.Single(logs.Lines, l => l.Contains("is due", StringComparison.Ordinal));
        Assert.Contains("1ZUNFILED1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", string.Join("\n", logs.Lines), StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", string.Join("\n", logs.Lines), StringComparison.Ordinal);
        Assert.Equal("to_file", await host.QueryAsync(db => db.Claims.Where(c => c.TrackingNumber == "1ZUNFILED1").Select(c => c.Status).SingleAsync()));
    }

    private async Task<WorkerHost> HostWithClaimsAsync(DateTimeOffset now)
    {
        _folder.WriteTracking(new Dictionary<string, object>());
        var host = new WorkerHost(_folder, new FakeTimeProvider(now));
        await host.QueryAsync(db =>
        {
            db.Claims.AddRange(
                StoredClaims.Claim("1ZUNFILED1", "to_file", Commitment),
                StoredClaims.Claim("1ZFILED002", "filed", Commitment),
                StoredClaims.Claim("1ZLATER003", "to_file", Commitment.AddDays(7)));
            return db.SaveChangesAsync();
        });
        return host;
    }

    private static ClaimDeadlineCheck Check(WorkerHost host, CapturingLogger logs) => new(
        host.Services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>(), host.Time, host.Services.GetRequiredService<RecoveryMetrics>(), logs);

    public void Dispose() => _folder.Dispose();

    private sealed class CapturingLogger : ILogger<ClaimDeadlineCheck>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add($"{eventId.Id} {formatter(state, exception)}");
    }
}
