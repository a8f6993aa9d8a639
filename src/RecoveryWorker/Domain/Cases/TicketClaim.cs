namespace RecoveryWorker.Domain.Cases;

/// <summary>
/// Where the one ticket of a case stands, claimed in the store before the helpdesk is called:
/// <c>Pending -> InFlight -> Done | Unknown | Rejected</c>. Every move is a conditional update on the case's version,
/// so of two workers racing on one case only one moves it and calls the helpdesk.
/// </summary>
internal enum TicketClaim
{
    /// <summary>The case has not asked for a ticket yet.</summary>
    None,

    /// <summary>Wanted, and no create has been sent (or the helpdesk refused it outright: 429, 401/403).</summary>
    Pending,

    /// <summary>A create is being sent now, since the attempt time. Nobody else sends one while the lease lasts.</summary>
    InFlight,

    /// <summary>
    /// A create was sent and no answer came back (timeout, 5xx, a worker killed mid-call): the ticket may exist. The
    /// next attempt looks it up by the case key first (after the helpdesk's index delay) and creates only if it is absent.
    /// </summary>
    Unknown,

    /// <summary>The helpdesk confirmed the ticket; its id is on the case.</summary>
    Done,

    /// <summary>The helpdesk refused the ticket as invalid (4xx validation); the reason is on the case. Retried only by hand.</summary>
    Rejected,
}
