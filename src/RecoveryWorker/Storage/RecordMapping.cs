using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Domain.Remedies;

namespace RecoveryWorker.Storage;

/// <summary>Between stored records and the domain: the domain never sees EF, the store never holds domain logic.</summary>
internal static class RecordMapping
{
    public static CarrierCode CarrierCode(this ShipmentRecord shipment) =>
        CarrierCodes.TryParse(shipment.Carrier, out var carrier) ? carrier : throw new InvalidOperationException($"Shipment {shipment.Id} has unknown carrier '{shipment.Carrier}'.");

    public static DeliveryPromise ToPromise(this ShipmentRecord shipment) => new()
    {
        PromisedBy = shipment.PromisedBy,
        TimeZone = PromiseZones.Resolve(shipment.PromiseTimeZone),
        ServiceCode = shipment.ServiceCode,
        Guaranteed = shipment.Guaranteed,
        ShippedAt = shipment.ShippedAt,
        Customer = new Customer(shipment.CustomerId, shipment.CustomerEmail, shipment.CustomerName, shipment.CustomerLocale),
        Order = new OrderTotals(shipment.OrderValue, shipment.ShippingCost, shipment.Currency),
    };

    public static TrackingSnapshot? Tracking(this ShipmentRecord shipment) =>
        shipment.TrackingJson is { } json ? TrackingSnapshotJson.Deserialize(json) : null;

    public static RecoveryCase ToDomain(this CaseRecord record)
    {
        if (!CaseKey.TryParse(record.Key, out var key))
        {
            throw new InvalidOperationException($"Case {record.Id} has a malformed key '{record.Key}'.");
        }

        return RecoveryCase.Restore(
            key,
            record.Breach(),
            ParseSeverity(record.Severity),
            Enum.Parse<CaseStatus>(record.Status),
            record.TypesSeen.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseBreachType),
            record.TicketId,
            record.DetectedAt,
            record.UpdatedAt,
            record.ResolvedAt,
            record.Resolution,
            record.EscalationReason,
            record.TicketClaim,
            record.TicketAttemptAt,
            record.TicketError);
    }

    public static PromiseBreach Breach(this CaseRecord record) =>
        new(ParseBreachType(record.BreachType), ParseSeverity(record.Severity), EvidenceJson.Deserialize(record.EvidenceJson))
        {
            RepeatCustomer = record.RepeatCustomer,
            CarrierRefundEligible = record.CarrierRefundEligible,
        };

    public static Remedy Remedy(this CaseRecord record)
    {
        var currency = string.IsNullOrWhiteSpace(record.RemedyCurrency)
            ? throw new InvalidOperationException($"Case {record.Id} has no stored remedy currency ('{record.RemedyCurrency}').")
            : record.RemedyCurrency;
        var kind = Enum.GetValues<RemedyKind>().Where(k => k.ToString() == record.RemedyKind).Select(k => (RemedyKind?)k).FirstOrDefault()
            ?? throw new InvalidOperationException($"Case {record.Id} has unknown stored remedy kind '{record.RemedyKind}'.");
        return new Remedy(
            kind,
            new Money(record.RemedyAmount ?? 0m, currency),
            new Money(record.AgentBudget ?? 0m, currency),
            record.RemedyCapped,
            record.CarrierRefundEligible);
    }

    /// <summary>Copies what a domain case decided back onto its record.</summary>
    public static void Apply(this CaseRecord record, RecoveryCase @case)
    {
        record.BreachType = @case.Breach.Type.ToWireName();
        record.Severity = @case.Severity.ToWireName();
        record.Status = @case.Status.ToString();
        record.TypesSeen = string.Join(',', @case.TypesSeen.Select(t => t.ToWireName()));
        record.EvidenceJson = EvidenceJson.Serialize(@case.Breach.Evidence);
        record.RepeatCustomer = @case.Breach.RepeatCustomer || record.RepeatCustomer;
        record.CarrierRefundEligible = @case.Breach.CarrierRefundEligible || record.CarrierRefundEligible;
        record.TicketId = @case.TicketId;
        record.UpdatedAt = @case.UpdatedAt;
        record.ResolvedAt = @case.ResolvedAt;
        record.Resolution = @case.Resolution;
        record.EscalationReason = @case.EscalationReason;
        record.TicketClaim = @case.TicketClaim;
        record.TicketAttemptAt = @case.TicketAttemptAt;
        record.TicketError = @case.TicketError;
        record.Version = Guid.NewGuid();
    }

    public static CaseRecord NewRecord(RecoveryCase @case, string customerId, Remedy remedy)
    {
        var record = new CaseRecord
        {
            Id = Guid.NewGuid(),
            Key = @case.Key.ToString(),
            ShipmentId = @case.Key.ShipmentId,
            CustomerId = customerId,
            OpenedAs = @case.Key.OpenedAs.ToWireName(),
            Episode = @case.Key.Episode,
            BreachType = "",
            Severity = "",
            Status = "",
            TypesSeen = "",
            EvidenceJson = "",
            DetectedAt = @case.DetectedAt,
            RemedyKind = remedy.Kind.ToString(),
            RemedyAmount = remedy.Amount.Amount,
            AgentBudget = remedy.AgentBudget.Amount,
            RemedyCurrency = remedy.Amount.Currency,
            RemedyCapped = remedy.Capped,
        };
        record.Apply(@case);
        return record;
    }

    public static BreachType ParseBreachType(string wireName) =>
        BreachTypes.TryParse(wireName, out var type) ? type : throw new InvalidOperationException($"Unknown stored breach type '{wireName}'.");

    public static Severity ParseSeverity(string wireName) =>
        Enum.GetValues<Severity>().Where(s => s.ToWireName() == wireName).Select(s => (Severity?)s).FirstOrDefault()
            ?? throw new InvalidOperationException($"Unknown stored severity '{wireName}'.");
}
