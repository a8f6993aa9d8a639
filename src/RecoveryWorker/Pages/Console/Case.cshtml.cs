using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Helpdesks.Freshdesk;
using RecoveryWorker.Connectors.Helpdesks.Local;
using RecoveryWorker.Connectors.Helpdesks.Zendesk;
using RecoveryWorker.Access;
using RecoveryWorker.Domain;
using RecoveryWorker.Intake;
using RecoveryWorker.Recovery;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Pages.RecoveryConsole;

/// <summary>One moment of a case's story: a carrier scan, the promise's deadline, or something the worker did.</summary>
internal sealed record StoryLine(DateTimeOffset At, string What, string? Where, bool IsDeadline = false, bool IsScan = false);

/// <summary>
/// One case: the promise beside the carrier's scans on one timeline (the deadline marked), the breach and its
/// evidence, every helpdesk write with its text and state, the ticket in the helpdesk, the remedy and its cap, and the
/// follow-ups done and due.
/// </summary>
internal sealed class CaseModel(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    CaseActions actions,
    ShipmentChanges changes,
    IOptions<ZendeskOptions> zendesk,
    IOptions<FreshdeskOptions> freshdesk) : PageModel
{
    public CaseRecord Case { get; private set; } = null!;

    public ShipmentRecord Shipment { get; private set; } = null!;

    public IReadOnlyList<StoryLine> Story { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Evidence { get; private set; } = [];

    public string? TicketUrl { get; private set; }

    /// <summary>The carrier guarantee claim of this case's shipment, when the parcel earned one.</summary>
    public ClaimRecord? Claim { get; private set; }

    /// <summary>The ticket's messages as the local helpdesk holds them (its first is the apology); empty for Zendesk and Freshdesk, whose tickets are a link away.</summary>
    public IReadOnlyList<(DateTimeOffset At, bool Public, string Body)> TicketMessages { get; private set; } = [];

    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    /// <summary>An instant in the promise's own time zone, so the deadline and every scan read on one clock.</summary>
    public string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What the last admin action said, shown above the case.</summary>
    [TempData]
    public string? Notice { get; set; }

    public bool IsAdmin => User.IsInRole(Roles.Admin);

    public Task<IActionResult> OnPostResolveAsync(Guid id, string? reason, CancellationToken cancellationToken) =>
        ActAsync(id, reason, (actor, why) => actions.ResolveByHandAsync(id, why, actor, cancellationToken), "Resolved by hand.", cancellationToken);

    public Task<IActionResult> OnPostRetryTicketAsync(Guid id, string? reason, CancellationToken cancellationToken) =>
        ActAsync(id, reason, (actor, why) => actions.RetryRejectedTicketAsync(id, why, actor, cancellationToken), "The ticket is sent again.", cancellationToken);

    public Task<IActionResult> OnPostStopWatchingAsync(Guid id, string? reason, CancellationToken cancellationToken) =>
        ActAsync(id, reason, async (actor, why) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var shipmentId = await db.Cases.Where(c => c.Id == id).Select(c => (Guid?)c.ShipmentId).FirstOrDefaultAsync(cancellationToken);
            return shipmentId is not { } sid ? CaseActionOutcome.NotFound : await changes.CancelAsync(sid, why, actor, cancellationToken, orderCancelled: false) switch
            {
                ShipmentChangeOutcome.Done => CaseActionOutcome.Done,
                ShipmentChangeOutcome.NotFound => CaseActionOutcome.NotFound,
                ShipmentChangeOutcome.TicketInFlight => CaseActionOutcome.TicketInFlight,
                _ => CaseActionOutcome.NotApplicable,
            };
        }, "The shipment is no longer watched; its open cases are closed.", cancellationToken);

    /// <summary>An admin's action with its reason (required), recorded with who did it; a viewer is refused.</summary>
    private async Task<IActionResult> ActAsync(Guid id, string? reason, Func<string, string, Task<CaseActionOutcome>> act, string done, CancellationToken cancellationToken)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            ModelState.AddModelError("reason", "Say why: the reason is recorded on the case.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await OnGetAsync(id, cancellationToken);
        }

        var outcome = await act(ShipmentChanges.Actor(User), reason.Trim());
        Notice = outcome switch
        {
            CaseActionOutcome.Done => done,
            CaseActionOutcome.NotFound => "No such case.",
            CaseActionOutcome.TicketInFlight => "A ticket create is out at the helpdesk right now; try again in a minute, once it has landed.",
            _ => "That does not apply to this case any more (it was resolved, or its ticket is not rejected).",
        };
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var @case = await db.Cases.AsNoTracking().Include(c => c.FollowUps).Include(c => c.OwedEffects).AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (@case is null)
        {
            return NotFound();
        }

        Case = @case;
        Shipment = await db.Shipments.AsNoTracking().FirstAsync(s => s.Id == @case.ShipmentId, cancellationToken);
        Claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.ShipmentId == @case.ShipmentId, cancellationToken);
        _zone = PromiseZones.Resolve(Shipment.PromiseTimeZone);
        if (@case.Helpdesk == LocalHelpdeskServiceCollectionExtensions.ProviderName && long.TryParse(@case.TicketId, System.Globalization.CultureInfo.InvariantCulture, out var ticketId)
            && await db.LocalTickets.AsNoTracking().Include(t => t.Comments).FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken) is { } ticket)
        {
            // The local helpdesk keeps the apology both as the ticket's body and as its first comment: shown once.
            var comments = ticket.Comments.OrderBy(c => c.Id).Select(c => (c.CreatedAt, c.Public, c.Body)).ToList();
            TicketMessages = comments.FirstOrDefault().Body == ticket.Body ? comments : [(ticket.CreatedAt, ticket.BodyIsPublic, ticket.Body), .. comments];
        }

        Story = StoryOf(@case, Shipment);
        Evidence = EvidenceOf(@case.EvidenceJson);
        TicketUrl = TicketUrlOf(@case);
        return Page();
    }

    private static List<StoryLine> StoryOf(CaseRecord @case, ShipmentRecord shipment)
    {
        var lines = new List<StoryLine>
        {
            new(shipment.ShippedAt, "Shipped", null),
            new(shipment.PromisedBy, $"Promised delivery deadline ({shipment.ServiceCode}{(shipment.Guaranteed ? ", guaranteed" : "")})", null, IsDeadline: true),
            new(@case.DetectedAt, $"Broken promise found: {@case.OpenedAs.Replace('_', ' ')}", null),
        };
        if (shipment.Tracking() is { } snapshot)
        {
            var timeline = TrackingTimeline.From(snapshot, PromiseZones.Resolve(shipment.PromiseTimeZone));
            lines.AddRange(timeline.Events.Select(e => new StoryLine(e.Instant, $"{WireNames.Snake(e.Event.Status).Replace('_', ' ')}: {e.Event.Description}", e.Event.Location, IsScan: true)));
        }

        lines.AddRange(@case.OwedEffects.Where(e => e.DeliveredAt is not null).Select(e => new StoryLine(e.DeliveredAt!.Value,
            e.Kind == OwedEffectKinds.OpenTicket ? "Ticket opened with the apology" : $"Helpdesk: {e.Kind.Replace('_', ' ')}{(e.Public ? " (to the customer)" : " (internal)")}", null)));
        lines.AddRange(@case.FollowUps.Where(f => f.DoneAt is not null).Select(f => new StoryLine(f.DoneAt!.Value, $"Follow-up {f.Sequence}: {f.Outcome}", null)));
        if (@case.ResolvedAt is { } resolved)
        {
            lines.Add(new StoryLine(resolved, $"Resolved: {@case.Resolution}", null));
        }

        return [.. lines.OrderBy(l => l.At)];
    }

    private static List<KeyValuePair<string, string>> EvidenceOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? [.. document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))]
            : [KeyValuePair.Create("evidence", document.RootElement.GetRawText())];
    }

    /// <summary>The ticket in the agent's view of its helpdesk; the local helpdesk's tickets are read at /api/tickets.</summary>
    private string? TicketUrlOf(CaseRecord @case) => (@case.Helpdesk, @case.TicketId) switch
    {
        (_, null) => null,
        (ZendeskServiceCollectionExtensions.ProviderName, { } id) when zendesk.Value.BaseUrl is { } root => new Uri(root, $"agent/tickets/{Uri.EscapeDataString(id)}").ToString(),
        (FreshdeskServiceCollectionExtensions.ProviderName, { } id) when freshdesk.Value.BaseUrl is { } root => new Uri(root, $"a/tickets/{Uri.EscapeDataString(id)}").ToString(),
        _ => null,
    };
}
