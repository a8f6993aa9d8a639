namespace RecoveryWorker.Domain.Claims;

/// <summary>The filing deadline's two consequences: a claim left unfiled past it is lost; one close to it needs a reminder.</summary>
internal static class ClaimDeadlines
{
    /// <summary>How long before its deadline an unfiled claim is called due (the daily reminder, the console's badge).</summary>
    public static readonly TimeSpan RemindWithin = TimeSpan.FromDays(3);

    /// <summary>Unfiled at its deadline: the carrier no longer accepts the request.</summary>
    public static bool HasExpired(string status, DateTimeOffset fileBy, DateTimeOffset now) =>
        status == ClaimStatuses.ToFile && now > fileBy;

    /// <summary>Unfiled, and its deadline is within <see cref="RemindWithin"/> from now.</summary>
    public static bool IsDue(string status, DateTimeOffset fileBy, DateTimeOffset now) =>
        status == ClaimStatuses.ToFile && now <= fileBy && fileBy - now <= RemindWithin;
}
