using System.Text.Json;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Fedex;

namespace RecoveryWorker.Connectors.Tests.Carriers.Fedex;

public sealed class FedexStatusMapTests
{
    public static TheoryData<string, string> TableCodes()
    {
        using var document = JsonDocument.Parse(FedexStubs.Conformance("carrier-codes", "fedex-tracking-status-codes.json"));
        var data = new TheoryData<string, string>();
        foreach (var section in document.RootElement.GetProperty("sections").EnumerateObject())
        {
            foreach (var row in section.Value.EnumerateArray())
            {
                data.Add(section.Name, row.GetProperty("code").GetString()!);
            }
        }

        return data;
    }

    [Fact]
    public void TableCodes_CoverTheThreeSectionsOfFedexTable()
    {
        var rows = TableCodes().Cast<object[]>().ToList();

        Assert.Equal(["Movement", "Possession", "Regulatory"], rows.Select(row => (string)row[0]).Distinct().Order(StringComparer.Ordinal));
        Assert.True(rows.Count >= 60, $"only {rows.Count} codes read");
    }

    [Theory]
    [MemberData(nameof(TableCodes))]
    public void Codes_EveryCodeOfFedexTable_HasADecision(string section, string code)
    {
        if (section == "Possession")
        {
            // Who holds the parcel, not where it stands: deliberately not a status.
            Assert.True(FedexStatusMap.PossessionCodes.Contains(code), $"Possession code {code} has no decision");
        }
        else
        {
            Assert.True(FedexStatusMap.TryGet(code, out _), $"{section} code {code} has no decision in FedexStatusMap");
        }
    }

    [Theory]
    [InlineData("OC", TrackingStatus.LabelCreated, null)]
    [InlineData("PU", TrackingStatus.PickedUp, null)]
    [InlineData("IT", TrackingStatus.InTransit, null)]
    [InlineData("Ow", TrackingStatus.InTransit, null)]
    [InlineData("OW", TrackingStatus.InTransit, null)]
    [InlineData("OD", TrackingStatus.OutForDelivery, null)]
    [InlineData("DL", TrackingStatus.Delivered, null)]
    [InlineData("DE", TrackingStatus.Exception, ExceptionReason.FailedAttempt)]
    [InlineData("SE", TrackingStatus.Exception, ExceptionReason.Other)]
    [InlineData("DD", TrackingStatus.Exception, ExceptionReason.Delayed)]
    [InlineData("DY", TrackingStatus.Exception, ExceptionReason.Delayed)]
    [InlineData("CD", TrackingStatus.Exception, ExceptionReason.CustomsHold)]
    [InlineData("HL", TrackingStatus.AvailableForPickup, null)]
    [InlineData("HP", TrackingStatus.AvailableForPickup, null)]
    [InlineData("RS", TrackingStatus.ReturnedToSender, null)]
    [InlineData("CA", TrackingStatus.Cancelled, null)]
    [InlineData("RL", TrackingStatus.InTransit, ExceptionReason.Delayed)]
    public void Codes_KeyCode_MapsAsDocumented(string code, TrackingStatus status, ExceptionReason? reason)
    {
        Assert.True(FedexStatusMap.TryGet(code, out var decision));
        Assert.Equal(new FedexStatusDecision(status, reason), decision);
    }

    [Fact]
    public void Codes_EveryCodeKarrioMaps_HasACompatibleDecision()
    {
        using var document = JsonDocument.Parse(FedexStubs.Conformance("karrio", "fedex", "status_mapping.json"));
        var compatible = new Dictionary<string, TrackingStatus[]>(StringComparer.Ordinal)
        {
            // Judgment calls, see FedexStatusMap: AP (courier at the door) is not yet a pickup.
            ["pending"] = [TrackingStatus.LabelCreated, TrackingStatus.InTransit],
            ["picked_up"] = [TrackingStatus.PickedUp, TrackingStatus.LabelCreated],
            ["in_transit"] = [TrackingStatus.InTransit],
            ["out_for_delivery"] = [TrackingStatus.OutForDelivery],
            ["delivered"] = [TrackingStatus.Delivered],
            ["on_hold"] = [TrackingStatus.Exception],
            ["delivery_failed"] = [TrackingStatus.Exception],
            ["cancelled"] = [TrackingStatus.Cancelled],
            ["ready_for_pickup"] = [TrackingStatus.AvailableForPickup],
            ["delivery_delayed"] = [TrackingStatus.Exception],
            ["return_to_sender"] = [TrackingStatus.ReturnedToSender],
            ["unknown"] = [TrackingStatus.Unknown],
        };

        foreach (var (karrioStatus, codes) in document.RootElement.GetProperty("TrackingStatus").EnumerateObject().Select(p => (p.Name, p.Value)))
        {
            foreach (var code in codes.EnumerateArray().Select(c => c.GetString()!))
            {
                Assert.True(FedexStatusMap.TryGet(code, out var decision), $"karrio maps {code}; we have no decision");
                Assert.Contains(decision.Status, compatible[karrioStatus]);
            }
        }
    }

    [Fact]
    public void RefineReason_NotAnException_KeepsTheTableReason()
    {
        Assert.Equal(ExceptionReason.Delayed, FedexStatusMap.RefineReason(new FedexStatusDecision(TrackingStatus.InTransit, ExceptionReason.Delayed), "Incorrect address"));
        Assert.Null(FedexStatusMap.RefineReason(new FedexStatusDecision(TrackingStatus.InTransit), "Package damaged"));
    }
}
