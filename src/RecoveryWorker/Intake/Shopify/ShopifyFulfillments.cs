using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Stores.Shopify;
using RecoveryWorker.Domain;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Intake.Shopify;

/// <summary>The Shopify order could not be read for a passing reason (down, rate limited, credentials): the job is tried again.</summary>
internal sealed class ShopifyUnavailableException(string message) : Exception(message);

/// <summary>
/// Turns a stored Shopify fulfilment delivery into shipments. Every tracking number of the fulfilment becomes a shipment
/// (carrier from <c>tracking_company</c>; service from the order's shipping line; the promise worked out from the
/// service, the fulfilment's time and the destination's zone and calendar), registered through the same reader and
/// intake as <c>POST /api/shipments</c>, so the same rules hold and a repeat registers nothing new. A cancelled
/// fulfilment cancels its shipments; an update that drops a tracking number cancels that one. A carrier we do not
/// track is recorded on the delivery and reported (log, metric, <c>GET /api/webhook-deliveries</c>), not guessed.
/// </summary>
internal sealed class ShopifyFulfillments(
    WebhookInbox inbox,
    ShopifyAdmin admin,
    IOptions<ShopifyOptions> options,
    IDbContextFactory<RecoveryDbContext> dbFactory,
    ShipmentIntake intake,
    ShipmentChanges changes,
    AcceptedCarriers carriers,
    PromiseCalculator promises,
    RecoveryMetrics metrics,
    TimeProvider time,
    ILogger<ShopifyFulfillments> logger)
{
    public const string Source = "shopify";

    /// <summary>Who the audit names for changes Shopify asked for.</summary>
    public const string Actor = "shopify:webhook";

    public async Task ProcessAsync(string deliveryId, CancellationToken cancellationToken)
    {
        if (await inbox.PendingAsync(Source, deliveryId, cancellationToken) is not { } pending)
        {
            return; // processed before (a retried job, or a repeat delivery enqueued twice)
        }

        if (ShopifyFulfillment.Read(pending.Body, out var problem) is not { } fulfillment)
        {
            logger.ShopifyDeliveryUnreadable(deliveryId, problem!);
            await CompleteAsync(deliveryId, "unreadable", problem!, cancellationToken);
            return;
        }

        var (outcome, detail) = fulfillment.IsCancelled
            ? await CancelAsync(fulfillment, null, $"fulfilment {fulfillment.Status} in Shopify", cancellationToken)
            : await RegisterAsync(deliveryId, fulfillment, cancellationToken);
        if (outcome is "registered" or "cancelled" or "no_tracking")
        {
            logger.ShopifyDeliveryProcessed(deliveryId, fulfillment.Id, fulfillment.OrderId, detail);
        }
        else
        {
            logger.ShopifyDeliveryNeedsAttention(deliveryId, fulfillment.Id, fulfillment.OrderId, detail);
        }

        await CompleteAsync(deliveryId, outcome, detail, cancellationToken);
    }

    private async Task CompleteAsync(string deliveryId, string outcome, string detail, CancellationToken cancellationToken)
    {
        await inbox.CompleteAsync(Source, deliveryId, $"{outcome}: {detail}", cancellationToken);
        metrics.Webhook(Source, outcome);
    }

    private async Task<(string Outcome, string Detail)> RegisterAsync(string deliveryId, ShopifyFulfillment fulfillment, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (fulfillment.TrackingNumbers.Count == 0)
        {
            return ("no_tracking", "the fulfilment has no tracking number yet; an update that adds one registers it");
        }

        if (ShopifyCarriers.Map(fulfillment.TrackingCompany, o.Carriers) is not { } carrier || !carriers.Codes.Contains(carrier))
        {
            var name = fulfillment.TrackingCompany ?? "(none)";
            return ("unknown_carrier", $"carrier '{name}' is not one we track; {fulfillment.TrackingNumbers.Count} tracking number(s) not watched (map the name under Intake:Shopify:Carriers if it is one of ours)");
        }

        var read = await admin.GetOrderAsync(fulfillment.OrderId, cancellationToken);
        if (!read.IsSuccess)
        {
            var error = read.Error!;
            if (error.Kind == ConnectorErrorKind.NotFound)
            {
                return ("order_not_found", $"order {fulfillment.OrderId} is not in the store (deleted?); nothing registered");
            }

            logger.ShopifyOrderUnavailable(fulfillment.OrderId, deliveryId, error.Kind.ToString(), error.Message);
            throw new ShopifyUnavailableException($"Shopify order {fulfillment.OrderId}: {error.Kind}: {error.Message}");
        }

        var order = read.Value!;
        var service = ServiceOf(order, o);
        var zone = DestinationTimeZones.For(fulfillment.Destination?.CountryCode, fulfillment.Destination?.ProvinceCode) ?? o.DefaultTimeZone;
        var reading = new ShipmentReading(carriers.Codes, promises, time.GetUtcNow());
        var registrations = new List<ShipmentRegistration>();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var number in fulfillment.TrackingNumbers)
        {
            var item = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
            {
                ["orderId"] = order.Name,
                ["carrier"] = carrier.ToWireName(),
                ["trackingNumber"] = number,
                ["service"] = service,
                ["promiseTimeZone"] = zone,
                ["shippedAt"] = fulfillment.CreatedAt,
                ["destination"] = fulfillment.Destination?.ToPlace(),
                ["origin"] = fulfillment.Origin?.ToPlace(),
                ["customer"] = new Dictionary<string, object?>
                {
                    ["id"] = order.CustomerId?.ToString(CultureInfo.InvariantCulture) ?? "shopify-order-" + order.Id.ToString(CultureInfo.InvariantCulture),
                    ["email"] = order.Email ?? fulfillment.Email,
                    ["name"] = order.CustomerName ?? fulfillment.DestinationName,
                    ["locale"] = order.CustomerLocale,
                },
                ["order"] = new Dictionary<string, object?> { ["value"] = order.TotalPrice, ["shippingCost"] = order.ShippingPrice, ["currency"] = order.Currency },
            });
            if (ShipmentRequestReader.Read(item, $"{number}.", reading, errors) is { } registration)
            {
                registrations.Add(registration with { SourceRef = fulfillment.SourceRef });
            }
        }

        if (errors.Count > 0)
        {
            // Field names and rules only: the reader's messages hold no e-mail or name.
            return ("invalid", $"not registered: {string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}"))}");
        }

        var results = await intake.RegisterAsync(registrations, cancellationToken);
        var created = results.Count(r => r.Created);
        var (_, dropped) = await CancelAsync(fulfillment, registrations.Select(r => r.TrackingNumber).ToHashSet(StringComparer.Ordinal), "tracking number removed from the fulfilment in Shopify", cancellationToken);
        var promise = registrations[0].PromiseBasis is { } basis ? $"promised by {registrations[0].PromisedBy:yyyy-MM-dd HH:mm zzz} ({basis})" : "";
        return ("registered", $"{created} shipment(s) registered, {results.Count - created} known already; service '{service}'; {promise}{(dropped.Length > 0 ? "; " + dropped : "")}");
    }

    /// <summary>
    /// Cancels the fulfilment's watched shipments, all of them (<paramref name="keep"/> null or empty) or those whose
    /// tracking number is no longer on it. A ticket create in flight makes the job try again shortly.
    /// </summary>
    private async Task<(string Outcome, string Detail)> CancelAsync(ShopifyFulfillment fulfillment, HashSet<string>? keep, string reason, CancellationToken cancellationToken)
    {
        List<(Guid Id, string TrackingNumber)> watched;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            watched = [.. (await db.Shipments.AsNoTracking()
                    .Where(s => s.SourceRef == fulfillment.SourceRef && s.CancelledAt == null)
                    .Select(s => new { s.Id, s.TrackingNumber }).ToListAsync(cancellationToken))
                .Select(s => (s.Id, s.TrackingNumber))];
        }

        var cancelled = 0;
        foreach (var (id, number) in watched.Where(s => keep is not { Count: > 0 } || !keep.Contains(s.TrackingNumber)))
        {
            var result = await changes.CancelAsync(id, reason, Actor, cancellationToken);
            if (result == ShipmentChangeOutcome.TicketInFlight)
            {
                throw new ShopifyUnavailableException($"shipment {id} ({number}) has a ticket create in flight; cancelling it waits until that has landed");
            }

            cancelled += result == ShipmentChangeOutcome.Done ? 1 : 0;
        }

        return ("cancelled", keep is { Count: > 0 } && cancelled == 0 ? "" : $"{cancelled} shipment(s) cancelled ({reason})");
    }

    /// <summary>The order's shipping line (code, then title) as configured under Intake:Shopify:Services, else the default service.</summary>
    private static string ServiceOf(ShopifyOrder order, ShopifyOptions o) =>
        order.ShippingCode is { } code && o.Services.TryGetValue(code, out var byCode) ? byCode
        : order.ShippingTitle is { } title && o.Services.TryGetValue(title, out var byTitle) ? byTitle
        : o.DefaultService;
}
