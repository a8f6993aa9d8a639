namespace RecoveryWorker.Retention;

/// <summary>How many rows one erasure changed, per table. Counts only: never what was erased.</summary>
/// <param name="Shipments">Shipments whose customer name and e-mail were erased.</param>
/// <param name="Cases">Cases whose helpdesk writes were cleared of personal data.</param>
/// <param name="HelpdeskWrites">Owed helpdesk writes (outbox rows) whose text was erased; pending ones are not sent.</param>
/// <param name="LocalTickets">Local helpdesk tickets whose requester and text were erased.</param>
/// <param name="LocalTicketComments">Comments on those tickets whose text was erased.</param>
internal sealed record ErasureCounts(int Shipments, int Cases, int HelpdeskWrites, int LocalTickets, int LocalTicketComments)
{
    /// <summary>Webhook deliveries never processed whose body (as the vendor sent it) was erased.</summary>
    public int WebhookBodies { get; init; }

    public int Total => Shipments + Cases + HelpdeskWrites + LocalTickets + LocalTicketComments + WebhookBodies;
}
