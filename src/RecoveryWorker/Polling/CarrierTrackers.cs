using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Polling;

/// <summary>The registered trackers, indexed by carrier.</summary>
internal sealed class CarrierTrackers(IEnumerable<ICarrierTracker> trackers)
{
    private readonly Dictionary<CarrierCode, ICarrierTracker> _byCarrier = trackers.ToDictionary(t => t.Carrier);

    public ICarrierTracker? Find(CarrierCode carrier) => _byCarrier.GetValueOrDefault(carrier);
}
