using System.Text.Json;
using System.Text.Json.Serialization;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Tests.Domain.Scenarios;

/// <summary>
/// One hand-written detection scenario from a JSON file in this folder. Times are ISO-8601 text as a carrier would
/// send them (an event "at" without an offset is a wall-clock time), statuses are <see cref="TrackingStatus"/> names.
/// </summary>
public sealed class Scenario
{
    public string Name { get; set; } = "";
    public string Now { get; set; } = "";
    public string Carrier { get; set; } = "ups";
    public string? PreviousCaseAt { get; set; }
    public ScenarioPromise Promise { get; set; } = new();
    public ScenarioTracking Tracking { get; set; } = new();
    public List<ScenarioBreach> Expected { get; set; } = [];

    public override string ToString() => Name;

    internal DeliveryPromise ToPromise() => new()
    {
        PromisedBy = DateTimeOffset.Parse(Promise.PromisedBy, System.Globalization.CultureInfo.InvariantCulture),
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(Promise.TimeZone),
        ServiceCode = Promise.Service,
        Guaranteed = Promise.Guaranteed,
        ShippedAt = DateTimeOffset.Parse(Promise.ShippedAt, System.Globalization.CultureInfo.InvariantCulture),
        Customer = new Customer("cust-1", "customer@example.com", "Sam Customer", "en"),
        Order = new OrderTotals(100m, 10m, "USD"),
    };

    internal TrackingSnapshot ToSnapshot()
    {
        Assert.True(CarrierCodes.TryParse(Carrier, out var carrier), $"{Name}: unknown carrier {Carrier}");
        return new TrackingSnapshot
        {
            Carrier = carrier,
            TrackingNumber = "T-" + Name.GetHashCode(StringComparison.Ordinal),
            Status = Tracking.Status,
            Reason = Tracking.Reason,
            ReportedService = Tracking.Service,
            CarrierReportsDelay = Tracking.CarrierReportsDelay,
            DeliveredAt = Time(Tracking.DeliveredAt),
            CommitmentTime = Time(Tracking.Commitment),
            EstimatedDelivery = Tracking.EstimatedDelivery switch
            {
                null => null,
                { Date: { } day } => DeliveryEstimate.OnDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)),
                { WindowEnd: { } end } estimate => DeliveryEstimate.Window(Time(estimate.WindowStart), Time(end)!.Value),
                _ => throw new InvalidOperationException($"{Name}: estimatedDelivery needs a date or a windowEnd"),
            },
            Events = [.. Tracking.Events.Select(e => new TrackingEvent(Time(e.At)!.Value, e.Status, e.Reason, e.Code, e.Description ?? e.Status.ToString(), e.Location))],
        };
    }

    internal DateTimeOffset NowInstant => DateTimeOffset.Parse(Now, System.Globalization.CultureInfo.InvariantCulture);

    internal DateTimeOffset? PreviousCase => PreviousCaseAt is null ? null : DateTimeOffset.Parse(PreviousCaseAt, System.Globalization.CultureInfo.InvariantCulture);

    private CarrierTimestamp? Time(string? text)
    {
        if (text is null)
        {
            return null;
        }

        Assert.True(CarrierTimestamp.TryParse(text, out var timestamp), $"{Name}: cannot parse time '{text}'");
        return timestamp;
    }
}

public sealed class ScenarioPromise
{
    public string PromisedBy { get; set; } = "";
    public string TimeZone { get; set; } = "America/New_York";
    public string Service { get; set; } = "ground";
    public bool Guaranteed { get; set; }
    public string ShippedAt { get; set; } = "";
}

public sealed class ScenarioTracking
{
    public TrackingStatus Status { get; set; } = TrackingStatus.Unknown;
    public ExceptionReason? Reason { get; set; }
    public string? Service { get; set; }
    public bool CarrierReportsDelay { get; set; }
    public string? DeliveredAt { get; set; }
    public string? Commitment { get; set; }
    public ScenarioEstimate? EstimatedDelivery { get; set; }
    public List<ScenarioEvent> Events { get; set; } = [];
}

public sealed class ScenarioEstimate
{
    public string? Date { get; set; }
    public string? WindowStart { get; set; }
    public string? WindowEnd { get; set; }
}

public sealed class ScenarioEvent
{
    public string At { get; set; } = "";
    public TrackingStatus Status { get; set; }
    public ExceptionReason? Reason { get; set; }
    public string? Code { get; set; }
    public string? Description { get; set; }
    public string? Location { get; set; }
}

public sealed class ScenarioBreach
{
    public string Type { get; set; } = "";
    public string Severity { get; set; } = "";
    public bool? CarrierRefundEligible { get; set; }

    public override string ToString() => CarrierRefundEligible is { } eligible ? $"{Type}/{Severity}/refund={eligible}" : $"{Type}/{Severity}";
}

internal static class ScenarioFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Domain", "Scenarios");

    public static IEnumerable<(string File, Scenario Scenario)> All() =>
        Directory.EnumerateFiles(Folder, "*.scenarios.json")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => (JsonSerializer.Deserialize<List<Scenario>>(File.ReadAllText(file), Json) ?? [])
                .Select(s => (Path.GetFileName(file), s)));
}
