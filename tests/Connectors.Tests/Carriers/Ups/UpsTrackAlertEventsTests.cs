using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Ups;
using YamlDotNet.Serialization;

namespace RecoveryWorker.Connectors.Tests.Carriers.Ups;

/// <summary>Track Alert deliveries (the spec's <c>webhooks: TrackingEvent</c>): the official examples, and bodies that break its schema.</summary>
public sealed class UpsTrackAlertEventsTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    private static readonly string[] ActivityTimeFields = ["gmtActivityDate", "gmtActivityTime", "localActivityDate", "localActivityTime"];

    [Theory]
    [InlineData("1", "track-alert-out-for-delivery.json")]
    [InlineData("2", "track-alert-delivered.json")]
    public void PayloadFiles_AreTheSpecsOwnExamples(string example, string file)
    {
        var fromSpec = Spec()["webhooks"]!["TrackingEvent"]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]![example]!["value"]!;

        var payload = JsonNode.Parse(UpsPayloads.Read(file))!;

        Assert.True(JsonNode.DeepEquals(fromSpec, payload), $"{file} differs from the spec's example {example}:\n{fromSpec.ToJsonString()}");
    }

    [Fact]
    public void Read_OutForDeliveryExample_IsOutForDeliveryAtTheGmtInstantWithTheScheduledDay()
    {
        var scan = Read(UpsPayloads.Read("track-alert-out-for-delivery.json"));

        Assert.Equal(CarrierCode.Ups, scan.Carrier);
        Assert.Equal("1Z204W4R0308071865", scan.TrackingNumber);
        Assert.Equal(TrackingStatus.OutForDelivery, scan.Event.Status);
        Assert.Equal(new DateTimeOffset(2024, 4, 23, 13, 15, 19, TimeSpan.Zero), scan.Event.At.Instant);
        Assert.Equal("OT", scan.Event.CarrierCode);
        Assert.Equal("Out for Delivery", scan.Event.Description);
        Assert.Equal("Charlotte, NC, US", scan.Event.Location);
        Assert.Equal(new DateOnly(2024, 4, 23), scan.EstimatedDelivery);
    }

    [Fact]
    public void Read_DeliveredExample_IsDeliveredAndThePlaceLeavesOutThePostalCode()
    {
        var scan = Read(UpsPayloads.Read("track-alert-delivered.json"));

        Assert.Equal(TrackingStatus.Delivered, scan.Event.Status);
        Assert.Equal(new DateTimeOffset(2024, 4, 23, 13, 50, 4, TimeSpan.Zero), scan.Event.At.Instant);
        Assert.Equal("CHARLOTTE, NC, US", scan.Event.Location);
        Assert.DoesNotContain("28209", scan.Event.Location!, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DescriptionCodeAsANumber_AsTheYamlExampleReadsIt_StillDecides()
    {
        var body = Mutate(UpsPayloads.Read("track-alert-delivered.json"), b => b["activityStatus"]!["descriptionCode"] = 11);

        Assert.Equal(TrackingStatus.Delivered, Read(body).Event.Status);
    }

    [Fact]
    public void Read_ExceptionScan_IsAnExceptionWithTheReasonFromItsText()
    {
        var body = Mutate(UpsPayloads.Read("track-alert-out-for-delivery.json"), b => b["activityStatus"] = new JsonObject
        {
            ["type"] = "X",
            ["code"] = "U2",
            ["description"] = "The package was damaged in transit. We'll contact the sender.",
        });

        var scan = Read(body);

        Assert.Equal(TrackingStatus.Exception, scan.Event.Status);
        Assert.Equal(ExceptionReason.Damaged, scan.Event.Reason);
    }

    [Fact]
    public void Read_UpdateScan_SaysNothingOfTheStateButCarriesTheNewDay()
    {
        var body = Mutate(UpsPayloads.Read("track-alert-out-for-delivery.json"), b =>
        {
            b["activityStatus"] = new JsonObject { ["type"] = "U", ["code"] = "SD", ["description"] = "Updated delivery date" };
            b["scheduledDeliveryDate"] = "20240425";
        });

        var scan = Read(body);

        Assert.Equal(TrackingStatus.Unknown, scan.Event.Status);
        Assert.Equal(new DateOnly(2024, 4, 25), scan.EstimatedDelivery);
    }

    [Fact]
    public void Read_LocalTimeWithGmtOffsetOnly_IsThatInstant()
    {
        var body = Mutate(UpsPayloads.Read("track-alert-out-for-delivery.json"), b =>
        {
            b.AsObject().Remove("gmtActivityDate");
            b.AsObject().Remove("gmtActivityTime");
            b["gmtOffset"] = "-04.00";
        });

        Assert.Equal(new DateTimeOffset(2024, 4, 23, 9, 15, 19, TimeSpan.FromHours(-4)), Read(body).Event.At.Instant);
    }

    [Fact]
    public void Read_NoActivityTimeAtAll_IsDatedWhenReceived()
    {
        var body = Mutate(UpsPayloads.Read("track-alert-out-for-delivery.json"), b =>
        {
            foreach (var name in ActivityTimeFields)
            {
                b.AsObject().Remove(name);
            }
        });

        Assert.Equal(ReceivedAt, Read(body).Event.At.Instant);
    }

    [Fact]
    public void Read_OnlyTheRequiredFields_IsEnough()
    {
        var scan = Read("""{"trackingNumber":"1R12345678912345","activityStatus":{"type":"I","code":"AR"}}""");

        Assert.Equal(TrackingStatus.InTransit, scan.Event.Status);
    }

    [Fact]
    public void Read_BlankFieldsTheSpecSaysAreBlankUntilDelivery_AreAccepted()
    {
        var body = Mutate(UpsPayloads.Read("track-alert-out-for-delivery.json"), b =>
        {
            b["activityLocation"]!["postalCode"] = "";
            b["actualDeliveryDate"] = "";
            b["actualDeliveryTime"] = "";
        });

        Assert.Equal(TrackingStatus.OutForDelivery, Read(body).Event.Status);
    }

    [Theory]
    [InlineData("30004")]
    [InlineData("30004-4616")]   // the spec's example, longer than its maxLength 9: accepted
    public void Read_PostalCodesOfTheSpecsExamples_AreAccepted(string postalCode)
    {
        var body = Mutate(UpsPayloads.Read("track-alert-delivered.json"), b => b["activityLocation"]!["postalCode"] = postalCode);

        Assert.Equal(TrackingStatus.Delivered, Read(body).Event.Status);
    }

    [Theory]
    [InlineData("trackingNumber", null, "trackingNumber")]
    [InlineData("trackingNumber", "\"1Z1234567$8\"", "trackingNumber")]
    [InlineData("trackingNumber", "12345", "trackingNumber")]
    [InlineData("activityStatus", null, "activityStatus")]
    [InlineData("activityStatus", "\"delivered\"", "activityStatus")]
    [InlineData("activityStatus.type", "\"Z\"", "activityStatus.type")]
    [InlineData("activityStatus.code", "7", "activityStatus.code")]
    [InlineData("gmtActivityDate", "\"2024-04-23\"", "gmtActivityDate")]
    [InlineData("gmtActivityDate", "\"20241341\"", "gmtActivityDate")]
    [InlineData("localActivityTime", "\"9:15\"", "localActivityTime")]
    [InlineData("localActivityTime", "\"241519\"", "localActivityTime")]
    [InlineData("scheduledDeliveryDate", "20240423", "scheduledDeliveryDate")]
    [InlineData("gmtOffset", "\"-4\"", "gmtOffset")]
    [InlineData("activityLocation", "\"Charlotte\"", "activityLocation")]
    [InlineData("activityLocation.stateProvince", "\"North Carolina\"", "activityLocation.stateProvince")]
    [InlineData("activityLocation.postalCode", "\"ABCDE\"", "activityLocation.postalCode")]
    [InlineData("activityLocation.country", "\"USA\"", "activityLocation.country")]
    [InlineData("alternateTrackingNumber", "\"X1\"", "alternateTrackingNumber")]
    [InlineData("receivedBy", "null", "receivedBy")]
    public void Read_BodyBreakingTheSchema_IsRefusedNamingTheField(string path, string? json, string field)
    {
        var body = Mutate(UpsPayloads.Read("track-alert-delivered.json"), b =>
        {
            var parts = path.Split('.');
            var parent = parts.Length == 1 ? b.AsObject() : b[parts[0]]!.AsObject();
            if (json is null)
            {
                parent.Remove(parts[^1]);
            }
            else
            {
                parent[parts[^1]] = JsonNode.Parse(json);
            }
        });
        var errors = new Dictionary<string, string[]>();

        var scan = UpsTrackAlertEvents.Read(JsonDocument.Parse(body).RootElement, ReceivedAt, errors);

        Assert.Null(scan);
        Assert.True(errors.ContainsKey(field), $"no error for {field}: {string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(", ", e.Value)))}");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"1Z204W4R0308071865\"")]
    public void Read_BodyThatIsNoObject_IsRefused(string body)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null(UpsTrackAlertEvents.Read(JsonDocument.Parse(body).RootElement, ReceivedAt, errors));
        Assert.Contains("body", errors.Keys);
    }

    [Fact]
    public void Read_PropertiesTheSchemaDoesNotList_AreIgnored()
    {
        var body = Mutate(UpsPayloads.Read("track-alert-delivered.json"), b => b["somethingNew"] = new JsonObject { ["x"] = 1 });

        Assert.Equal(TrackingStatus.Delivered, Read(body).Event.Status);
    }

    private static CarrierScan Read(string json)
    {
        var errors = new Dictionary<string, string[]>();
        var scan = UpsTrackAlertEvents.Read(JsonDocument.Parse(json).RootElement, ReceivedAt, errors);
        Assert.True(scan is not null, "refused: " + string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(", ", e.Value))));
        return scan;
    }

    private static string Mutate(string json, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(json)!;
        change(node);
        return node.ToJsonString();
    }

    /// <summary>The Track Alert spec as JSON (trailing whitespace stripped, as YamlDotNet needs; no value changes).</summary>
    internal static JsonNode Spec()
    {
        var yaml = Regex.Replace(File.ReadAllText(UpsPayloads.Conformance("specs", "carrier-ups-track-alert-openapi.yaml")), @"[ \t\r]+$", "", RegexOptions.Multiline);
        var graph = new DeserializerBuilder().Build().Deserialize<object>(yaml);
        return JsonNode.Parse(new SerializerBuilder().JsonCompatible().Build().Serialize(graph))!;
    }
}
