namespace RecoveryWorker.Storage;

/// <summary>
/// The inbox of vendor webhooks: a delivery is stored (keyed by the vendor's own delivery id, so a retried delivery
/// is the same row) and answered at once, then processed by a job. The body holds what the vendor sent, personal data
/// included, so it is cleared once the delivery has been processed; the row stays as the record of what came in.
/// </summary>
internal sealed class WebhookDeliveryRecord
{
    /// <summary>Who sent it: "shopify".</summary>
    public required string Source { get; set; }

    /// <summary>The vendor's id of the delivery (Shopify: <c>X-Shopify-Webhook-Id</c>), the same on every retry.</summary>
    public required string DeliveryId { get; set; }

    /// <summary>What it is about (Shopify: <c>X-Shopify-Topic</c>, e.g. <c>fulfillments/create</c>).</summary>
    public required string Topic { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>How many times the same delivery came again after the first (the vendor's retries).</summary>
    public int Repeats { get; set; }

    /// <summary>The raw body until it has been processed; null afterwards (it holds customer names and addresses).</summary>
    public string? Body { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>What processing did, in words an operator can read ("2 shipments registered", "carrier 'Purolator' is not one we track").</summary>
    public string? Outcome { get; set; }
}
