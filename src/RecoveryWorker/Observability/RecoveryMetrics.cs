using System.Diagnostics;
using System.Diagnostics.Metrics;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Observability;

/// <summary>
/// The worker's own instruments, on one meter named <see cref="MeterName"/> (Prometheus: <c>recoveryworker_*</c>,
/// README "Metrics and logs"). Counters are added to where the engine acts; the gauges read the store through
/// <see cref="StoreReadings"/> when scraped. Tags carry carriers, helpdesks, breach types and outcomes, never a
/// shipment, case or customer.
/// </summary>
internal sealed class RecoveryMetrics
{
    public const string MeterName = "RecoveryWorker";

    private readonly Counter<long> _checks;
    private readonly Counter<long> _pushSubscriptions;
    private readonly Counter<long> _carrierCalls;
    private readonly Histogram<double> _carrierCallDuration;
    private readonly Counter<long> _breaches;
    private readonly Counter<long> _ticketsOpened;
    private readonly Counter<long> _ticketsFailed;
    private readonly Counter<long> _promises;
    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _claimsOpened;
    private readonly Counter<long> _claimOutcomes;
    private readonly Counter<long> _claimReminders;
    private readonly Counter<long> _compensations;
    private readonly Counter<decimal> _compensationAmount;
    private readonly Counter<long> _heldByBudget;
    private readonly Counter<long> _jobsRequeued;

    public RecoveryMetrics(IMeterFactory meterFactory, StoreReadings store)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(store);
        var meter = meterFactory.Create(MeterName);
        _checks = meter.CreateCounter<long>("recoveryworker.checks", "{check}", "Tracking answers applied to shipments, by carrier and outcome (tracked, or the failure kind).");
        _pushSubscriptions = meter.CreateCounter<long>("recoveryworker.push.subscriptions", "{parcel}", "Parcels offered to a carrier's push (UPS Track Alert), by carrier and outcome (subscribed, refused, or the failure kind of the call).");
        _carrierCalls = meter.CreateCounter<long>("recoveryworker.carrier.calls", "{call}", "Tracking API calls to carriers, by carrier and outcome (ok, or the failure kind when every number failed).");
        _carrierCallDuration = meter.CreateHistogram<double>("recoveryworker.carrier.call.duration", "s", "How long one tracking API call took, by carrier and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _breaches = meter.CreateCounter<long>("recoveryworker.breaches.opened", "{breach}", "Recovery cases opened for a broken promise, by breach type and carrier.");
        _ticketsOpened = meter.CreateCounter<long>("recoveryworker.tickets.opened", "{ticket}", "Helpdesk tickets opened (or found and adopted) for cases, by helpdesk.");
        _ticketsFailed = meter.CreateCounter<long>("recoveryworker.tickets.failed", "{attempt}", "Ticket create or lookup calls that failed, by helpdesk and failure kind.");
        _webhooks = meter.CreateCounter<long>("recoveryworker.webhooks", "{delivery}", "Vendor webhook deliveries, by source and outcome (accepted, repeated, refused, or what processing made of them: registered, cancelled, unknown_carrier, ...).");
        _claimsOpened = meter.CreateCounter<long>("recoveryworker.claims.opened", "{claim}", "Carrier guarantee claims opened, by carrier and status (to_file, or excluded with its exclusion).");
        _claimOutcomes = meter.CreateCounter<long>("recoveryworker.claims.outcomes", "{claim}", "Claim outcomes recorded, by carrier and outcome (filed, credited, denied, expired).");
        _claimReminders = meter.CreateCounter<long>("recoveryworker.claims.reminders", "{claim}", "Unfiled claims whose filing deadline is within 3 days, counted by the daily check, by carrier.");
        _compensations = meter.CreateCounter<long>("recoveryworker.compensations", "{compensation}", "Compensation ledger steps, by status reached (proposed, offered, granted, redeemed, withdrawn), kind and currency.");
        _compensationAmount = meter.CreateCounter<decimal>("recoveryworker.compensation.amount", "{currency_unit}", "The amounts of compensation ledger steps, by status reached, kind and currency.");
        _heldByBudget = meter.CreateCounter<long>("recoveryworker.remedies.held_by_budget", "{case}", "Cases that proposed the fallback remedy because the compensation budget of the day or month was spent, by currency and period.");
        _jobsRequeued = meter.CreateCounter<long>("recoveryworker.jobs.requeued", "{job}", "Hangfire jobs a stopped worker had fetched, put back at the front of the queue by the sweep once their keep-alive was older than Jobs:InvisibilityTimeout.");
        _promises = meter.CreateCounter<long>("recoveryworker.promises", "{shipment}", "Shipments that reached a final state, by carrier and outcome (kept or broken).");

        meter.CreateObservableGauge("recoveryworker.shipments.watched", store.WatchedByStatus, "{shipment}", "Shipments not yet in a final state, by their latest tracking status.");
        meter.CreateObservableGauge("recoveryworker.effects.pending", () => store.Read().PendingEffects, "{write}", "Helpdesk writes owed and not yet delivered (the outbox).");
        meter.CreateObservableGauge("recoveryworker.effects.oldest_pending.age", () => store.Read().OldestPendingEffectAge, "s", "How long the oldest owed helpdesk write has waited; 0 when none is owed.");
        meter.CreateObservableGauge("recoveryworker.followups.due", () => store.Read().FollowUpsDue, "{followup}", "Follow-ups not done whose time has come.");
        meter.CreateObservableGauge("recoveryworker.followups.overdue", () => store.Read().FollowUpsOverdue, "{followup}", "Follow-ups not done more than Polling:LostJobGrace past their time.");
    }

