using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Claims;

/// <summary>The console nav's badge: claims to file whose deadline is within 3 days (one indexed count per page).</summary>
internal sealed class ClaimBadge(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time)
{
    public async Task<int> DueAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ClaimFilter.Due(db.Claims.AsNoTracking(), time.GetUtcNow()).CountAsync(cancellationToken);
    }
}
