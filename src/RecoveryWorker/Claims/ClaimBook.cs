using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Domain.Claims;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Claims;

/// <summary>
/// Writes the rules' decisions into the batch's unit of work: a new claim with its "opened" event, or an open claim
/// (to_file or excluded) brought up to date as later scans arrive. One query for the batch's existing claims; nothing is
/// saved here, so the claim lands in the same save as the case decision, and the unique shipment index turns a
/// concurrent second opening into the applier's usual conflict and re-read.
/// </summary>
internal static class ClaimBook
{
    public const string Worker = "worker";

    public static async Task<IReadOnlyList<ClaimRecord>> OpenOrUpdateAsync(
        RecoveryDbContext db, IReadOnlyList<(ShipmentRecord Shipment, ClaimDecision Decision)> decisions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (decisions.Count == 0)
        {
            return [];
        }

        var ids = decisions.Select(d => d.Shipment.Id).ToList();
        var existing = await db.Claims.Where(c => ids.Contains(c.ShipmentId)).ToDictionaryAsync(c => c.ShipmentId, cancellationToken);
        var touched = new List<ClaimRecord>();
        foreach (var (shipment, decision) in decisions)
        {
            if (!existing.TryGetValue(shipment.Id, out var claim))
            {
                claim = new ClaimRecord
                {
                    Id = Guid.NewGuid(),
                    ShipmentId = shipment.Id,
                    Carrier = shipment.Carrier,
                    TrackingNumber = shipment.TrackingNumber,
                    ServiceCode = shipment.ServiceCode,
                    ShippedAt = shipment.ShippedAt,
                    TimeZone = shipment.PromiseTimeZone,
                    Reason = decision.Reason,
                    Commitment = decision.Commitment,
                    CommitmentEvidence = decision.CommitmentEvidence,
                    Amount = decision.Amount,
                    Currency = decision.Currency,
                    Status = decision.Status,
                    OpenedAt = now,
                    Version = Guid.NewGuid(),
                };
                Apply(claim, decision, now);
                db.Claims.Add(claim);
                db.ClaimEvents.Add(Event(claim.Id, now, Worker, "opened", Note(decision)));
                touched.Add(claim);
                continue;
            }

            if (claim.Status is not (ClaimStatuses.ToFile or ClaimStatuses.Excluded) || Same(claim, decision))
            {
                continue; // filed or closed: what was sent to the carrier stays as it was sent
            }

            claim.Reason = decision.Reason;
            claim.Commitment = decision.Commitment;
            claim.CommitmentEvidence = decision.CommitmentEvidence;
            claim.Status = decision.Status;
            Apply(claim, decision, now);
            claim.Version = Guid.NewGuid();
            db.ClaimEvents.Add(Event(claim.Id, now, Worker, "reassessed", Note(decision)));
            touched.Add(claim);
        }

        return touched;
    }

    public static ClaimEventRecord Event(Guid claimId, DateTimeOffset at, string actor, string action, string? note) =>
        new() { Id = Guid.NewGuid(), ClaimId = claimId, At = at, Actor = actor, Action = action, Note = note };

    private static void Apply(ClaimRecord claim, ClaimDecision decision, DateTimeOffset now)
    {
        claim.ActualDelivery = decision.ActualDelivery;
        claim.DeliveryEvidence = decision.DeliveryEvidence;
        claim.FileBy = decision.FileBy;
        claim.Exclusion = decision.Exclusion;
        claim.ExclusionEvidence = decision.ExclusionEvidence;
        claim.UpdatedAt = now;
    }

    private static bool Same(ClaimRecord claim, ClaimDecision decision) =>
        claim.Status == decision.Status && claim.Reason == decision.Reason && claim.Exclusion == decision.Exclusion
        && claim.ActualDelivery == decision.ActualDelivery && claim.Commitment == decision.Commitment && claim.FileBy == decision.FileBy;

    private static string Note(ClaimDecision decision) =>
        decision.Exclusion is { } exclusion ? $"{decision.Reason}; excluded: {exclusion} ({decision.ExclusionEvidence})" : decision.Reason;
}
