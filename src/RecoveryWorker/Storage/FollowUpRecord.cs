namespace RecoveryWorker.Storage;

/// <summary>One promised follow-up of a case. The store, not the Hangfire queue, is the record of what is owed.</summary>
internal sealed class FollowUpRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>1 for the first follow-up; unique per case.</summary>
    public int Sequence { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    /// <summary>What the follow-up found and did ("delivered: resolved", "still late: update sent").</summary>
    public string? Outcome { get; set; }

    /// <summary>The Hangfire job that will run it; checked by the sweep to re-create lost jobs.</summary>
    public string? JobId { get; set; }
}
