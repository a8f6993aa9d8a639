using System.ComponentModel.DataAnnotations;

namespace RecoveryWorker.Domain;

/// <summary>When a promise counts as broken. Bound from "Detection".</summary>
public sealed class DetectionOptions
{
    public const string SectionName = "Detection";

    /// <summary>How long after the deadline an undelivered parcel becomes late. Zero: the promise means what it says.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan LateGrace { get; set; } = TimeSpan.Zero;

    /// <summary>Business hours after the label (or ship time) without a carrier acceptance scan before "not picked up".</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan NotPickedUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Business hours without a new scan, while in transit, before "stalled".</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromHours(48);

    /// <summary>
    /// How far the end of the carrier's estimated window may reach past the deadline before the promise is at risk.
    /// Zero flags any estimate that ends after the deadline; carriers that pad their windows may warrant more.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan AtRiskMargin { get; set; } = TimeSpan.Zero;

    /// <summary>An earlier case for the same customer within this window makes this one a repeat failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "730.00:00:00")]
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Lateness from which a late delivery is a major breach.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan MajorLateness { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Lateness from which a late delivery is critical.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "60.00:00:00")]
    public TimeSpan CriticalLateness { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Working calendars: "Default" and optionally one per carrier wire name ("ups"), which overrides what it sets.</summary>
    public Dictionary<string, CalendarOptions> Calendars { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Promised service codes ("next_day_air") and what each carrier calls them.</summary>
    public Dictionary<string, ServiceDefinition> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A carrier's working calendar. Unset values fall back to the Default calendar's.</summary>
public sealed class CalendarOptions
{
    /// <summary>Days the carrier does not move parcels, e.g. ["Saturday", "Sunday"].</summary>
    public List<DayOfWeek>? WeekendDays { get; set; }

    /// <summary>
    /// The ISO 3166-1 alpha-2 country ("US", "DE", "GB") whose public holidays, by rule for every year, are not
    /// working days. A shipment's destination country takes its place when known. Unset everywhere: none.
    /// </summary>
    public string? Country { get; set; }

    /// <summary>
    /// The carrier's own closures as dates ("2026-12-24"), read in the promise's time zone, on top of the country's
    /// public holidays.
    /// </summary>
    public List<DateOnly>? Holidays { get; set; }
}
