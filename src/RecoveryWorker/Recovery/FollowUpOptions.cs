using System.ComponentModel.DataAnnotations;

namespace RecoveryWorker.Recovery;

/// <summary>When we write again after the apology, and who takes over when it stays broken. Bound from "FollowUp".</summary>
public sealed class FollowUpOptions
{
    public const string SectionName = "FollowUp";

    /// <summary>
    /// Offsets from the ticket's opening, ascending, e.g. ["04:00:00", "1.00:00:00", "3.00:00:00"]. The first is the
    /// update the apology promises. None configured means <see cref="DefaultSchedule"/> (configuration cannot say
    /// "empty", and binding appends to a list, so the default cannot be the property's initial value).
    /// </summary>
    public List<TimeSpan> Schedule { get; set; } = [];

    /// <summary>The helpdesk group escalations are handed to.</summary>
    [Required]
    public string SupervisorGroup { get; set; } = "Supervisors";

    /// <summary>The default schedule when configuration gives none: 4 hours, 1 day, 3 days.</summary>
    internal static readonly TimeSpan[] DefaultSchedule = [TimeSpan.FromHours(4), TimeSpan.FromDays(1), TimeSpan.FromDays(3)];

    internal IReadOnlyList<TimeSpan> EffectiveSchedule => Schedule.Count > 0 ? Schedule : DefaultSchedule;
}
