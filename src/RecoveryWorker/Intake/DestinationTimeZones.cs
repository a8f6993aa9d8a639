namespace RecoveryWorker.Intake;

/// <summary>
/// The IANA time zone a delivery address lives in, from its country and region codes alone (a store sends no zone): by
/// state or province where a country spans several zones (US, CA, AU, with the zone most of the region's people live
/// in where a region itself is split, e.g. Tennessee's central zone), and the country's zone elsewhere. Large
/// countries not split here (Mexico, Brazil) take the zone of most of their people. Null when the country is not
/// known; the caller falls back to a configured zone.
/// </summary>
internal static class DestinationTimeZones
{
    private static readonly Dictionary<string, string> UsStates = Group(
        ("America/New_York", "CT DE DC FL GA KY ME MD MA NH NJ NY NC OH PA RI SC VT VA WV"),
        ("America/Detroit", "MI"),
        ("America/Indiana/Indianapolis", "IN"),
        ("America/Chicago", "AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI"),
        ("America/Denver", "CO MT NM UT WY"),
        ("America/Boise", "ID"),
        ("America/Phoenix", "AZ"),
        ("America/Los_Angeles", "CA NV OR WA"),
        ("America/Anchorage", "AK"),
        ("Pacific/Honolulu", "HI"),
        ("America/Puerto_Rico", "PR"),
        ("America/St_Thomas", "VI"),
        ("Pacific/Guam", "GU"),
        ("Pacific/Saipan", "MP"),
        ("Pacific/Pago_Pago", "AS"),
        ("America/New_York", "AA"),
        ("Europe/Berlin", "AE"),
        ("Pacific/Guam", "AP"));

    private static readonly Dictionary<string, string> CanadianProvinces = Group(
        ("America/Vancouver", "BC"),
        ("America/Edmonton", "AB NT"),
        ("America/Regina", "SK"),
        ("America/Winnipeg", "MB"),
        ("America/Toronto", "ON QC"),
        ("America/Halifax", "NB NS PE"),
        ("America/St_Johns", "NL"),
        ("America/Whitehorse", "YT"),
        ("America/Iqaluit", "NU"));

    private static readonly Dictionary<string, string> AustralianStates = Group(
        ("Australia/Sydney", "NSW ACT"),
        ("Australia/Melbourne", "VIC"),
        ("Australia/Brisbane", "QLD"),
        ("Australia/Adelaide", "SA"),
        ("Australia/Perth", "WA"),
        ("Australia/Hobart", "TAS"),
        ("Australia/Darwin", "NT"));

    private static readonly Dictionary<string, string> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GB"] = "Europe/London", ["IE"] = "Europe/Dublin", ["DE"] = "Europe/Berlin", ["FR"] = "Europe/Paris",
        ["ES"] = "Europe/Madrid", ["IT"] = "Europe/Rome", ["NL"] = "Europe/Amsterdam", ["BE"] = "Europe/Brussels",
        ["LU"] = "Europe/Luxembourg", ["AT"] = "Europe/Vienna", ["CH"] = "Europe/Zurich", ["DK"] = "Europe/Copenhagen",
        ["SE"] = "Europe/Stockholm", ["NO"] = "Europe/Oslo", ["FI"] = "Europe/Helsinki", ["PL"] = "Europe/Warsaw",
        ["CZ"] = "Europe/Prague", ["SK"] = "Europe/Bratislava", ["HU"] = "Europe/Budapest", ["PT"] = "Europe/Lisbon",
        ["GR"] = "Europe/Athens", ["RO"] = "Europe/Bucharest", ["BG"] = "Europe/Sofia", ["HR"] = "Europe/Zagreb",
        ["SI"] = "Europe/Ljubljana", ["EE"] = "Europe/Tallinn", ["LV"] = "Europe/Riga", ["LT"] = "Europe/Vilnius",
        ["IS"] = "Atlantic/Reykjavik", ["MT"] = "Europe/Malta", ["CY"] = "Asia/Nicosia", ["JP"] = "Asia/Tokyo",
        ["KR"] = "Asia/Seoul", ["CN"] = "Asia/Shanghai", ["HK"] = "Asia/Hong_Kong", ["TW"] = "Asia/Taipei",
        ["SG"] = "Asia/Singapore", ["IN"] = "Asia/Kolkata", ["NZ"] = "Pacific/Auckland", ["ZA"] = "Africa/Johannesburg",
        ["IL"] = "Asia/Jerusalem", ["AE"] = "Asia/Dubai", ["SA"] = "Asia/Riyadh", ["PH"] = "Asia/Manila",
        ["TH"] = "Asia/Bangkok", ["MY"] = "Asia/Kuala_Lumpur", ["VN"] = "Asia/Ho_Chi_Minh", ["MX"] = "America/Mexico_City",
        ["BR"] = "America/Sao_Paulo", ["AR"] = "America/Argentina/Buenos_Aires", ["CL"] = "America/Santiago",
        ["CO"] = "America/Bogota", ["PE"] = "America/Lima", ["PR"] = "America/Puerto_Rico",
    };

    /// <summary>The zone of <paramref name="countryCode"/> (ISO 3166-1) and <paramref name="regionCode"/> (the state or province code a store sends), or null.</summary>
    public static string? For(string? countryCode, string? regionCode)
    {
        var country = countryCode?.Trim().ToUpperInvariant();
        var region = regionCode?.Trim().ToUpperInvariant() ?? "";
        var regions = country switch
        {
            "US" => UsStates,
            "CA" => CanadianProvinces,
            "AU" => AustralianStates,
            _ => null,
        };
        if (regions is not null)
        {
            // A region we cannot place gets the country's most populous zone rather than none.
            return regions.TryGetValue(region, out var zone) ? zone : country switch { "US" => "America/New_York", "CA" => "America/Toronto", _ => "Australia/Sydney" };
        }

        return country is not null && Countries.TryGetValue(country, out var countryZone) ? countryZone : null;
    }

    /// <summary>Every zone the table names, for the test that each exists on this platform.</summary>
    internal static IEnumerable<string> AllZones =>
        UsStates.Values.Concat(CanadianProvinces.Values).Concat(AustralianStates.Values).Concat(Countries.Values).Distinct(StringComparer.Ordinal);

    private static Dictionary<string, string> Group(params (string Zone, string Regions)[] groups) =>
        groups.SelectMany(g => g.Regions.Split(' ').Select(r => (Region: r, g.Zone))).ToDictionary(x => x.Region, x => x.Zone, StringComparer.OrdinalIgnoreCase);
}
