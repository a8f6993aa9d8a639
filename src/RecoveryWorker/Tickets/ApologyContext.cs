using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Domain.Remedies;

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
}
