using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Access;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Jobs;
using RecoveryWorker.Recovery;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Intake;

/// <summary>A change the customer agreed to: a new promise, or a corrected service. Null fields stay as they are.</summary>
internal sealed record ShipmentPatch(DateTimeOffset? PromisedBy, string? PromiseTimeZone, string? Service, bool? Guaranteed);

/// <summary>What a change or cancellation did, or why it could not.</summary>
internal enum ShipmentChangeOutcome
{
    Done,
    NotFound,

    /// <summary>Delivered, returned or cancelled already: nothing is watched any more to change.</summary>
    Final,

    /// <summary>A ticket create for one of its cases is out at the helpdesk right now: try again when it has landed.</summary>
    TicketInFlight,
}

/// <summary>
/// Changes and cancellations of registered shipments, each audited on the shipment (who, when, what). Both bump the
/// shipment's version, so a tracking batch that read it before saves nothing over it and decides again on what is
/// true now. A cancellation stops watching, closes the open cases with an internal note and no customer message, and
/// drops the replies not yet sent; it waits (409) while a ticket create is out, so it never races one.
/// </summary>
internal sealed class ShipmentChanges(IDbContextFactory<RecoveryDbContext> dbFactory, IRecoveryJobs jobs, TimeProvider time, ILogger<ShipmentChanges> logger)
{
    private const int Attempts = 3;

