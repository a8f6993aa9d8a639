using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Domain;

/// <summary>One promised service: the names each carrier reports for it, and whether the carrier guarantees it.</summary>
public sealed class ServiceDefinition
{
    /// <summary>The carrier offers a money-back guarantee on this service (a late delivery can be claimed back).</summary>
    public bool Guaranteed { get; set; }

    /// <summary>
    /// Business days in transit after the ship day, for a promise computed when a shipment comes without one (null:
    /// such shipments must bring their promise). Counted on the carrier's calendar with the destination's holidays.
    /// </summary>
    public int? TransitDays { get; set; }

    /// <summary>The local time of the last transit day by which the service delivers (carriers say "end of day", or 10:30, or noon).</summary>
    public TimeOnly DeliverBy { get; set; } = new(20, 0);

    /// <summary>Carrier wire name (ups, fedex, ...) to the service names or codes that carrier reports for this service.</summary>
    public Dictionary<string, List<string>> Carriers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>What the carrier's reported service says about the promised one.</summary>
internal enum ServiceComparison
{
    /// <summary>The catalog does not know enough to judge (unknown code, carrier not listed, nothing reported).</summary>
    Unknown,
    Match,
    Mismatch,
}

/// <summary>
/// Maps promised service codes to what carriers call them. Carriers name one service many ways ("UPS Next Day
/// Air", "Next Day Air", "01"), so names compare ignoring case, spaces, dashes and underscores.
/// </summary>
internal sealed class ServiceCatalog(IReadOnlyDictionary<string, ServiceDefinition> services)
{
    public ServiceComparison Compare(string promisedCode, CarrierCode carrier, string? reportedService)
    {
        if (string.IsNullOrWhiteSpace(reportedService)
            || !services.TryGetValue(promisedCode, out var definition)
            || !definition.Carriers.TryGetValue(carrier.ToWireName(), out var names)
            || names.Count == 0)
        {
            return ServiceComparison.Unknown;
        }

        foreach (var name in names)
        {
            if (SameName(name, reportedService))
            {
                return ServiceComparison.Match;
            }
        }

        return ServiceComparison.Mismatch;
    }

    /// <summary>The names the catalog expects from this carrier for the promised service (for the agent's note).</summary>
    public IReadOnlyList<string> ExpectedNames(string promisedCode, CarrierCode carrier) =>
        services.TryGetValue(promisedCode, out var definition) && definition.Carriers.TryGetValue(carrier.ToWireName(), out var names)
            ? names
            : [];

    /// <summary>The service's definition, when the catalog has it (codes compare ignoring case).</summary>
    public ServiceDefinition? Find(string code) => services.TryGetValue(code, out var definition) ? definition : null;

    public bool IsCarrierGuaranteed(string promisedCode) =>
        services.TryGetValue(promisedCode, out var definition) && definition.Guaranteed;

    /// <summary>Equal when their letters and digits are, ignoring case, spaces and punctuation ("UPS® Ground" = "ups ground"); no allocation.</summary>
    private static bool SameName(string a, string b)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && !char.IsLetterOrDigit(a[i]))
            {
                i++;
            }

            while (j < b.Length && !char.IsLetterOrDigit(b[j]))
            {
                j++;
            }

            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }

            if (char.ToUpperInvariant(a[i++]) != char.ToUpperInvariant(b[j++]))
            {
                return false;
            }
        }
    }
}
