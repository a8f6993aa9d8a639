namespace RecoveryWorker.Storage;

/// <summary>The audit trail of a shipment: who changed or cancelled it, when, and what (never customer data).</summary>
internal sealed class ShipmentChangeRecord
{
    public Guid Id { get; set; }

    public Guid ShipmentId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Who: "key:{name}" for a program's API key, "user:{name}" for a signed-in person.</summary>
    public required string Actor { get; set; }

    /// <summary>"changed", "cancelled" (the order), or "stopped" (a person stopped watching the parcel).</summary>
    public required string Action { get; set; }

    /// <summary>What: each changed field with its old and new value as JSON, or the cancellation's reason and what it closed.</summary>
    public required string Details { get; set; }
}
