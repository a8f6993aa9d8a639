using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Domain.Claims;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Claims;

/// <summary>What a person tells us about a claim: the carrier's reference when filing, the credited amount, a note.</summary>
internal sealed record ClaimOutcomeRequest(string? Note, string? CarrierReference, decimal? Amount);

/// <summary>The answer to recording an outcome: the claim as it now stands, or why not.</summary>
internal abstract record ClaimOutcomeResult
{
    public sealed record Recorded(ClaimRecord Claim) : ClaimOutcomeResult;

    public sealed record NotFound : ClaimOutcomeResult;

    /// <summary>The input is wrong: field name to message (400).</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ClaimOutcomeResult;

    /// <summary>The claim is not where this outcome may follow (409).</summary>
    public sealed record Conflict(string Detail) : ClaimOutcomeResult;
}

/// <summary>
/// Records filed, credited and denied: each a legal step from where the claim stands, each audited with who and when,
/// each counted. Two people recording at once: the claim's version lets one win and the other see 409.
/// </summary>
internal sealed class ClaimOutcomes(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time, RecoveryMetrics metrics, ILogger<ClaimOutcomes> logger)
{
    public const int MaxNote = 1000;
    public const int MaxReference = 100;

    public static readonly IReadOnlyList<string> Outcomes = [ClaimStatuses.Filed, ClaimStatuses.Credited, ClaimStatuses.Denied];

    public async Task<ClaimOutcomeResult> RecordAsync(Guid id, string outcome, ClaimOutcomeRequest request, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claim = await db.Claims.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (claim is null)
        {
            return new ClaimOutcomeResult.NotFound();
        }

        var errors = Validate(outcome, request, claim);
        if (errors.Count > 0)
        {
            return new ClaimOutcomeResult.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var before = ClaimStatuses.Before(outcome);
        if (claim.Status != before)
        {
            return new ClaimOutcomeResult.Conflict($"Claim {id} is {claim.Status}; {outcome} follows {before} only.");
        }

        if (outcome == ClaimStatuses.Filed && now > claim.FileBy)
        {
            return new ClaimOutcomeResult.Conflict($"Claim {id}'s filing deadline passed at {claim.FileBy:yyyy-MM-dd HH:mm}Z; the carrier no longer takes it.");
        }

        claim.Status = outcome;
        claim.UpdatedAt = now;
        claim.Version = Guid.NewGuid();
        switch (outcome)
        {
            case ClaimStatuses.Filed:
                claim.FiledAt = now;
                claim.CarrierReference = request.CarrierReference?.Trim() is { Length: > 0 } reference ? reference : claim.CarrierReference;
                break;
            case ClaimStatuses.Credited:
                claim.ClosedAt = now;
                claim.CreditedAmount = request.Amount ?? claim.Amount;
                break;
            default:
                claim.ClosedAt = now;
                break;
        }

        var note = string.Join("; ", new[] { request.Note?.Trim(), request.CarrierReference is { Length: > 0 } r ? "carrier reference " + r.Trim() : null, request.Amount is { } a && outcome == ClaimStatuses.Credited ? $"credited {a} {claim.Currency}" : null }.Where(p => !string.IsNullOrEmpty(p)));
        db.ClaimEvents.Add(ClaimBook.Event(claim.Id, now, actor, outcome, note.Length == 0 ? null : note));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ClaimOutcomeResult.Conflict($"Claim {id} was changed by someone else just now; reload it and try again.");
        }

        metrics.ClaimOutcome(claim.Carrier, outcome);
        logger.ClaimOutcome(claim.Id, claim.Carrier, claim.TrackingNumber, outcome, actor);
        return new ClaimOutcomeResult.Recorded(claim);
    }

    private static Dictionary<string, string[]> Validate(string outcome, ClaimOutcomeRequest request, ClaimRecord claim)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Note is { Length: > MaxNote })
        {
            errors["note"] = [$"must be at most {MaxNote} characters"];
        }

        if (request.CarrierReference is { Length: > MaxReference })
        {
            errors["carrierReference"] = [$"must be at most {MaxReference} characters"];
        }

        if (request.CarrierReference is not null && outcome != ClaimStatuses.Filed)
        {
            errors["carrierReference"] = ["is given when the claim is filed"];
        }

        if (request.Amount is { } amount && (outcome != ClaimStatuses.Credited || amount <= 0 || amount > claim.Amount))
        {
            errors["amount"] = [outcome != ClaimStatuses.Credited ? "is given when the claim is credited" : $"must be more than 0 and at most the claimed {claim.Amount:0.00} {claim.Currency}"];
        }

        return errors;
    }
}
