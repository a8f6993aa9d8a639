using System.Globalization;

namespace RecoveryWorker.Domain.Cases;

/// <summary>
/// The identity of a broken promise: <c>{shipmentId}:{breachType}:{episode}</c>. Deterministic, so a retried or
/// duplicated job computes the same key and the database's unique index turns a second case into a no-op. The
/// breach type is the one that opened the case; the episode counts how often that type opened a case on this
/// shipment (a stall that clears and comes back is episode 2).
/// </summary>
internal readonly record struct CaseKey(Guid ShipmentId, BreachType OpenedAs, int Episode)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{ShipmentId:D}:{OpenedAs.ToWireName()}:{Episode}");

    public static bool TryParse(string? text, out CaseKey key)
    {
        key = default;
        var parts = text?.Split(':');
        if (parts is not { Length: 3 }
            || !Guid.TryParse(parts[0], out var shipmentId)
            || !BreachTypes.TryParse(parts[1], out var type)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var episode)
            || episode < 1)
        {
            return false;
        }

        key = new CaseKey(shipmentId, type, episode);
        return true;
    }
}
