using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Tests.Carriers;

/// <summary>
/// karrio's normalized tracking statuses (conformance/karrio/_common) in our vocabulary, for every carrier's
/// conformance tests. on_hold, delivery_failed and delivery_delayed are all our Exception.
/// </summary>
internal static class KarrioVocabulary
{
    public static IReadOnlyDictionary<string, TrackingStatus> Statuses { get; } = new Dictionary<string, TrackingStatus>(StringComparer.Ordinal)
    {
        ["pending"] = TrackingStatus.LabelCreated,
        ["picked_up"] = TrackingStatus.PickedUp,
        ["in_transit"] = TrackingStatus.InTransit,
        ["out_for_delivery"] = TrackingStatus.OutForDelivery,
        ["ready_for_pickup"] = TrackingStatus.AvailableForPickup,
        ["delivered"] = TrackingStatus.Delivered,
        ["on_hold"] = TrackingStatus.Exception,
        ["delivery_failed"] = TrackingStatus.Exception,
        ["delivery_delayed"] = TrackingStatus.Exception,
        ["return_to_sender"] = TrackingStatus.ReturnedToSender,
        ["cancelled"] = TrackingStatus.Cancelled,
        ["unknown"] = TrackingStatus.Unknown,
    };
}
