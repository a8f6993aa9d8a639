namespace RecoveryWorker.Domain.Cases;

/// <summary>
/// Turns the breaches that hold now into at most one change to a shipment's cases. The rule that keeps customers
/// from being spammed: a shipment has at most one open case, and everything that happens to it while that case is
/// open is told on the same ticket. A second apology ticket for the same parcel is worse than none.
/// </summary>
internal static class CaseDecider
{
    /// <param name="shipmentId">The shipment looked at.</param>
    /// <param name="casesOfShipment">Every case this shipment has had, open or resolved.</param>
    /// <param name="breaches">What <see cref="BreachDetector"/> found now.</param>
    public static CaseDecision Decide(Guid shipmentId, IReadOnlyCollection<RecoveryCase> casesOfShipment, IReadOnlyList<PromiseBreach> breaches)
    {
        ArgumentNullException.ThrowIfNull(casesOfShipment);
        ArgumentNullException.ThrowIfNull(breaches);
        if (casesOfShipment.Any(c => c.Key.ShipmentId != shipmentId))
        {
            throw new ArgumentException($"Every case must belong to shipment {shipmentId}.", nameof(casesOfShipment));
        }

        var headline = breaches.MinBy(b => b.Type.Precedence());
        var open = casesOfShipment.SingleOrDefault(c => c.IsOpen);

        if (open is not null)
        {
            if (headline is null)
            {
                return open.CanClear ? new CaseDecision.Clear(open) : CaseDecision.Nothing;
            }

            return IsNews(open, headline) ? new CaseDecision.Update(open, headline) : CaseDecision.Nothing;
        }

        if (headline is null || AlreadyTold(casesOfShipment, headline.Type))
        {
            return CaseDecision.Nothing;
        }

        var episode = 1 + casesOfShipment.Count(c => c.Key.OpenedAs == headline.Type);
        return new CaseDecision.Open(new CaseKey(shipmentId, headline.Type, episode), headline);
    }

    // Lateness and a wrong service are facts about the whole shipment: told once, they are not a new episode
    // when a later check sees them again after the case was resolved.
    private static bool AlreadyTold(IReadOnlyCollection<RecoveryCase> cases, BreachType type) =>
        !type.CanClear() && cases.Any(c => c.TypesSeen.Any(seen => seen == type || (seen.IsLateness() && type.IsLateness())));

    private static bool IsNews(RecoveryCase open, PromiseBreach headline) =>
        headline.Type != open.Breach.Type || headline.Severity > open.Severity;
}
