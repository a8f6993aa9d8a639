using System.Text.Json;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Dhl;

namespace RecoveryWorker.Connectors.Tests.Carriers.Dhl;

/// <summary>
/// DHL has no published code table beyond the spec's statusCode enum; that enum and karrio's dhl_universal table are
/// the vocabularies every code of which must have a deliberate decision.
/// </summary>
public sealed class DhlStatusCodeTableTests
{
    // Where we part from karrio on purpose (DhlStatusMap says why for each).
    private static readonly Dictionary<string, TrackingStatus> DeliberateDifferences = new(StringComparer.Ordinal)
    {
        ["unknown"] = TrackingStatus.Unknown,   // karrio: delivery_delayed
    };

    [Fact]
    public void Codes_EveryStatusCodeOfTheSpec_HasADecision()
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(DhlPayloads.Spec));
        var codes = spec.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("supermodelIoLogisticsTrackingShipmentEvent")
            .GetProperty("properties").GetProperty("statusCode").GetProperty("enum").EnumerateArray().Select(c => c.GetString()!).ToList();

        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.True(DhlStatusMap.Codes.ContainsKey(code), $"DHL statusCode '{code}' has no decision in DhlStatusMap"));
        Assert.All(DhlStatusMap.Codes.Keys, code => Assert.Contains(code, codes));
    }

    [Fact]
    public void Codes_EveryCodeKarrioMaps_HasADecisionMatchingKarrioOrADeliberateDifference()
    {
        using var mapping = JsonDocument.Parse(File.ReadAllText(DhlPayloads.Conformance("karrio", "dhl_universal", "status_mapping.json")));
        var karrio = mapping.RootElement.GetProperty("TrackingStatus").EnumerateObject()
            .SelectMany(status => status.Value.EnumerateArray().Select(code => (Code: code.GetString()!, Karrio: status.Name)))
            .ToList();

        Assert.NotEmpty(karrio);
        foreach (var (code, karrioStatus) in karrio)
        {
            Assert.True(DhlStatusMap.Codes.TryGetValue(code, out var ours), $"karrio maps '{code}'; DhlStatusMap has no decision for it");
            var expected = DeliberateDifferences.TryGetValue(code, out var different) ? different : karrioStatus switch
            {
                "delivered" => TrackingStatus.Delivered,
                "in_transit" => TrackingStatus.InTransit,
                "delivery_failed" => TrackingStatus.Exception,
                _ => throw new InvalidOperationException($"karrio status '{karrioStatus}' for '{code}' needs a decision in this test"),
            };
            Assert.Equal(expected, ours);
        }
    }
}
