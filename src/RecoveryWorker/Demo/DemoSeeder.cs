using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Sandbox;
using RecoveryWorker.Intake;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Demo;

/// <summary>
/// Seeds the demo once per store: writes the sandbox tracking file with timelines relative to now and registers the
/// shipments through the same intake the API uses. A restart on the same store keeps the first demo's timeline.
/// </summary>
internal sealed class DemoSeeder(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    ShipmentIntake intake,
    IOptions<SandboxOptions> sandbox,
    TimeProvider time,
    ILogger<DemoSeeder> logger) : IHostedService
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Shipments.AnyAsync(s => s.OrderId.StartsWith("DEMO-"), cancellationToken))
            {
                return;
            }
        }

        var start = time.GetUtcNow();
        var file = Path.GetFullPath(sandbox.Value.TrackingFile);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(DemoTimeline.TrackingFile(start, Zone), Indented), cancellationToken);

        var registrations = DemoTimeline.Stories.Select((story, i) => new ShipmentRegistration(
            OrderId: "DEMO-" + (1001 + i),
            Carrier: CarrierCode.Sandbox,
            TrackingNumber: DemoTimeline.TrackingNumber(story),
            Service: story.Service,
            PromisedBy: TimeZoneInfo.ConvertTime(start + story.Deadline, Zone),
            PromiseTimeZone: Zone.Id,
            Guaranteed: false,
            ShippedAt: start - TimeSpan.FromDays(7),
            CustomerId: "demo-customer-" + (i + 1),
            CustomerEmail: $"customer{i + 1}@example.com",
            CustomerName: i % 3 == 1 ? "Lena Fischer" : "Sam Rivera",
            CustomerLocale: i % 3 == 1 ? "de-DE" : "en-US",
            OrderValue: 40m + (i * 15m),
            ShippingCost: 9.95m,
            Currency: "USD")
        {
            // Lanes for promise keeping: from the state of the first scan to that of the last.
            Origin = new Place("US", DemoTimeline.StateOf(story.Scans[0]), null),
            Destination = new Place("US", DemoTimeline.StateOf(story.Scans[^1]), null),
        }).ToList();
        await intake.RegisterAsync(registrations, cancellationToken);
        logger.DemoSeeded(registrations.Count, file);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
