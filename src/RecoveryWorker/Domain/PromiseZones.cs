using System.Globalization;

namespace RecoveryWorker.Domain;

/// <summary>
/// The zone a promise was made in: an IANA id ("America/Chicago"), or, when the business sent none, the fixed
/// offset of its deadline ("+05:30"). A fixed offset knows no DST and no local calendar beyond the offset, which
/// is still better than the machine's zone.
/// </summary>
internal static class PromiseZones
{
    public static bool TryResolve(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        if (id[0] is '+' or '-' && TimeSpan.TryParseExact(id[1..], @"hh\:mm", CultureInfo.InvariantCulture, out var offset))
        {
            zone = FixedOffset(id[0] == '-' ? -offset : offset);
            return true;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!) && zone.HasIanaId;
    }

    public static TimeZoneInfo Resolve(string id) =>
        TryResolve(id, out var zone) ? zone : throw new InvalidOperationException($"Unknown promise time zone '{id}'.");

    /// <summary>The id to store for a deadline's own offset.</summary>
    public static string FixedOffsetId(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static TimeZoneInfo FixedOffset(TimeSpan offset) =>
        offset == TimeSpan.Zero ? TimeZoneInfo.Utc : TimeZoneInfo.CreateCustomTimeZone(FixedOffsetId(offset), offset, FixedOffsetId(offset), FixedOffsetId(offset));
}
