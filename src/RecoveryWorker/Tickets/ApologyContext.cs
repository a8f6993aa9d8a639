using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Domain.Remedies;

using RecoveryWorker.Storage;

namespace RecoveryWorker.Tickets;

/// <summary>Everything a ticket about one broken promise says, at opening or at a follow-up.</summary>
/// <param name="NextUpdateBy">When we will write again; null once no follow-up is left.</param>
internal sealed record ApologyContext(
    CaseKey CaseKey,
    string OrderId,
    CarrierCode Carrier,
    string TrackingNumber,
    DeliveryPromise Promise,
    PromiseBreach Breach,
    Remedy Remedy,
    DateTimeOffset? NextUpdateBy)
{
    /// <summary>The delivery scan, once the parcel has arrived.</summary>
    public TimelineEvent? Delivery { get; init; }

    /// <summary>The case has been handed to a supervisor.</summary>
    public bool Escalated { get; init; }

    /// <summary>The remedy was issued (the ledger says granted or redeemed): only then may a message say it is done.</summary>
    public bool RemedyIssued { get; init; }

    /// <summary>A trace was requested from the carrier: only then may a message say "we have asked the carrier to trace".</summary>
    public bool TraceRequested { get; init; }

    /// <summary>"daily" or "monthly": the compensation budget was spent, so the remedy is the fallback and a person approves more.</summary>
    public string? RemedyHeldBy { get; init; }
}

/// <summary>Builds what a ticket says from the stored case and shipment.</summary>
internal static class ApologyContexts
{
    public static ApologyContext For(CaseRecord record, ShipmentRecord shipment, DateTimeOffset? nextUpdateBy)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(shipment);
        var @case = record.ToDomain();
        return new ApologyContext(@case.Key, shipment.OrderId, shipment.CarrierCode(), shipment.TrackingNumber, shipment.ToPromise(), @case.Breach, record.Remedy(), nextUpdateBy)
        {
            Escalated = record.EscalationReason is not null,
            RemedyHeldBy = record.RemedyHeldBy,
        };
    }
}
