namespace RecoveryWorker.Connectors.Abstractions;

/// <summary>The carriers RecoveryWorker can track. The wire name (API, config keys, ticket tags) is the lower-case name.</summary>
public enum CarrierCode
{
    /// <summary>Reads tracking from a local JSON file: demos and tests.</summary>
    Sandbox,
    Ups,
    Fedex,
    Usps,
    Dhl,
}

/// <summary>Converts <see cref="CarrierCode"/> to and from its lower-case wire name.</summary>
public static class CarrierCodes
{
    /// <summary>The lower-case name used in the API, configuration keys and ticket tags.</summary>
    public static string ToWireName(this CarrierCode carrier) => carrier switch
    {
        CarrierCode.Sandbox => "sandbox",
        CarrierCode.Ups => "ups",
        CarrierCode.Fedex => "fedex",
        CarrierCode.Usps => "usps",
        CarrierCode.Dhl => "dhl",
        _ => throw new ArgumentOutOfRangeException(nameof(carrier), carrier, "Unknown carrier."),
    };

    /// <summary>Parses a wire name, case-insensitively. Numeric strings are refused so "1" is never a carrier.</summary>
    public static bool TryParse(string? text, out CarrierCode carrier)
    {
        carrier = default;
        return !string.IsNullOrWhiteSpace(text)
            && !char.IsAsciiDigit(text.Trim()[0])
            && Enum.TryParse(text.Trim(), ignoreCase: true, out carrier)
            && Enum.IsDefined(carrier);
    }
}
