using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Harness;

internal enum WeekKind : byte
{
    OnTime,
    Late,
    DeliveredLate,
    Stalled,
    NeverPickedUp,
    Exception,
    ServiceMismatch,
}

/// <summary>
/// One simulated shipment, kept small (a million of them must not dominate the process' memory): the scans are
/// derived on demand from these instants and the seed. <see cref="End"/> is the delivery (on time, late, delivered
/// late, wrong service), the last scan (stalled), the exception, or the label (never picked up).
/// </summary>
internal readonly record struct WeekShipment(WeekKind Kind, byte Zone, byte Service, int Seed, DateTimeOffset Label, DateTimeOffset Pickup, DateTimeOffset End, DateTimeOffset Deadline);

/// <summary>
/// The simulated week: shipments with their whole future (the carrier reveals each scan when the fake clock passes
/// it), in a realistic mix, deterministic for a seed. Everything is registered at <see cref="Start"/>, so all of them
/// are active at once (the memory target's "N active shipments").
/// </summary>
internal sealed class WeekScenarios
{
    /// <summary>Monday 2026-11-09, 08:00 in New York: a week without public holidays.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 9, 13, 0, 0, TimeSpan.Zero);

    public static readonly (WeekKind Kind, int PerMille)[] Mix =
    [
        (WeekKind.OnTime, 800), (WeekKind.Late, 70), (WeekKind.DeliveredLate, 40), (WeekKind.Stalled, 30),
        (WeekKind.NeverPickedUp, 20), (WeekKind.Exception, 20), (WeekKind.ServiceMismatch, 20),
    ];

    public static readonly string[] ZoneIds = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"];

    // Promised service code, its sandbox name (the shipped catalog), days from the start's local date, 20:00 local.
    private static readonly (string Code, string Name, int MinDays, int MaxDays)[] Services =
        [("ground", "Ground", 3, 5), ("two_day", "Two Day", 2, 2), ("next_day_air", "Next Day Air", 1, 1)];

    private static readonly TimeZoneInfo[] Zones = [.. ZoneIds.Select(TimeZoneInfo.FindSystemTimeZoneById)];

    private static readonly ExceptionReason[] Reasons = [ExceptionReason.Damaged, ExceptionReason.AddressIssue, ExceptionReason.Lost, ExceptionReason.FailedAttempt];

    private readonly WeekShipment[] _shipments;

    public WeekScenarios(int count, int seed)
    {
#pragma warning disable CA5394 // Deterministic simulation, not security.
        var random = new Random(seed);
        _shipments = new WeekShipment[count];
        for (var i = 0; i < count; i++)
        {
            var kind = PickKind(random.Next(1000));
            var zone = (byte)random.Next(Zones.Length);
            var service = (byte)(random.Next(10) switch { < 6 => 0, < 8 => 1, _ => 2 });
            var (_, _, minDays, maxDays) = Services[service];
            var localStart = TimeZoneInfo.ConvertTime(Start, Zones[zone]).Date;
            var deadlineLocal = localStart.AddDays(random.Next(minDays, maxDays + 1)).AddHours(20);
            var deadline = new DateTimeOffset(deadlineLocal, Zones[zone].GetUtcOffset(deadlineLocal));
            var label = Start - Minutes(random, 0, 600);
            var pickup = label + Minutes(random, 60, 480);
            var end = kind switch
            {
                WeekKind.OnTime or WeekKind.ServiceMismatch => OnTimeDelivery(random, pickup, deadline),
                WeekKind.Late => deadline + Minutes(random, 240, 2880),
                WeekKind.DeliveredLate => deadline + Minutes(random, 5, 180),
                WeekKind.Stalled => pickup + Minutes(random, 240, 1800),
                WeekKind.Exception => pickup + Minutes(random, 360, 2880),
                _ => label,
            };
            _shipments[i] = new WeekShipment(kind, zone, service, random.Next(), label, pickup, end, deadline);
        }
#pragma warning restore CA5394
    }

    public int Count => _shipments.Length;

    public WeekShipment this[int index] => _shipments[index];

    public static string TrackingNumber(int index) => Text.Invariant($"SIM{index:D9}");

