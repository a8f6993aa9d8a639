using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Domain.Claims;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Claims;

/// <summary>
/// The daily look at filing deadlines: claims left unfiled past theirs become expired (audited, counted), and each one
/// whose deadline is within 3 days is reminded of (a log line naming its tracking number, the reminders metric). Runs
/// in sets: one query for the expired, one for the due, one save.
/// </summary>
internal sealed class ClaimDeadlineCheck(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time, RecoveryMetrics metrics, ILogger<ClaimDeadlineCheck> logger)
{
    public async Task<(int Expired, int Due)> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expired = await db.Claims.Where(c => c.Status == ClaimStatuses.ToFile && c.FileBy < now).ToListAsync(cancellationToken);
        foreach (var claim in expired)
        {
            claim.Status = ClaimStatuses.Expired;
            claim.ClosedAt = now;
            claim.UpdatedAt = now;
            claim.Version = Guid.NewGuid();
            db.ClaimEvents.Add(ClaimBook.Event(claim.Id, now, ClaimBook.Worker, ClaimStatuses.Expired, $"not filed by {claim.FileBy:yyyy-MM-dd HH:mm}Z"));
        }

        // A person filing at this moment wins; the check tries again tomorrow (or finds it filed).
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            expired = [];
        }

        foreach (var claim in expired)
        {
            metrics.ClaimOutcome(claim.Carrier, ClaimStatuses.Expired);
            logger.ClaimExpired(claim.Id, claim.Carrier, claim.TrackingNumber, claim.FileBy);
        }

        var due = await ClaimFilter.Due(db.Claims.AsNoTracking(), now).OrderBy(c => c.FileBy)
            .Select(c => new { c.Id, c.Carrier, c.TrackingNumber, c.FileBy }).ToListAsync(cancellationToken);
        foreach (var claim in due)
        {
            metrics.ClaimReminded(claim.Carrier);
            logger.ClaimDue(claim.Id, claim.Carrier, claim.TrackingNumber, claim.FileBy);
        }

        logger.ClaimDeadlinesChecked(expired.Count, due.Count, ClaimDeadlines.RemindWithin);
        return (expired.Count, due.Count);
    }
}
