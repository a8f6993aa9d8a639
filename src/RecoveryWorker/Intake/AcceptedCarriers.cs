using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Intake;

/// <summary>
/// The carriers a shipment may name: those with a registered tracker (a real carrier is registered even while
/// disabled; the sandbox only in Development or when enabled). Read once: trackers hold typed HttpClients.
/// </summary>
internal sealed class AcceptedCarriers(IEnumerable<ICarrierTracker> trackers)
{
    public IReadOnlySet<CarrierCode> Codes { get; } = trackers.Select(t => t.Carrier).ToHashSet();
}
