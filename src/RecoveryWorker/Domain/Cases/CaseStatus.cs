namespace RecoveryWorker.Domain.Cases;

/// <summary>Where a recovery case stands. See <see cref="RecoveryCase"/> for the moves between them.</summary>
internal enum CaseStatus
{
    /// <summary>The breach is known; nothing has been sent yet.</summary>
    Detected,
    /// <summary>A ticket has been requested from the helpdesk and not confirmed.</summary>
    TicketPending,
    /// <summary>The helpdesk confirmed the ticket; the apology is out (or drafted for the agent).</summary>
    TicketOpened,
    /// <summary>At least one follow-up has run: the customer is being kept informed.</summary>
    FollowingUp,
    /// <summary>Handed to a supervisor: still broken after the last follow-up, or a repeat customer.</summary>
    Escalated,
    /// <summary>Closed: the parcel arrived, or the trouble cleared before it mattered.</summary>
    Resolved,
}
