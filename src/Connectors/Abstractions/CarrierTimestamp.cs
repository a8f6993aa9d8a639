using System.Globalization;

namespace RecoveryWorker.Connectors.Abstractions;

/// <summary>
/// A time as the carrier reported it. Carriers often print local wall-clock time with no offset (UPS, some DHL
/// events); guessing an offset in the connector would silently move the event by hours, so the wall-clock time is
/// kept and the offset is null until the domain resolves it in a zone it knows (the promise's).
/// </summary>
public readonly record struct CarrierTimestamp
{
    private CarrierTimestamp(DateTime wallClock, TimeSpan? offset)
    {
        WallClock = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        Offset = offset;
    }

    /// <summary>The local date and time printed by the carrier.</summary>
    public DateTime WallClock { get; }

    /// <summary>The UTC offset the carrier gave, or null when it gave none.</summary>
    public TimeSpan? Offset { get; }

    /// <summary>The exact instant, when the carrier gave an offset.</summary>
    public DateTimeOffset? Instant => Offset is { } offset ? new DateTimeOffset(WallClock, offset) : null;

    /// <summary>A timestamp whose instant is known (offset kept as given).</summary>
    public static CarrierTimestamp FromInstant(DateTimeOffset instant) => new(instant.DateTime, instant.Offset);

    /// <summary>A local wall-clock time with no offset.</summary>
    public static CarrierTimestamp FromWallClock(DateTime wallClock) => new(wallClock, null);

    /// <summary>
    /// The instant, resolving a missing offset in <paramref name="zoneIfUnknown"/>. A wall-clock time that does not
    /// exist there (spring-forward gap) is read with the standard offset; an ambiguous one (fall-back) takes the
    /// earlier instant, so a delivery scan is never made to look later than it could have been.
    /// </summary>
    public DateTimeOffset ToInstant(TimeZoneInfo zoneIfUnknown)
    {
        ArgumentNullException.ThrowIfNull(zoneIfUnknown);
        if (Instant is { } instant)
        {
            return instant;
        }

        // Almost every day of a zone has one offset from midnight to midnight: read it from a small cache instead of
        // asking the zone's adjustment rules three times per event (this runs for every event of every check).
        if (DayOffsets.Steady(zoneIfUnknown, DateOnly.FromDateTime(WallClock)) is { } steady)
        {
            return new DateTimeOffset(WallClock, steady);
        }

        if (zoneIfUnknown.IsInvalidTime(WallClock))
        {
            return new DateTimeOffset(WallClock, zoneIfUnknown.BaseUtcOffset);
        }

        var offset = zoneIfUnknown.IsAmbiguousTime(WallClock)
            ? zoneIfUnknown.GetAmbiguousTimeOffsets(WallClock).Max()
            : zoneIfUnknown.GetUtcOffset(WallClock);
        return new DateTimeOffset(WallClock, offset);
    }

    /// <summary>
    /// Parses ISO-8601 text: with an offset or 'Z' it is an instant, without one it is a wall-clock time.
    /// </summary>
    public static bool TryParse(string? text, out CarrierTimestamp timestamp)
    {
        timestamp = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (HasOffset(text))
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                timestamp = FromInstant(instant);
                return true;
            }

            return false;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
        {
            timestamp = FromWallClock(wallClock);
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Instant is { } instant
        ? instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
        : WallClock.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    // An offset is a trailing 'Z' or a sign after the time part ("T10:00:00-05:00"); the date's own dashes come before 'T'.
    private static bool HasOffset(string text)
    {
        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            return true;
        }

        var timeStart = text.IndexOfAny(['T', 't', ' ']);
        return timeStart >= 0 && text.AsSpan(timeStart).IndexOfAny('+', '-') >= 0;
    }
}

/// <summary>Per zone and local day: the one UTC offset the whole day has, or null for a day with a transition.</summary>
internal static class DayOffsets
{
    private const int MaxEntries = 100_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Zone, DateOnly Day), TimeSpan?> Cache = new();

    public static TimeSpan? Steady(TimeZoneInfo zone, DateOnly day)
    {
        if (Cache.TryGetValue((zone.Id, day), out var known))
        {
            return known;
        }

        var computed = Compute(zone, day);
        if (Cache.Count < MaxEntries)
        {
            Cache.TryAdd((zone.Id, day), computed);
        }

        return computed;
    }

    private static TimeSpan? Compute(TimeZoneInfo zone, DateOnly day)
    {
        var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var end = day.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(start) || zone.IsAmbiguousTime(start) || zone.IsInvalidTime(end) || zone.IsAmbiguousTime(end))
        {
            return null;
        }

        var offset = zone.GetUtcOffset(start);
        return offset == zone.GetUtcOffset(end) ? offset : null;
    }
}
