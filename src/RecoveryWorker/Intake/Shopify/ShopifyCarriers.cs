using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Intake.Shopify;

/// <summary>
/// A fulfilment's <c>tracking_company</c>, as Shopify spells the carriers it knows ("UPS", "FedEx", "USPS", "DHL Express",
/// "DHL eCommerce", ...), to the carrier we track it with; names a store configures under
/// <c>Intake:Shopify:Carriers</c> come first. Anything else is not ours to track and is reported, not guessed.
/// </summary>
internal static class ShopifyCarriers
{
    private static readonly Dictionary<string, CarrierCode> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UPS"] = CarrierCode.Ups,
        ["FedEx"] = CarrierCode.Fedex,
        ["FedEx UK"] = CarrierCode.Fedex,
        ["USPS"] = CarrierCode.Usps,
        ["DHL Express"] = CarrierCode.Dhl,
        ["DHL eCommerce"] = CarrierCode.Dhl,
        ["DHL eCommerce Asia"] = CarrierCode.Dhl,
        ["DHL Parcel"] = CarrierCode.Dhl,
        ["DHL Germany"] = CarrierCode.Dhl,
    };

    public static CarrierCode? Map(string? trackingCompany, IReadOnlyDictionary<string, string> configured)
    {
        if (string.IsNullOrWhiteSpace(trackingCompany))
        {
            return null;
        }

        var name = trackingCompany.Trim();
        if (configured.TryGetValue(name, out var wire) && CarrierCodes.TryParse(wire, out var chosen))
        {
            return chosen;
        }

        return Known.TryGetValue(name, out var carrier) ? carrier : null;
    }
}