    public async Task<ShipmentChangeOutcome> ChangeAsync(Guid id, ShipmentPatch patch, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return await RetryAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var shipment = await db.Shipments.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (shipment is null)
            {
                return ShipmentChangeOutcome.NotFound;
            }

            if (shipment.NextCheckAt is null)
            {
                return ShipmentChangeOutcome.Final;
            }

            var changed = new Dictionary<string, object?>(StringComparer.Ordinal);
            Set(changed, "promisedBy", shipment.PromisedBy, patch.PromisedBy, v => shipment.PromisedBy = v);
            Set(changed, "promiseTimeZone", shipment.PromiseTimeZone, patch.PromiseTimeZone, v => shipment.PromiseTimeZone = v);
            Set(changed, "service", shipment.ServiceCode, patch.Service, v => shipment.ServiceCode = v);
            Set(changed, "guaranteed", shipment.Guaranteed, patch.Guaranteed, v => shipment.Guaranteed = v);
            if (changed.Count == 0)
            {
                return ShipmentChangeOutcome.Done;
            }

            var now = time.GetUtcNow();
            shipment.NextCheckAt = now;     // judged again on the next sweep, against the new promise
            shipment.Version = Guid.NewGuid();
            var audit = Audit(shipment.Id, now, Actor(caller), "changed", changed);
            db.ShipmentChanges.Add(audit);
            await db.SaveChangesAsync(cancellationToken);
            var fields = string.Join(", ", changed.Keys);
            logger.ShipmentChanged(shipment.Id, fields, audit.Actor);
            return ShipmentChangeOutcome.Done;
        });
    }

    public Task<ShipmentChangeOutcome> CancelAsync(Guid id, string? reason, ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        CancelAsync(id, reason, Actor(caller), cancellationToken);

    /// <param name="actor">Who cancels, for the audit: <see cref="Actor(ClaimsPrincipal)"/> for a caller of the API, or a
    /// source such as "shopify:webhook".</param>
    /// <param name="orderCancelled">False when a person stops watching a parcel whose order stands (the console's "stop
    /// watching"): the audit, the cases' resolution and the agents' note say so instead of "order cancelled".</param>
    public async Task<ShipmentChangeOutcome> CancelAsync(Guid id, string? reason, string actor, CancellationToken cancellationToken, bool orderCancelled = true) =>
        await RetryAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var shipment = await db.Shipments.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (shipment is null)
            {
                return ShipmentChangeOutcome.NotFound;
            }

            if (shipment.CancelledAt is not null)
            {
                return ShipmentChangeOutcome.Done; // cancelled before: the same request again changes nothing
            }

            if (shipment.NextCheckAt is null)
            {
                return ShipmentChangeOutcome.Final;
            }

            var records = await db.Cases.Include(c => c.FollowUps).Include(c => c.OwedEffects)
                .Where(c => c.ShipmentId == id && c.ResolvedAt == null).ToListAsync(cancellationToken);
            var cases = records.Select(r => (Record: r, Case: r.ToDomain())).ToList();
            if (cases.Any(c => !c.Case.CanWithdraw))
            {
                return ShipmentChangeOutcome.TicketInFlight;
            }

            var now = time.GetUtcNow();
            var what = orderCancelled ? "order cancelled" : $"watching stopped by {actor}";
            var why = string.IsNullOrWhiteSpace(reason) ? what : $"{what}: {reason.Trim()}";
            foreach (var (record, @case) in cases)
            {
                var note = orderCancelled
                    ? $"The order was cancelled ({why}); RecoveryWorker stopped watching the parcel and will not write to the customer again about it. Nothing was sent to the customer about the cancellation."
                    : $"RecoveryWorker no longer watches this parcel ({why}) and will not write to the customer again about it. Nothing was sent to the customer about this.";
                Close(record, @case, why, now, note, orderCancelled ? "cancelled" : "stopped");
            }

            // A remedy no apology named yet is withdrawn with its case; one already offered stays for a person to settle.
            var caseIds = cases.Select(c => c.Record.Id).ToList();
            foreach (var entry in await db.Compensations.Where(c => caseIds.Contains(c.CaseId) && c.Status == CompensationStatuses.Proposed).ToListAsync(cancellationToken))
            {
                (entry.Status, entry.WithdrawnAt, entry.WithdrawnBy, entry.Reason, entry.UpdatedAt) = (CompensationStatuses.Withdrawn, now, actor, why, now);
            }

            shipment.CancelledAt = now;
            shipment.NextCheckAt = null;
            shipment.CheckLeaseUntil = null;
            shipment.Version = Guid.NewGuid();
            var audit = Audit(shipment.Id, now, actor, orderCancelled ? "cancelled" : "stopped", new Dictionary<string, object?>
            {
                ["reason"] = reason,
                ["casesClosed"] = cases.Select(c => c.Record.Key).ToList(),
            });
            db.ShipmentChanges.Add(audit);
            await db.SaveChangesAsync(cancellationToken);
            var noted = cases.Where(c => c.Record.TicketId is not null).Select(c => c.Record.Id).ToList();
            if (noted.Count > 0)
            {
                await db.SetEffectsJobsAsync([.. noted.Select(caseId => (caseId, jobs.DeliverEffects(caseId)))], cancellationToken);
            }

            logger.ShipmentCancelled(shipment.Id, cases.Count, audit.Actor);
            return ShipmentChangeOutcome.Done;
        });

    /// <summary>
    /// Closes an open case with no customer message: replies not yet sent go nowhere (a ticket not yet created never is),
    /// the agent gets <paramref name="note"/> on the ticket instead, open follow-ups are cancelled. The caller saves.
    /// </summary>
    internal static void Close(CaseRecord record, RecoveryCase @case, string why, DateTimeOffset now, string note, string noteEvent)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(@case);
        foreach (var unsent in record.OwedEffects.Where(e => e.State == OwedEffectStates.Pending && e.ClaimedAt is null && (e.Public || e.Kind == OwedEffectKinds.OpenTicket)))
        {
            unsent.State = OwedEffectStates.Rejected;
            unsent.LastError = why;
        }

        if (record.TicketId is not null)
        {
            OwedEffects.Add(record, $"{record.Key}:{noteEvent}:note", OwedEffectKinds.Comment, now, note);
        }

        @case.Withdraw(why, now);
        record.Apply(@case);
        FollowUpBook.CancelOpen(record, now, "not needed: " + why);
    }

    /// <summary>"key:{name}" or "user:{name}": the audit's who.</summary>
    public static string Actor(ClaimsPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var kind = caller.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName ? "key" : "user";
        return $"{kind}:{caller.Identity?.Name ?? "unknown"}";
    }

    private static ShipmentChangeRecord Audit(Guid shipmentId, DateTimeOffset at, string actor, string action, Dictionary<string, object?> details) => new()
    {
        Id = Guid.NewGuid(),
        ShipmentId = shipmentId,
        At = at,
        Actor = actor,
        Action = action,
        Details = JsonSerializer.Serialize(details),
    };

    private static void Set<T>(Dictionary<string, object?> changed, string name, T current, T? wanted, Action<T> apply)
        where T : struct
    {
        if (wanted is { } value && !EqualityComparer<T>.Default.Equals(value, current))
        {
            changed[name] = new { from = current, to = value };
            apply(value);
        }
    }

    private static void Set(Dictionary<string, object?> changed, string name, string current, string? wanted, Action<string> apply)
    {
        if (wanted is not null && !string.Equals(wanted, current, StringComparison.Ordinal))
        {
            changed[name] = new { from = current, to = wanted };
            apply(wanted);
        }
    }

    /// <summary>A tracking batch saved the shipment or one of its cases between our read and our save: read again.</summary>
    private static async Task<ShipmentChangeOutcome> RetryAsync(Func<Task<ShipmentChangeOutcome>> attempt)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateConcurrencyException) when (i < Attempts)
            {
            }
        }
    }
}
