using System.Globalization;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain.Claims;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Claims;

/// <summary>
/// Which claims a list shows (<c>?status=to_file&amp;carrier=ups&amp;exclusion=weather&amp;dueWithin=3&amp;trackingNumber=1Z...</c>),
/// shared by the API and the console. <c>exclusion=none</c> means claims without one; <c>dueWithin</c> is whole days to
/// the filing deadline of claims still to file.
/// </summary>
internal sealed record ClaimFilter(string? Status, string? Carrier, string? Exclusion, int? DueWithinDays, string? TrackingNumber)
{
    public const string NoExclusion = "none";

    public static ClaimFilter Read(string? status, string? carrier, string? exclusion, string? dueWithin, string? trackingNumber, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        status = Blank(status);
        carrier = Blank(carrier);
        exclusion = Blank(exclusion);
        dueWithin = Blank(dueWithin);
        if (status is not null && !ClaimStatuses.All.Contains(status))
        {
            errors["status"] = [$"'{status}' is not a claim status; use {string.Join(", ", ClaimStatuses.All)}"];
        }

        if (carrier is not null)
        {
            if (CarrierCodes.TryParse(carrier, out var code))
            {
                carrier = code.ToWireName();
            }
            else
            {
                errors["carrier"] = [$"'{carrier}' is not a carrier"];
            }
        }

        if (exclusion is not null && exclusion != NoExclusion && !ClaimExclusions.All.Contains(exclusion))
        {
            errors["exclusion"] = [$"'{exclusion}' is not an exclusion; use {NoExclusion}, {string.Join(", ", ClaimExclusions.All)}"];
        }

        int? days = null;
        if (dueWithin is not null)
        {
            if (int.TryParse(dueWithin, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= 365)
            {
                days = parsed;
            }
            else
            {
                errors["dueWithin"] = [$"'{dueWithin}' is not a number of days (0 to 365)"];
            }
        }

        return new ClaimFilter(status, carrier, exclusion, days, Blank(trackingNumber)?.ToUpperInvariant());
    }

    /// <summary>The due claims of the console's badge: to file, deadline within <see cref="ClaimDeadlines.RemindWithin"/>.</summary>
    public static IQueryable<ClaimRecord> Due(IQueryable<ClaimRecord> claims, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var until = now + ClaimDeadlines.RemindWithin;
        return claims.Where(c => c.Status == ClaimStatuses.ToFile && c.FileBy >= now && c.FileBy <= until);
    }

    public IQueryable<ClaimRecord> Apply(IQueryable<ClaimRecord> claims, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (Status is not null)
        {
            claims = claims.Where(c => c.Status == Status);
        }

        if (Carrier is not null)
        {
            claims = claims.Where(c => c.Carrier == Carrier);
        }

        if (Exclusion == NoExclusion)
        {
            claims = claims.Where(c => c.Exclusion == null);
        }
        else if (Exclusion is not null)
        {
            claims = claims.Where(c => c.Exclusion == Exclusion);
        }

        if (DueWithinDays is { } days)
        {
            var until = now.AddDays(days);
            claims = claims.Where(c => c.Status == ClaimStatuses.ToFile && c.FileBy >= now && c.FileBy <= until);
        }

        if (TrackingNumber is not null)
        {
            claims = claims.Where(c => c.TrackingNumber == TrackingNumber);
        }

        return claims.OrderBy(c => c.FileBy).ThenBy(c => c.Id);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
