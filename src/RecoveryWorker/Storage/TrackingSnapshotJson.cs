using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Storage;

/// <summary>
/// Stores a <see cref="TrackingSnapshot"/> as JSON and reads it back. Carrier times are kept as the carrier gave
/// them: ISO-8601 with the offset when there was one, without it when there was not.
/// </summary>
internal static class TrackingSnapshotJson
{
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(TrackingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var dto = new SnapshotDto(
            snapshot.Carrier,
            snapshot.TrackingNumber,
            snapshot.Status,
            snapshot.Reason,
            [.. snapshot.Events.Select(e => new EventDto(e.At.ToString(), e.Status, e.Reason, e.CarrierCode, e.Description, e.Location))],
            snapshot.EstimatedDelivery is { } estimate
                ? new EstimateDto(estimate.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), estimate.WindowStart?.ToString(), estimate.WindowEnd?.ToString())
                : null,
            snapshot.CommitmentTime?.ToString(),
            snapshot.CarrierReportsDelay,
            snapshot.ReportedService,
            snapshot.DeliveredAt?.ToString());
        return JsonSerializer.Serialize(dto, Options);
    }

    public static TrackingSnapshot Deserialize(string json)
    {
        var dto = JsonSerializer.Deserialize<SnapshotDto>(json, Options) ?? throw new JsonException("Empty tracking snapshot.");
        return new TrackingSnapshot
        {
            Carrier = dto.Carrier,
            TrackingNumber = dto.TrackingNumber,
            Status = dto.Status,
            Reason = dto.Reason,
            Events = [.. dto.Events.Select(e => new TrackingEvent(Time(e.At), e.Status, e.Reason, e.Code, e.Description, e.Location))],
            EstimatedDelivery = dto.Estimate switch
            {
                { Date: { } day } => DeliveryEstimate.OnDay(DateOnly.Parse(day, CultureInfo.InvariantCulture)),
                { WindowEnd: { } end } window => DeliveryEstimate.Window(window.WindowStart is { } start ? Time(start) : null, Time(end)),
                _ => null,
            },
            CommitmentTime = dto.Commitment is { } commitment ? Time(commitment) : null,
            CarrierReportsDelay = dto.CarrierReportsDelay,
            ReportedService = dto.ReportedService,
            DeliveredAt = dto.DeliveredAt is { } delivered ? Time(delivered) : null,
        };
    }

    private static CarrierTimestamp Time(string text) =>
        CarrierTimestamp.TryParse(text, out var timestamp) ? timestamp : throw new JsonException($"Stored carrier time '{text}' does not parse.");

    private sealed record SnapshotDto(
        CarrierCode Carrier,
        string TrackingNumber,
        TrackingStatus Status,
        ExceptionReason? Reason,
        List<EventDto> Events,
        EstimateDto? Estimate,
        string? Commitment,
        bool CarrierReportsDelay,
        string? ReportedService,
        string? DeliveredAt);

    private sealed record EventDto(string At, TrackingStatus Status, ExceptionReason? Reason, string? Code, string Description, string? Location);

    private sealed record EstimateDto(string? Date, string? WindowStart, string? WindowEnd);
}
