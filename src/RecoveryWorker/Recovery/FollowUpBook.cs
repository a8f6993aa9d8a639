using RecoveryWorker.Storage;

namespace RecoveryWorker.Recovery;

/// <summary>The follow-ups a case owes, as rows in the store. Jobs run them; the rows say what is owed.</summary>
internal static class FollowUpBook
{
    /// <summary>Adds the scheduled follow-ups after the ticket opened; returns the new rows.</summary>
    public static IReadOnlyList<FollowUpRecord> Plan(CaseRecord @case, IReadOnlyList<TimeSpan> schedule, DateTimeOffset openedAt)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(schedule);
        var start = @case.FollowUps.Count == 0 ? 1 : @case.FollowUps.Max(f => f.Sequence) + 1;
        var planned = schedule
            .Select((offset, i) => new FollowUpRecord { Id = Guid.NewGuid(), CaseId = @case.Id, Sequence = start + i, DueAt = openedAt + offset })
            .ToList();
        @case.FollowUps.AddRange(planned);
        return planned;
    }

    /// <summary>An extra follow-up due now (the parcel just arrived): the loop is closed at once.</summary>
    public static FollowUpRecord AddNow(CaseRecord @case, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var followUp = new FollowUpRecord
        {
            Id = Guid.NewGuid(),
            CaseId = @case.Id,
            Sequence = @case.FollowUps.Count == 0 ? 1 : @case.FollowUps.Max(f => f.Sequence) + 1,
            DueAt = now,
        };
        @case.FollowUps.Add(followUp);
        return followUp;
    }

    /// <summary>Marks every follow-up not yet done as not needed (their jobs find them done and stop).</summary>
    public static void CancelOpen(CaseRecord @case, DateTimeOffset now, string outcome)
    {
        ArgumentNullException.ThrowIfNull(@case);
        foreach (var followUp in @case.FollowUps.Where(f => f.DoneAt is null))
        {
            followUp.DoneAt = now;
            followUp.Outcome = outcome;
        }
    }

    public static DateTimeOffset? NextDue(CaseRecord @case, Guid exceptId) =>
        @case.FollowUps.Where(f => f.DoneAt is null && f.Id != exceptId).OrderBy(f => f.DueAt).Select(f => (DateTimeOffset?)f.DueAt).FirstOrDefault();
}
