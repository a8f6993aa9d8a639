using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Benchmarks;

/// <summary>The kinds of history the detector meets in production, in the proportions of the simulated week.</summary>
internal enum HistoryKind
{
    OnTimeInTransit,
    Late,
    DeliveredLate,
    Stalled,
    NeverPickedUp,
    Exception,
    ServiceMismatch,
}

/// <summary>One promise and what its carrier reports about it, as the detector is called with them.</summary>
internal sealed record TrackingHistory(HistoryKind Kind, DeliveryPromise Promise, TrackingSnapshot Tracking);

/// <summary>
/// Realistic tracking histories for the detector benchmarks (BenchmarkDotNet and the harness' Stopwatch loop share
/// this file): four carriers with their own service names, four time zones, 3 to 15 scans each, some with the
/// carrier's offset and some in local wall-clock time, deterministic for a seed. The detector is built from the
/// shipped appsettings.json (calendars, holidays, service catalog), as the service builds it.
/// </summary>
internal static class TrackingHistories
{
    /// <summary>The clock every history is judged at: Wednesday 2026-11-18, 15:00 in New York.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 20, 0, 0, TimeSpan.Zero);

    /// <summary>Share of each kind, per mille: 80 % on time, 7 % late, 4 % delivered late, 3 % stalled, 2 % each of the rest.</summary>
    public static readonly IReadOnlyList<(HistoryKind Kind, int PerMille)> Mix =
    [
        (HistoryKind.OnTimeInTransit, 800),
        (HistoryKind.Late, 70),
        (HistoryKind.DeliveredLate, 40),
        (HistoryKind.Stalled, 30),
        (HistoryKind.NeverPickedUp, 20),
        (HistoryKind.Exception, 20),
        (HistoryKind.ServiceMismatch, 20),
    ];

    private static readonly TimeZoneInfo[] Zones =
    [
        TimeZoneInfo.FindSystemTimeZoneById("America/New_York"),
        TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"),
        TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"),
        TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
    ];

    // Service code -> what each carrier calls it (a subset of the shipped catalog).
    private static readonly (CarrierCode Carrier, (string Code, string Name)[] Services)[] Carriers =
    [
        (CarrierCode.Ups, [("ground", "UPS Ground"), ("two_day", "UPS 2nd Day Air"), ("next_day_air", "UPS Next Day Air")]),
        (CarrierCode.Fedex, [("ground", "FEDEX_GROUND"), ("two_day", "FEDEX_2_DAY"), ("next_day_air", "PRIORITY_OVERNIGHT")]),
        (CarrierCode.Usps, [("ground", "USPS Ground Advantage"), ("two_day", "Priority Mail"), ("next_day_air", "Priority Mail Express")]),
        (CarrierCode.Dhl, [("ground", "DHL Parcel Ground"), ("next_day_air", "EXPRESS WORLDWIDE")]),
    ];

    private static readonly string[] Cities = ["Columbus, OH", "Louisville, KY", "Memphis, TN", "Ontario, CA", "Chicago, IL", "Leipzig, DE"];

    private static readonly ExceptionReason[] ExceptionReasons =
        [ExceptionReason.Damaged, ExceptionReason.AddressIssue, ExceptionReason.FailedAttempt, ExceptionReason.CustomsHold, ExceptionReason.Lost];

    /// <summary>The detector as the service builds it: shipped rules, the given clock.</summary>
    public static BreachDetector Detector(TimeProvider time)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "Shipped", "appsettings.json"), optional: false)
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(time)
            .AddDomain()
            .BuildServiceProvider();
        return services.GetRequiredService<BreachDetector>();
    }

    /// <summary><paramref name="count"/> histories in the proportions of <see cref="Mix"/>, shuffled, the same for the same seed.</summary>
    public static IReadOnlyList<TrackingHistory> Generate(int count, int seed = 42)
    {
#pragma warning disable CA5394 // Deterministic test data, not security.
        var random = new Random(seed);
        var histories = new List<TrackingHistory>(count);
        for (var i = 0; i < count; i++)
        {
            histories.Add(Create(PickKind(random.Next(1000)), random, i));
        }

        return histories;
#pragma warning restore CA5394
    }

    private static HistoryKind PickKind(int perMille)
    {
        foreach (var (kind, share) in Mix)
        {
            if (perMille < share)
            {
                return kind;
            }

            perMille -= share;
        }

        return HistoryKind.OnTimeInTransit;
    }

