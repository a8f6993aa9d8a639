using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Tests.Support;

/// <summary>Builders for test data: realistic defaults, each test overrides only what it is about.</summary>
internal static class Some
{
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>Friday 2026-11-20, noon in New York: the deadline most tests use.</summary>
    public static readonly DateTimeOffset Deadline = new(2026, 11, 20, 12, 0, 0, TimeSpan.FromHours(-5));

    public static DeliveryPromise Promise(
        DateTimeOffset? promisedBy = null,
        TimeZoneInfo? zone = null,
        string service = "ground",
        bool guaranteed = false,
        DateTimeOffset? shippedAt = null,
        string locale = "en-US",
        decimal orderValue = 80m,
        decimal shippingCost = 12m) => new()
        {
            PromisedBy = promisedBy ?? Deadline,
            TimeZone = zone ?? NewYork,
            ServiceCode = service,
            Guaranteed = guaranteed,
            ShippedAt = shippedAt ?? (promisedBy ?? Deadline).AddDays(-3),
            Customer = new Customer("cust-42", "ada@example.com", "Ada Lovelace", locale),
            Order = new OrderTotals(orderValue, shippingCost, "USD"),
        };

    public static TrackingEvent Event(DateTimeOffset at, TrackingStatus status, string description = "Scan", string? location = "Columbus, OH", ExceptionReason? reason = null) =>
        new(CarrierTimestamp.FromInstant(at), status, reason, null, description, location);

    public static TrackingSnapshot Snapshot(params TrackingEvent[] events) => new()
    {
        Carrier = CarrierCode.Ups,
        TrackingNumber = "1Z999AA10123456784",
        Events = events,
    };

    public static DetectionOptions DetectionOptions() => new()
    {
        Calendars = { ["Default"] = new CalendarOptions { WeekendDays = [DayOfWeek.Saturday, DayOfWeek.Sunday], Holidays = [new DateOnly(2026, 11, 26)] } },
        Services =
        {
            ["ground"] = new ServiceDefinition { Carriers = { ["ups"] = ["UPS Ground", "03"], ["fedex"] = ["FEDEX_GROUND", "FedEx Ground"] } },
            ["next_day_air"] = new ServiceDefinition { Guaranteed = true, Carriers = { ["ups"] = ["UPS Next Day Air", "Next Day Air", "01"] } },
        },
    };

    public static BreachDetector Detector(TimeProvider time, DetectionOptions? options = null)
    {
        var wrapped = Options.Create(options ?? DetectionOptions());
        return new BreachDetector(wrapped, new BusinessCalendars(wrapped), new ServiceCatalog(wrapped.Value.Services), time);
    }

    public static FakeTimeProvider Clock(DateTimeOffset now) => new(now);
}
