using System.Text.Json;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Storage;

/// <summary>Stores a breach's evidence on its case, so the API and later messages can state the facts.</summary>
internal static class EvidenceJson
{
    public static string Serialize(BreachEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var dto = new EvidenceDto(
            evidence.Deadline,
            evidence.Event is { } scan ? new ScanDto(scan.Instant, scan.Event.At.ToString(), scan.Event.Status, scan.Event.Reason, scan.Event.CarrierCode, scan.Event.Description, scan.Event.Location) : null,
            evidence.Lateness,
            evidence.DeliveredAt,
            evidence.EstimatedBy,
            evidence.EstimatedDay,
            evidence.CarrierReportedDelay,
            evidence.BusinessTimeWaiting,
            evidence.Status,
            evidence.Reason,
            evidence.PromisedService,
            evidence.ReportedService);
        return JsonSerializer.Serialize(dto, TrackingSnapshotJson.Options);
    }

    public static BreachEvidence Deserialize(string json)
    {
        var dto = JsonSerializer.Deserialize<EvidenceDto>(json, TrackingSnapshotJson.Options) ?? throw new JsonException("Empty evidence.");
        return new BreachEvidence
        {
            Deadline = dto.Deadline,
            Event = dto.Scan is { } scan
                ? new TimelineEvent(scan.Instant, new TrackingEvent(CarrierTimestamp.TryParse(scan.At, out var at) ? at : CarrierTimestamp.FromInstant(scan.Instant), scan.Status, scan.Reason, scan.Code, scan.Description, scan.Location))
                : null,
            Lateness = dto.Lateness,
            DeliveredAt = dto.DeliveredAt,
            EstimatedBy = dto.EstimatedBy,
            EstimatedDay = dto.EstimatedDay,
            CarrierReportedDelay = dto.CarrierReportedDelay,
            BusinessTimeWaiting = dto.BusinessTimeWaiting,
            Status = dto.Status,
            Reason = dto.Reason,
            PromisedService = dto.PromisedService,
            ReportedService = dto.ReportedService,
        };
    }

    private sealed record EvidenceDto(
        DateTimeOffset Deadline,
        ScanDto? Scan,
        TimeSpan? Lateness,
        DateTimeOffset? DeliveredAt,
        DateTimeOffset? EstimatedBy,
        DateOnly? EstimatedDay,
        bool CarrierReportedDelay,
        TimeSpan? BusinessTimeWaiting,
        TrackingStatus? Status,
        ExceptionReason? Reason,
        string? PromisedService,
        string? ReportedService);

    private sealed record ScanDto(DateTimeOffset Instant, string At, TrackingStatus Status, ExceptionReason? Reason, string? Code, string Description, string? Location);
}
