namespace RecoveryWorker.Intake;

/// <summary>
/// Where a parcel leaves from or goes to, as coarse as lanes need: an ISO 3166-1 country, optionally its region
/// (the ISO 3166-2 subdivision without the country, e.g. CA for California) and postal code. The postal code is part of
/// the customer's address: never logged, and erased with the name and e-mail (see <see cref="Retention.PersonalDataEraser"/>).
/// </summary>
internal sealed record Place(string Country, string? Region, string? PostalCode)
{
    /// <summary>An ISO 3166-1 alpha-2 country code in capitals (US, DE).</summary>
    public static bool IsCountry(string code) => code.Length == 2 && code.All(char.IsAsciiLetterUpper);

    /// <summary>A region code in its stored form: capitals, the country's prefix of a full ISO 3166-2 code (US-CA) dropped.</summary>
    public static string NormalizeRegion(string region, string? country)
    {
        ArgumentNullException.ThrowIfNull(region);
        var upper = region.Trim().ToUpperInvariant();
        return country is not null && upper.StartsWith(country + "-", StringComparison.Ordinal) ? upper[(country.Length + 1)..] : upper;
    }

    /// <summary>An ISO 3166-2 subdivision without the country: one to three letters or digits (CA, NSW, 13).</summary>
    public static bool IsRegion(string region) => region.Length is >= 1 and <= 3 && region.All(char.IsAsciiLetterOrDigit);

    /// <summary>A postal code as carriers print them: at most 12 letters, digits, spaces and dashes.</summary>
    public static bool IsPostalCode(string code) => code.Length is >= 1 and <= 12 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-');

    /// <summary>The side of a lane: "US-CA", "DE" when the region is not known, "?" when nothing is.</summary>
    public static string LaneSide(string? country, string? region) =>
        country is null ? "?" : region is null ? country : country + "-" + region;

    /// <summary>A lane, origin region to destination region: "US-CA → US-NY".</summary>
    public static string Lane(string? originCountry, string? originRegion, string? destinationCountry, string? destinationRegion) =>
        LaneSide(originCountry, originRegion) + " → " + LaneSide(destinationCountry, destinationRegion);
}
