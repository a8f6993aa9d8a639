using System.Text.Json;
using RecoveryWorker.Domain;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Api;

/// <summary>What the API returns. Customer e-mail and name appear only on tickets (which are addressed to them).</summary>
internal static class ApiViews
{
    public static object Shipment(ShipmentRecord s, IEnumerable<CaseRecord> cases, IEnumerable<ShipmentChangeRecord> changes) => new
    {
        id = s.Id,
        orderId = s.OrderId,
        carrier = s.Carrier,
        trackingNumber = s.TrackingNumber,
        service = s.ServiceCode,
        promise = new { promisedBy = s.PromisedBy, timeZone = s.PromiseTimeZone, guaranteed = s.Guaranteed, shippedAt = s.ShippedAt },
        customer = new { id = s.CustomerId, locale = s.CustomerLocale },
        // Country and region only: the destination's postal code is part of the customer's address.
        origin = s.OriginCountry is null ? null : new { country = s.OriginCountry, region = s.OriginRegion },
        destination = s.DestinationCountry is null ? null : new { country = s.DestinationCountry, region = s.DestinationRegion },
        order = new { value = s.OrderValue, shippingCost = s.ShippingCost, currency = s.Currency },
        tracking = Tracking(s),
        registeredAt = s.RegisteredAt,
        nextCheckAt = s.NextCheckAt,
        lastCheckedAt = s.LastCheckedAt,
        lastCheckError = s.LastCheckError,
        cancelledAt = s.CancelledAt,
        cases = cases.OrderBy(c => c.DetectedAt).Select(CaseSummary).ToList(),
        changes = changes.Select(c => new { at = c.At, actor = c.Actor, action = c.Action, details = System.Text.Json.Nodes.JsonNode.Parse(c.Details) }).ToList(),
    };

    public static object CaseSummary(CaseRecord c) => new
    {
        id = c.Id,
        key = c.Key,
        breachType = c.BreachType,
        severity = c.Severity,
        status = WireNames.Snake(c.Status),
        ticketId = c.TicketId,
        detectedAt = c.DetectedAt,
        resolvedAt = c.ResolvedAt,
    };

    public static object Case(CaseRecord c) => new
    {
        id = c.Id,
        key = c.Key,
        shipmentId = c.ShipmentId,
        breachType = c.BreachType,
        openedAs = c.OpenedAs,
        episode = c.Episode,
        severity = c.Severity,
        status = WireNames.Snake(c.Status),
        repeatCustomer = c.RepeatCustomer,
        ticket = new { helpdesk = c.Helpdesk, id = c.TicketId, claim = WireNames.Snake(c.TicketClaim), error = c.TicketError },
        remedy = new
        {
            kind = c.RemedyKind is null ? null : WireNames.Snake(c.RemedyKind),
            amount = c.RemedyAmount,
            agentBudget = c.AgentBudget,
            currency = c.RemedyCurrency,
            capped = c.RemedyCapped,
            carrierRefundEligible = c.CarrierRefundEligible,
        },
        evidence = JsonSerializer.Deserialize<JsonElement>(c.EvidenceJson),
        followUps = c.FollowUps.OrderBy(f => f.Sequence).Select(f => new { sequence = f.Sequence, due = f.DueAt, done = f.DoneAt, outcome = f.Outcome }).ToList(),
        // The outbox: what the helpdesk is owed and what it confirmed. A helpdesk outage shows here as pending writes.
        helpdeskWrites = c.OwedEffects.OrderBy(e => e.CreatedAt).ThenBy(e => e.Ordinal).Select(e => new
        {
            key = e.Key,
            kind = e.Kind,
            state = WireNames.Snake(e.State),
            attempts = e.Attempts,
            lastError = e.LastError,
            createdAt = e.CreatedAt,
            deliveredAt = e.DeliveredAt,
        }).ToList(),
        detectedAt = c.DetectedAt,
        updatedAt = c.UpdatedAt,
        resolvedAt = c.ResolvedAt,
        resolution = c.Resolution,
        escalationReason = c.EscalationReason,
    };

    public static object Ticket(LocalTicketRecord t) => new
    {
        id = t.Id,
        externalId = t.ExternalId,
        requester = new { name = t.RequesterName, email = t.RequesterEmail },
        subject = t.Subject,
        tags = t.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        priority = t.Priority.ToLowerInvariant(),
        status = t.Status.ToLowerInvariant(),
        group = t.Group,
        createdAt = t.CreatedAt,
        updatedAt = t.UpdatedAt,
        comments = t.Comments.OrderBy(c => c.Id).Select(c => new { @public = c.Public, body = c.Body, createdAt = c.CreatedAt }).ToList(),
    };

    private static object? Tracking(ShipmentRecord s)
    {
        if (s.Tracking() is not { } snapshot)
        {
            return null;
        }

        var timeline = TrackingTimeline.From(snapshot, PromiseZones.Resolve(s.PromiseTimeZone));
        return new
        {
            status = WireNames.Snake(timeline.Status),
            reason = timeline.Reason is { } reason ? WireNames.Snake(reason) : null,
            lastEventAt = timeline.LastEvent?.Instant,
            estimatedDelivery = snapshot.EstimatedDelivery switch
            {
                { Date: { } day } => (object)new { date = day },
                { WindowEnd: { } end } estimate => new { from = estimate.WindowStart?.ToString(), until = end.ToString() },
                _ => null,
            },
            deliveredAt = timeline.DeliveredAt,
            service = snapshot.ReportedService,
            carrierReportsDelay = snapshot.CarrierReportsDelay,
            events = timeline.Events.Select(e => new
            {
                at = e.Instant,
                reportedAs = e.Event.At.ToString(),
                status = WireNames.Snake(e.Event.Status),
                reason = e.Event.Reason is { } r ? WireNames.Snake(r) : null,
                code = e.Event.CarrierCode,
                description = e.Event.Description,
                location = e.Event.Location,
            }).ToList(),
        };
    }
}
