namespace RecoveryWorker.Domain.Claims;

/// <summary>
/// Carrier guarantee claims, per carrier (<c>Claims:{Carrier}</c>, e.g. <c>Claims:Ups:FileWithin</c>). A carrier with
/// no section gets the defaults: 15 days to file and no suspensions.
/// </summary>
public sealed class ClaimOptions
{
    public const string SectionName = "Claims";

    /// <summary>Carrier wire name (ups, fedex, ...) to that carrier's claim terms.</summary>
    public Dictionary<string, CarrierClaimOptions> Carriers { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal CarrierClaimOptions For(string carrier) => Carriers.TryGetValue(carrier, out var options) ? options : Default;

    private static readonly CarrierClaimOptions Default = new();
}

/// <summary>One carrier's money-back guarantee terms.</summary>
public sealed class CarrierClaimOptions
{
    /// <summary>How long after the scheduled delivery the carrier accepts a refund request (UPS and FedEx: 15 days).</summary>
    public TimeSpan FileWithin { get; set; } = TimeSpan.FromDays(15);

    /// <summary>The carrier's published suspensions of its guarantee (the peak-season ground blackout), per service.</summary>
    public List<GuaranteeSuspension> Suspensions { get; set; } = [];
}

/// <summary>Days on which the carrier does not guarantee some services: a commitment falling on them is not claimable.</summary>
public sealed class GuaranteeSuspension
{
    /// <summary>First suspended day (in the promise's zone), inclusive.</summary>
    public DateOnly From { get; set; }

    /// <summary>Last suspended day, inclusive: the guarantee resumes the day after.</summary>
    public DateOnly To { get; set; }

    /// <summary>Catalog service codes suspended (ground, ...); empty suspends every service of the carrier.</summary>
    public List<string> Services { get; set; } = [];

    internal bool Covers(DateOnly day, string serviceCode) =>
        day >= From && day <= To && (Services.Count == 0 || Services.Contains(serviceCode, StringComparer.OrdinalIgnoreCase));
}