    /// <summary>One tracking answer applied: <paramref name="error"/> is null when the carrier told us where the parcel is.</summary>
    public void Checked(string carrier, ConnectorErrorKind? error) =>
        _checks.Add(1, new TagList { { "carrier", carrier }, { "outcome", error is { } kind ? Outcome(kind) : "tracked" } });

    /// <summary>Parcels of one subscription call: <paramref name="error"/> is the call's failure, else the carrier took or refused them.</summary>
    public void PushSubscription(CarrierCode carrier, int subscribed, int refused, ConnectorErrorKind? error)
    {
        var wire = carrier.ToWireName();
        if (error is { } kind)
        {
            _pushSubscriptions.Add(subscribed + refused, new TagList { { "carrier", wire }, { "outcome", Outcome(kind) } });
            return;
        }

        _pushSubscriptions.Add(subscribed, new TagList { { "carrier", wire }, { "outcome", "subscribed" } });
        _pushSubscriptions.Add(refused, new TagList { { "carrier", wire }, { "outcome", "refused" } });
    }

    /// <summary>One tracking API call, however many numbers it carried.</summary>
    public void CarrierCalled(CarrierCode carrier, ConnectorErrorKind? error, TimeSpan took)
    {
        var tags = new TagList { { "carrier", carrier.ToWireName() }, { "outcome", error is { } kind ? Outcome(kind) : "ok" } };
        _carrierCalls.Add(1, tags);
        _carrierCallDuration.Record(took.TotalSeconds, tags);
    }

    public void ClaimOpened(string carrier, string status, string? exclusion) =>
        _claimsOpened.Add(1, new TagList { { "carrier", carrier }, { "status", status }, { "exclusion", exclusion ?? "none" } });

    public void ClaimOutcome(string carrier, string outcome) =>
        _claimOutcomes.Add(1, new TagList { { "carrier", carrier }, { "outcome", outcome } });

    public void ClaimReminded(string carrier) => _claimReminders.Add(1, new KeyValuePair<string, object?>("carrier", carrier));

    public void BreachOpened(string breachType, string carrier) =>
        _breaches.Add(1, new TagList { { "type", breachType }, { "carrier", carrier } });

    public void TicketOpened(string helpdesk) => _ticketsOpened.Add(1, new KeyValuePair<string, object?>("helpdesk", helpdesk));

    public void TicketFailed(string helpdesk, ConnectorErrorKind error) =>
        _ticketsFailed.Add(1, new TagList { { "helpdesk", helpdesk }, { "outcome", Outcome(error) } });

    /// <summary>A shipment reached a final state: its promise was kept when no breach held at the end.</summary>
    public void PromiseSettled(string carrier, bool kept) =>
        _promises.Add(1, new TagList { { "carrier", carrier }, { "outcome", kept ? "kept" : "broken" } });

    /// <summary>The sweep put back <paramref name="count"/> jobs of a worker that stopped.</summary>
    public void JobsRequeued(int count) => _jobsRequeued.Add(count);

    /// <summary>A webhook delivery came in, or was processed: <paramref name="outcome"/> says which and how.</summary>
    public void Webhook(string source, string outcome) =>
        _webhooks.Add(1, new TagList { { "source", source }, { "outcome", outcome } });

    /// <summary>A ledger entry reached <paramref name="status"/>.</summary>
    public void Compensation(string status, string kind, decimal amount, string currency)
    {
        var tags = new TagList { { "status", status }, { "kind", kind }, { "currency", currency } };
        _compensations.Add(1, tags);
        _compensationAmount.Add(amount, tags);
    }

    /// <summary>A case proposed the fallback remedy because the <paramref name="period"/> budget (daily, monthly) was spent.</summary>
    public void RemedyHeldByBudget(string currency, string period) =>
        _heldByBudget.Add(1, new TagList { { "currency", currency }, { "period", period } });

    /// <summary>The failure kind as the API and logs name it (not_found, rate_limited, ...).</summary>
    private static string Outcome(ConnectorErrorKind kind) => WireNames.Snake(kind);
}