    public static int IndexOf(string trackingNumber) =>
        trackingNumber.StartsWith("SIM", StringComparison.Ordinal) && int.TryParse(trackingNumber.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : -1;

    public ShipmentSpec Spec(int index)
    {
        var s = _shipments[index];
        return new ShipmentSpec(TrackingNumber(index), Services[s.Service].Code, s.Deadline, ZoneIds[s.Zone], s.Label, index % 50_000);
    }

    /// <summary>What the carrier says about shipment <paramref name="index"/> at <paramref name="now"/>.</summary>
    public TrackingSnapshot? Track(int index, DateTimeOffset now)
    {
        if ((uint)index >= (uint)_shipments.Length)
        {
            return null;
        }

        var s = _shipments[index];
        var zone = Zones[s.Zone];
        var events = new List<TrackingEvent>(12);
        void Add(DateTimeOffset at, TrackingStatus status, string description, ExceptionReason? reason = null)
        {
            if (at <= now)
            {
                events.Add(new TrackingEvent(CarrierTimestamp.FromInstant(TimeZoneInfo.ConvertTime(at, zone)), status, reason, null, description, "Columbus, OH"));
            }
        }

        Add(s.Label, TrackingStatus.LabelCreated, "Shipping label created");
        if (s.Kind != WeekKind.NeverPickedUp)
        {
            Add(s.Pickup, TrackingStatus.PickedUp, "Picked up");
            var step = TimeSpan.FromMinutes(240 + (s.Seed % 600)); // a scan every 4 to 14 hours
            for (var at = s.Pickup + step; at < s.End && at <= now; at += step)
            {
                Add(at, TrackingStatus.InTransit, "Arrived at facility");
            }

            switch (s.Kind)
            {
                case WeekKind.Stalled:
                    Add(s.End, TrackingStatus.InTransit, "Departed facility");
                    break;
                case WeekKind.Exception:
                    Add(s.End, TrackingStatus.Exception, "Exception", Reasons[s.Seed % Reasons.Length]);
                    break;
                default:
                    Add(s.End, TrackingStatus.Delivered, "Delivered");
                    break;
            }
        }

        var last = events[^1];
        var pickedUp = s.Kind != WeekKind.NeverPickedUp && s.Pickup <= now;
        var reported = !pickedUp ? null
            : s.Kind == WeekKind.ServiceMismatch ? Services[(s.Service + 1) % Services.Length].Name
            : Services[s.Service].Name;
        return new TrackingSnapshot
        {
            Carrier = CarrierCode.Sandbox,
            TrackingNumber = TrackingNumber(index),
            Status = last.Status,
            Reason = last.Reason,
            Events = events,
            ReportedService = reported,
        };
    }

    /// <summary>
    /// When each breach type becomes true for shipment <paramref name="index"/> (known from the scenario; the
    /// business-time rules use the shipped calendar, as the detector does). Types that never hold are absent.
    /// </summary>
    public Dictionary<BreachType, DateTimeOffset> BreachTimes(int index, BusinessCalendar calendar, DetectionOptions rules)
    {
        var s = _shipments[index];
        var zone = Zones[s.Zone];
        var times = new Dictionary<BreachType, DateTimeOffset>();
        var delivered = s.Kind is WeekKind.OnTime or WeekKind.Late or WeekKind.DeliveredLate or WeekKind.ServiceMismatch ? s.End : (DateTimeOffset?)null;
        var turnsLate = s.Deadline + rules.LateGrace;
        if (delivered is null || delivered > turnsLate)
        {
            times[BreachType.Late] = turnsLate;
        }

        if (delivered > turnsLate)
        {
            times[BreachType.DeliveredLate] = delivered.Value;
        }

        switch (s.Kind)
        {
            case WeekKind.Stalled:
                times[BreachType.Stalled] = AfterBusinessTime(calendar, s.End, rules.StalledAfter, zone);
                break;
            case WeekKind.NeverPickedUp:
                times[BreachType.NotPickedUp] = AfterBusinessTime(calendar, s.Label, rules.NotPickedUpAfter, zone);
                break;
            case WeekKind.Exception:
                times[BreachType.Exception] = s.End;
                break;
            case WeekKind.ServiceMismatch:
                times[BreachType.ServiceMismatch] = s.Pickup;
                break;
        }

        return times;
    }

    public static IEnumerable<(WeekKind Kind, int PerMille)> Shares => Mix;

    /// <summary>The first instant at which more than <paramref name="threshold"/> of business time has passed since <paramref name="from"/>.</summary>
    private static DateTimeOffset AfterBusinessTime(BusinessCalendar calendar, DateTimeOffset from, TimeSpan threshold, TimeZoneInfo zone)
    {
        var low = from;
        var high = from + threshold + TimeSpan.FromDays(14);
        while (high - low > TimeSpan.FromSeconds(1))
        {
            var middle = low + ((high - low) / 2);
            if (calendar.BusinessTimeBetween(from, middle, zone) > threshold)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high;
    }

    private static DateTimeOffset OnTimeDelivery(Random random, DateTimeOffset pickup, DateTimeOffset deadline)
    {
#pragma warning disable CA5394
        var delivery = deadline - Minutes(random, 60, 1800);
#pragma warning restore CA5394
        return delivery > pickup + TimeSpan.FromHours(4) ? delivery : pickup + ((deadline - pickup) * 0.6);
    }

#pragma warning disable CA5394
    private static TimeSpan Minutes(Random random, int min, int max) => TimeSpan.FromMinutes(random.Next(min, max));
#pragma warning restore CA5394

    private static WeekKind PickKind(int perMille)
    {
        foreach (var (kind, share) in Mix)
        {
            if (perMille < share)
            {
                return kind;
            }

            perMille -= share;
        }

        return WeekKind.OnTime;
    }
}