#pragma warning disable CA5394 // Deterministic test data, not security.
    private static TrackingHistory Create(HistoryKind kind, Random random, int index)
    {
        var zone = Zones[random.Next(Zones.Length)];
        var (carrier, services) = Carriers[random.Next(Carriers.Length)];
        var (serviceCode, serviceName) = services[random.Next(services.Length)];
        var wallClock = random.Next(4) == 0; // UPS- and DHL-style local times without an offset
        var eventCount = random.Next(3, 16);

        DateTimeOffset Hours(double hours) => Now.AddHours(hours);
        var (deadline, label, lastScan) = kind switch
        {
            HistoryKind.OnTimeInTransit or HistoryKind.ServiceMismatch => (Hours(random.Next(6, 72)), Hours(-random.Next(24, 72)), Hours(-random.Next(1, 10))),
            HistoryKind.Late => (Hours(-random.Next(2, 30)), Hours(-random.Next(72, 120)), Hours(-random.Next(1, 12))),
            HistoryKind.DeliveredLate => (Hours(-random.Next(30, 72)), Hours(-random.Next(100, 160)), Hours(-random.Next(1, 28))),
            HistoryKind.Stalled => (Hours(random.Next(0, 48)), Hours(-random.Next(120, 160)), Hours(-random.Next(72, 110))),
            HistoryKind.NeverPickedUp => (Hours(random.Next(0, 48)), Hours(-random.Next(48, 96)), Hours(-random.Next(30, 46))),
            _ => (Hours(random.Next(-12, 48)), Hours(-random.Next(48, 100)), Hours(-random.Next(1, 24))),
        };

        var events = new List<TrackingEvent>(eventCount);
        TrackingEvent Scan(DateTimeOffset at, TrackingStatus status, string description, ExceptionReason? reason = null)
        {
            var local = TimeZoneInfo.ConvertTime(at, zone);
            var timestamp = wallClock ? CarrierTimestamp.FromWallClock(local.DateTime) : CarrierTimestamp.FromInstant(local);
            return new TrackingEvent(timestamp, status, reason, null, description, Cities[random.Next(Cities.Length)]);
        }

        if (kind == HistoryKind.NeverPickedUp)
        {
            // Label printed, information sent again and again, no carrier scan.
            var step = (lastScan - label) / Math.Max(1, eventCount - 1);
            for (var e = 0; e < eventCount; e++)
            {
                events.Add(Scan(label + (step * e), TrackingStatus.LabelCreated, e == 0 ? "Shipping label created" : "Shipment information sent to carrier"));
            }
        }
        else
        {
            events.Add(Scan(label, TrackingStatus.LabelCreated, "Shipping label created"));
            var pickup = label.AddHours(random.Next(2, 10));
            events.Add(Scan(pickup, TrackingStatus.PickedUp, "Picked up"));
            var transitScans = Math.Max(1, eventCount - 3);
            var step = (lastScan - pickup) / (transitScans + 1);
            for (var e = 1; e <= transitScans; e++)
            {
                events.Add(Scan(pickup + (step * e), TrackingStatus.InTransit, "Arrived at facility"));
            }

            switch (kind)
            {
                case HistoryKind.DeliveredLate:
                    events.Add(Scan(deadline.AddHours(random.Next(1, 24)), TrackingStatus.Delivered, "Delivered, front door"));
                    break;
                case HistoryKind.Exception:
                    events.Add(Scan(lastScan, TrackingStatus.Exception, "Exception", ExceptionReasons[random.Next(ExceptionReasons.Length)]));
                    break;
                default:
                    events.Add(Scan(lastScan, random.Next(5) == 0 ? TrackingStatus.OutForDelivery : TrackingStatus.InTransit, "Departed facility"));
                    break;
            }
        }

        // Carriers send scans newest first, and sometimes a duplicate: the detector sorts and de-duplicates.
        events.Reverse();
        if (random.Next(10) == 0)
        {
            events.Add(events[^1]);
        }

        var reported = kind == HistoryKind.ServiceMismatch
            ? services.First(s => s.Code != serviceCode).Name
            : kind == HistoryKind.NeverPickedUp ? null : serviceName;
        var last = events[0];
        var promise = new DeliveryPromise
        {
            PromisedBy = deadline,
            TimeZone = zone,
            ServiceCode = serviceCode,
            Guaranteed = serviceCode != "ground" && random.Next(2) == 0,
            ShippedAt = label,
            Customer = new Customer($"cust-{index % 5000}", $"c{index}@example.com", "Ada Lovelace", "en-US"),
            Order = new OrderTotals(80m, 12m, "USD"),
        };
        var tracking = new TrackingSnapshot
        {
            Carrier = carrier,
            TrackingNumber = $"BENCH{index:D8}",
            Status = last.Status,
            Reason = last.Reason,
            Events = events,
            ReportedService = reported,
        };
        return new TrackingHistory(kind, promise, tracking);
    }
#pragma warning restore CA5394
}

/// <summary>A clock that always says the same time.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
