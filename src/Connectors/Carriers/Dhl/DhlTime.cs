using System.Globalization;
using System.Text.RegularExpressions;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Dhl;

/// <summary>
/// DHL's timestamps: "2018-03-02T07:53:47Z", "2018-03-02T07:53:47" (local, no offset: kept as wall-clock time, never
/// given a guessed offset), nanoseconds with an offset from DHL eCommerce (karrio#439), and plain dates.
/// </summary>
internal static partial class DhlTime
{
    public static bool TryParse(string? text, out CarrierTimestamp timestamp)
    {
        timestamp = default;
        // .NET reads at most 7 fractional digits; DHL eCommerce sends 9. Sub-100ns precision is noise for tracking.
        return !string.IsNullOrWhiteSpace(text) && CarrierTimestamp.TryParse(ExtraFraction().Replace(text.Trim(), "$1"), out timestamp);
    }

    /// <summary>A bare "yyyy-MM-dd" (the spec's Timestamp is a DateTime or a Date).</summary>
    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex ExtraFraction();
}
