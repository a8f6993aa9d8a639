using System.Text.Json;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Dhl;

/// <summary>
/// Turns DHL's answer for one tracking number into a snapshot. Never throws for vendor data: an answer it cannot
/// read is Malformed, an empty shipment list is NotFound. Messages name fields, never values from the answer.
/// </summary>
internal static class DhlResponseParser
{
    public const string What = "DHL tracking";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a 200 answer.</summary>
    public static DhlParseResult Parse(string trackingNumber, string? body)
    {
        ArgumentNullException.ThrowIfNull(trackingNumber);
        if (string.IsNullOrWhiteSpace(body))
        {
            return new(HttpErrors.Malformed(What, "the answer has no body"));
        }

        DhlShipmentsResponse? document;
        try
        {
            document = JsonSerializer.Deserialize<DhlShipmentsResponse>(body, Json);
        }
        catch (JsonException ex)
        {
            return new(HttpErrors.Malformed(What, $"the answer is not the JSON we expect (at {ex.Path ?? "the start"}, line {ex.LineNumber})"));
        }

        if (document?.Shipments is not { } listed)
        {
            return new(HttpErrors.Malformed(What, "the answer has no shipments array"));
        }

        var shipments = listed.OfType<DhlShipment>().ToList();
        if (shipments.Count == 0)
        {
            return new(new ConnectorError(ConnectorErrorKind.NotFound, $"{What}: DHL returned no shipment for the number"));
        }

        var shipment = Choose(trackingNumber, shipments);
        var (snapshot, skipped) = ToSnapshot(trackingNumber, shipment);
        return new(snapshot) { ShipmentCount = shipments.Count, SkippedEvents = skipped, ChosenService = shipment.Service };
    }

    /// <summary>True when a 404 body is DHL's problem document (title/status), as opposed to a 404 from a wrong URL.</summary>
    public static bool TryReadProblem(string? body, out DhlProblem? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }

        try
        {
            problem = JsonSerializer.Deserialize<DhlProblem>(body, Json);
        }
        catch (JsonException)
        {
            return false;
        }

        return problem is { Status: not null } or { Title: not null };
    }

    // Without the service hint one number can match shipments of several DHL divisions, or an old shipment that
    // reused the number. Prefer the ones whose id is the number asked for, then the one with the newest status: that
    // is the parcel moving now. Comparing a wall-clock time with an instant as if both were UTC is only a tie-break
    // between candidates here; no reported time is changed by it.
    private static DhlShipment Choose(string trackingNumber, List<DhlShipment> shipments)
    {
        var exact = shipments.Where(s => string.Equals(s.Id?.Trim(), trackingNumber.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        var candidates = exact.Count > 0 ? exact : shipments;
        return candidates
            .Select((shipment, index) => (shipment, index, at: DhlTime.TryParse(shipment.Status?.Timestamp, out var at) ? at.Instant?.UtcDateTime ?? at.WallClock : DateTime.MinValue))
            .OrderByDescending(c => c.at)
            .ThenBy(c => c.index)
            .First().shipment;
    }

    private static (TrackingSnapshot Snapshot, int SkippedEvents) ToSnapshot(string trackingNumber, DhlShipment shipment)
    {
        var events = new List<TrackingEvent>();
        var skipped = 0;
        foreach (var item in shipment.Events ?? [])
        {
            // An event without a readable time cannot be placed on the timeline; dropping it (and logging the count)
            // keeps the rest of the parcel's history usable.
            if (item is null || !DhlTime.TryParse(item.Timestamp, out var at))
            {
                skipped++;
                continue;
            }

            var (status, reason) = DhlStatusMap.Map(item);
            events.Add(new TrackingEvent(at, status, reason, item.StatusCode, Describe(item), Location(item)));
        }

        var (currentStatus, currentReason) = shipment.Status is { } current ? DhlStatusMap.Map(current) : (TrackingStatus.Unknown, null);
        var snapshot = new TrackingSnapshot
        {
            Carrier = CarrierCode.Dhl,
            TrackingNumber = trackingNumber,
            Status = currentStatus,
            Reason = currentReason,
            Events = events,
            EstimatedDelivery = Estimate(shipment),
            // DHL has no guaranteed-time field; time-definite Express products show only in the product name.
            CommitmentTime = null,
            CarrierReportsDelay = DhlStatusMap.ReportsDelay(shipment.Status),
            ReportedService = Text(shipment.Details?.Product?.ProductName) ?? Text(shipment.Service),
            DeliveredAt = currentStatus == TrackingStatus.Delivered ? DeliveredAt(shipment, events) : null,
        };
        return (snapshot, skipped);
    }

    // Only for a shipment DHL calls delivered: its own spec example carries a proof of delivery on a pre-transit
    // shipment, and a DeliveredAt closes the case in the domain.
    private static CarrierTimestamp? DeliveredAt(DhlShipment shipment, List<TrackingEvent> events)
    {
        if (DhlTime.TryParse(shipment.Details?.ProofOfDelivery?.Timestamp, out var proof))
        {
            return proof;
        }

        // With delivery scans in the list the domain takes the first of them; without any, the status's own time.
        return events.Any(e => e.Status == TrackingStatus.Delivered) || !DhlTime.TryParse(shipment.Status?.Timestamp, out var at) ? null : at;
    }

    private static DeliveryEstimate? Estimate(DhlShipment shipment)
    {
        if (DhlTime.TryParse(shipment.EstimatedDeliveryTimeFrame?.EstimatedThrough, out var through))
        {
            return DeliveryEstimate.Window(DhlTime.TryParse(shipment.EstimatedDeliveryTimeFrame?.EstimatedFrom, out var from) ? from : null, through);
        }

        var eta = shipment.EstimatedTimeOfDelivery;
        if (DhlTime.TryParseDay(eta, out var day))
        {
            return DeliveryEstimate.OnDay(day);
        }

        if (!DhlTime.TryParse(eta, out var at))
        {
            return null;
        }

        // DHL prints a day-only estimate as midnight ("2018-08-03T00:00:00Z", "By End of Day"). Read as a window
        // ending at 00:00 it would claim delivery before the day even starts.
        return at.WallClock.TimeOfDay == TimeSpan.Zero
            ? DeliveryEstimate.OnDay(DateOnly.FromDateTime(at.WallClock))
            : DeliveryEstimate.Window(null, at);
    }

    private static string Describe(DhlShipmentEvent e) => Text(e.Description) ?? Text(e.Status) ?? Text(e.StatusCode) ?? "";

    private static string? Location(DhlShipmentEvent e)
    {
        var parts = new[] { Text(e.Location?.Address?.AddressLocality), Text(e.Location?.Address?.CountryCode) }.OfType<string>().ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A parsed answer, plus what the tracker logs about it.</summary>
internal sealed record DhlParseResult(ConnectorResult<TrackingSnapshot> Result)
{
    public int ShipmentCount { get; init; }

    public int SkippedEvents { get; init; }

    public string? ChosenService { get; init; }
}
