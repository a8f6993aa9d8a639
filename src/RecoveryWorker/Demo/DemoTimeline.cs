using System.Globalization;

namespace RecoveryWorker.Demo;

/// <summary>
/// The demo's shipments: each tells one story relative to the moment the demo starts, so every breach type shows
/// up within a minute, next to on-time parcels that must stay silent.
/// </summary>
internal static class DemoTimeline
{
    internal sealed record Scan(TimeSpan At, string Status, string Description, string Location, string? Reason = null);

    internal sealed record Story(string Name, string Expect, TimeSpan Deadline, string Service, string? ReportedService, Scan[] Scans, TimeSpan? EstimateDayAfterDeadline = null);

    private static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);

    private static TimeSpan H(double hours) => TimeSpan.FromHours(hours);

    private static TimeSpan D(double days) => TimeSpan.FromDays(days);

    public static IReadOnlyList<Story> Stories { get; } =
    [
        new("LATE", "late at +21 s, escalated after the last follow-up", S(20), "ground", "Ground",
            [new(-D(2), "PickedUp", "Picked up", "Atlanta, GA"), new(-D(1), "InTransit", "Departed facility", "Memphis, TN")]),
        new("ARRIVES", "late at +11 s, delivered at +40 s: becomes delivered_late and is resolved", S(10), "ground", "Ground",
            [new(-D(2), "PickedUp", "Picked up", "Atlanta, GA"), new(-H(20), "OutForDelivery", "Out for delivery", "Brooklyn, NY"), new(S(40), "Delivered", "Delivered, front door", "Brooklyn, NY")]),
        new("DELIVERED-LATE", "delivered 2 h after the deadline: delivered_late, closed by the first follow-up", -H(3), "ground", "Ground",
            [new(-D(2), "PickedUp", "Picked up", "Chicago, IL"), new(-H(1), "Delivered", "Delivered", "Evanston, IL")]),
        new("AT-RISK", "the carrier estimates two days after the deadline: at_risk", D(2), "ground", "Ground",
            [new(-D(1), "PickedUp", "Picked up", "Dallas, TX")], EstimateDayAfterDeadline: D(2)),
        new("NO-PICKUP", "label created six days ago, never scanned: not_picked_up", D(3), "ground", null,
            [new(-D(6), "LabelCreated", "Shipment information received", "Seattle, WA")]),
        new("STALLED", "no scan for six days: stalled", D(3), "ground", "Ground",
            [new(-D(8), "PickedUp", "Picked up", "Denver, CO"), new(-D(6), "InTransit", "Arrived at facility", "Salt Lake City, UT")]),
        new("DAMAGED", "carrier reports damage at +25 s: exception", D(2), "ground", "Ground",
            [new(-D(1), "PickedUp", "Picked up", "Phoenix, AZ"), new(S(25), "Exception", "Damaged in transit", "Las Vegas, NV", "Damaged")]),
        new("WRONG-SERVICE", "sold as next day air, shipped ground: service_mismatch", D(1), "next_day_air", "Ground",
            [new(-H(1), "PickedUp", "Picked up", "Boston, MA")]),
        new("STALL-CLEARS", "stalled at start, moves again at +30 s: the case clears with good news", D(3), "ground", "Ground",
            [new(-D(8), "PickedUp", "Picked up", "Miami, FL"), new(-D(6), "InTransit", "Arrived at facility", "Jacksonville, FL"), new(S(30), "InTransit", "Departed facility", "Jacksonville, FL")]),
        new("ON-TIME", "delivered at +15 s, an hour early: silent", H(1), "ground", "Ground",
            [new(-D(1), "PickedUp", "Picked up", "Portland, OR"), new(S(15), "Delivered", "Delivered", "Portland, OR")]),
        new("ON-TRACK", "moving, estimate on the deadline's day: silent", D(2), "ground", "Ground",
            [new(-H(3), "PickedUp", "Picked up", "Austin, TX"), new(-H(1), "InTransit", "Departed facility", "Austin, TX")], EstimateDayAfterDeadline: TimeSpan.Zero),
        new("GUARANTEED-LATE", "next day air delivered 2 h late: delivered_late, and a carrier claim to_file for the 9.95 shipping charge", -H(4), "next_day_air", "Next Day Air",
            [new(-D(1), "PickedUp", "Picked up", "Louisville, KY"), new(-H(2), "Delivered", "Delivered, front desk", "Manhattan, NY")]),
        new("GUARANTEED-WEATHER", "next day air late after a weather exception: delivered_late, its claim excluded (weather)", -H(5), "next_day_air", "Next Day Air",
            [new(-D(1), "PickedUp", "Picked up", "Louisville, KY"), new(-H(8), "Exception", "Severe weather conditions have delayed delivery", "Louisville, KY", "WeatherOrDisaster"), new(-H(3), "Delivered", "Delivered", "Manhattan, NY")]),
        new("JUST-IN-TIME", "delivered exactly at the deadline (+30 s): kept, silent", S(30), "ground", "Ground",
            [new(-D(1), "PickedUp", "Picked up", "Newark, NJ"), new(S(30), "Delivered", "Delivered", "Hoboken, NJ")]),
    ];

    public static string TrackingNumber(Story story) => "DEMO-" + story.Name;

    /// <summary>The state of a scan's "City, ST" location.</summary>
    public static string StateOf(Scan scan) => scan.Location[(scan.Location.LastIndexOf(',') + 2)..];

    /// <summary>The sandbox tracking file for a demo starting at <paramref name="start"/>, times in the promise zone.</summary>
    public static Dictionary<string, object?> TrackingFile(DateTimeOffset start, TimeZoneInfo zone)
    {
        string Iso(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        return Stories.ToDictionary(
            TrackingNumber,
            story => (object?)new Dictionary<string, object?>
            {
                ["service"] = story.ReportedService,
                ["estimatedDelivery"] = story.EstimateDayAfterDeadline is { } after
                    ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start + story.Deadline + after, zone).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : null,
                ["events"] = story.Scans.Select(scan => new Dictionary<string, object?>
                {
                    ["at"] = Iso(start + scan.At),
                    ["status"] = scan.Status,
                    ["reason"] = scan.Reason,
                    ["description"] = scan.Description,
                    ["location"] = scan.Location,
                }).ToList(),
            });
    }
}
