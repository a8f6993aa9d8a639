using System.Globalization;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Tickets;

/// <summary>
/// What a template sees, as snake_case names: facts pre-formatted for the customer's culture and the promise's
/// time zone, plus the raw codes (<c>breach.reason</c>, <c>remedy.kind</c>) for <c>{% case %}</c> branches.
/// Values that do not apply are nil, so <c>{% if last_scan %}</c> reads naturally.
/// </summary>
internal static class TemplateModel
{
    public static Dictionary<string, object?> Build(ApologyContext context, CultureInfo culture)
    {
        var promise = context.Promise;
        var breach = context.Breach;
        var evidence = breach.Evidence;
        var remedy = context.Remedy;
        string When(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, promise.TimeZone).ToString("f", culture);
        string? Duration(TimeSpan? span) => span is { } s ? DurationText.Format(s, culture) : null;
        string Amount(Money money) => money.Amount.ToString("N2", culture) + " " + money.Currency;

        return new Dictionary<string, object?>
        {
            // Nil once the customer's personal data was erased: templates greet without a name then.
            ["customer"] = new Dictionary<string, object?>
            {
                ["name"] = string.IsNullOrWhiteSpace(promise.Customer.Name) ? null : promise.Customer.Name,
                ["first_name"] = promise.Customer.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(),
            },
            ["order"] = new Dictionary<string, object?>
            {
                ["id"] = context.OrderId,
                ["value"] = Amount(new Money(promise.Order.Value, promise.Order.Currency)),
            },
            ["shipment"] = new Dictionary<string, object?>
            {
                ["carrier"] = CarrierName(context.Carrier),
                ["tracking_number"] = context.TrackingNumber,
                ["service"] = promise.ServiceCode,
            },
            ["promise"] = new Dictionary<string, object?>
            {
                ["deadline"] = When(promise.PromisedBy),
                ["guaranteed"] = promise.Guaranteed,
            },
            ["breach"] = new Dictionary<string, object?>
            {
                ["type"] = breach.Type.ToWireName(),
                ["severity"] = breach.Severity.ToWireName(),
                ["lateness"] = Duration(evidence.Lateness),
                ["delivered_at"] = evidence.DeliveredAt is { } delivered ? When(delivered) : null,
                ["estimated_by"] = evidence.EstimatedBy is { } estimate ? When(estimate)
                    : evidence.EstimatedDay is { } day ? day.ToString("D", culture)
                    : null,
                ["waiting"] = Duration(evidence.BusinessTimeWaiting),
                ["status"] = evidence.Status is { } status ? SnakeCase(status.ToString()) : null,
                ["reason"] = evidence.Reason is { } reason ? SnakeCase(reason.ToString()) : null,
                ["carrier_reported_delay"] = evidence.CarrierReportedDelay,
                ["promised_service"] = evidence.PromisedService,
                ["reported_service"] = evidence.ReportedService,
                ["repeat_customer"] = breach.RepeatCustomer,
            },
            ["last_scan"] = evidence.Event is { } scan
                ? new Dictionary<string, object?>
                {
                    ["at"] = When(scan.Instant),
                    ["location"] = scan.Event.Location,
                    ["description"] = scan.Event.Description,
                    ["code"] = scan.Event.CarrierCode,
                }
                : null,
            ["remedy"] = new Dictionary<string, object?>
            {
                ["kind"] = SnakeCase(remedy.Kind.ToString()),
                ["amount"] = remedy.Amount.Amount > 0 ? Amount(remedy.Amount) : null,
                ["agent_budget"] = remedy.AgentBudget.Amount > 0 ? Amount(remedy.AgentBudget) : null,
                ["capped"] = remedy.Capped,
                ["carrier_refund_eligible"] = remedy.CarrierRefundEligible,
                ["issued"] = context.RemedyIssued,
                ["held_by_budget"] = context.RemedyHeldBy,
            },
            // Nothing requests traces yet: the agent's note gives the task, so a message says the team is asking.
            ["trace"] = new Dictionary<string, object?> { ["requested"] = context.TraceRequested },
            ["delivery"] = context.Delivery is { } delivery
                ? new Dictionary<string, object?> { ["at"] = When(delivery.Instant), ["location"] = delivery.Event.Location }
                : null,
            ["follow_up"] = new Dictionary<string, object?> { ["by"] = context.NextUpdateBy is { } next ? When(next) : null },
            ["case"] = new Dictionary<string, object?> { ["key"] = context.CaseKey.ToString(), ["escalated"] = context.Escalated },
        };
    }

    public static string CarrierName(CarrierCode carrier) => carrier switch
    {
        CarrierCode.Ups => "UPS",
        CarrierCode.Fedex => "FedEx",
        CarrierCode.Usps => "USPS",
        CarrierCode.Dhl => "DHL",
        _ => "our delivery partner",
    };

    private static string SnakeCase(string pascal) => WireNames.Snake(pascal);
}
