using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecoveryWorker.Connectors.Carriers.Dhl;

// Shaped like DHL Shipment Tracking - Unified 1.3.1 (GET /track/shipments). Only what the mapping reads is modelled,
// so a field we ignore can never make an answer unreadable. Times stay text: DHL sends them with and without
// offsets and with up to nine fractional digits, which DhlTime reads.

internal sealed record DhlShipmentsResponse
{
    public IReadOnlyList<DhlShipment?>? Shipments { get; init; }
}

internal sealed record DhlShipment
{
    /// <summary>A string in the spec, a number in its own example.</summary>
    [JsonConverter(typeof(DhlStringOrNumberConverter))]
    public string? Id { get; init; }

    /// <summary>The DHL division that answered: express, parcel-de, ecommerce, ...</summary>
    public string? Service { get; init; }

    public DhlShipmentEvent? Status { get; init; }

    public string? EstimatedTimeOfDelivery { get; init; }

    public DhlTimeFrame? EstimatedDeliveryTimeFrame { get; init; }

    /// <summary>Wording such as "By End of Day".</summary>
    public string? EstimatedTimeOfDeliveryRemark { get; init; }

    public DhlShipmentDetails? Details { get; init; }

    /// <summary>Newest first, as DHL sends them.</summary>
    public IReadOnlyList<DhlShipmentEvent?>? Events { get; init; }
}

internal sealed record DhlShipmentEvent
{
    public string? Timestamp { get; init; }

    public DhlPlace? Location { get; init; }

    /// <summary>pre-transit, transit, delivered, failure or unknown.</summary>
    public string? StatusCode { get; init; }

    /// <summary>A short heading ("DELIVERED").</summary>
    public string? Status { get; init; }

    public string? Description { get; init; }

    public string? Remark { get; init; }

    public string? NextSteps { get; init; }
}

internal sealed record DhlPlace
{
    public DhlAddress? Address { get; init; }
}

internal sealed record DhlAddress
{
    public string? CountryCode { get; init; }

    public string? AddressLocality { get; init; }
}

internal sealed record DhlTimeFrame
{
    public string? EstimatedFrom { get; init; }

    public string? EstimatedThrough { get; init; }
}

internal sealed record DhlShipmentDetails
{
    public DhlProduct? Product { get; init; }

    public DhlProofOfDelivery? ProofOfDelivery { get; init; }
}

internal sealed record DhlProduct
{
    public string? ProductName { get; init; }
}

internal sealed record DhlProofOfDelivery
{
    public string? Timestamp { get; init; }
}

/// <summary>application/problem+json, as DHL answers 4xx: title, detail, status, instance.</summary>
internal sealed record DhlProblem
{
    public string? Title { get; init; }

    public string? Detail { get; init; }

    public int? Status { get; init; }
}

/// <summary>Reads a JSON string or number as text.</summary>
internal sealed class DhlStringOrNumberConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var whole)
            ? whole.ToString(CultureInfo.InvariantCulture)
            : reader.GetDecimal().ToString(CultureInfo.InvariantCulture),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected a string or a number, got {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
