using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Domain.Remedies;

namespace RecoveryWorker.Tickets;

/// <summary>Everything a ticket about one broken promise says.</summary>
internal sealed record ApologyContext(
    CaseKey CaseKey,
    string OrderId,
    CarrierCode Carrier,
    string TrackingNumber,
    DeliveryPromise Promise,
    PromiseBreach Breach,
    Remedy Remedy,
    DateTimeOffset NextUpdateBy);
