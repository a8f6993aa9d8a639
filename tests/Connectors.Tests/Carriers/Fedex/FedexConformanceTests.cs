using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Fedex;

namespace RecoveryWorker.Connectors.Tests.Carriers.Fedex;

/// <summary>
/// karrio's FedEx tracking fixtures (conformance/karrio/fedex) read by our parser and compared with karrio's expected
/// output: status, event count, per-event status where karrio gives one, delivered time, and the per-number errors.
/// karrio appends "Z" to FedEx's local time and drops the offset; our instants keep it, so delivered times are
/// compared on the wall clock and the offset is asserted to be FedEx's.
/// </summary>
public sealed class FedexConformanceTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Conformance", "karrio", "fedex");

    public static TheoryData<string> ExpectedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.expected.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Folder_HoldsTheTrackingFixtures()
    {
        var files = ExpectedFiles().Cast<object[]>().Select(row => (string)row[0]).ToList();

        Assert.Contains("tracking_response.expected.json", files);
        Assert.Contains("duplicate_tracking_response.expected.json", files);
        Assert.Contains("inconsistent_datetime_response.expected.json", files);
        Assert.Contains("error_response.expected.json", files);
    }

    [Theory]
    [MemberData(nameof(ExpectedFiles))]
    public void Read_KarrioFixture_AgreesWithKarrioExpectedOutput(string expectedFile)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, expectedFile)));
        var raw = File.ReadAllText(Path.Combine(Folder, expected.RootElement.GetProperty("input_file").GetString()!));
        var asked = AskedNumbers(raw);

        var results = FedexTrackingParser.Read(asked, Encoding.UTF8.GetBytes(raw), NullLogger.Instance);

        Assert.Equal(asked.Count, results.Count);
        foreach (var details in expected.RootElement.GetProperty("tracking_details").EnumerateArray())
        {
            var number = details.GetProperty("tracking_number").GetString()!;
            var result = results[number];
            Assert.True(result.IsSuccess, result.Error?.Message);
            var snapshot = result.Value!;

            Assert.Equal(KarrioVocabulary.Statuses[details.GetProperty("status").GetString()!], snapshot.Status);
            var events = details.GetProperty("events").EnumerateArray().ToList();
            Assert.Equal(events.Count, snapshot.Events.Count);
            for (var i = 0; i < events.Count; i++)
            {
                Assert.Equal(events[i].GetProperty("code").GetString(), snapshot.Events[i].CarrierCode);
                // karrio leaves informational scans (AO, AE) without a status; we call them in transit.
                if (events[i].TryGetProperty("status", out var status))
                {
                    Assert.Equal(KarrioVocabulary.Statuses[status.GetString()!], snapshot.Events[i].Status);
                }

                // Same local wall clock; karrio dropped the offset ("...T09:26:00.000Z"), we keep FedEx's where it gave one.
                Assert.Equal(KarrioWallClock(events[i]), snapshot.Events[i].At.WallClock);
            }

            if (details.GetProperty("delivered").GetBoolean())
            {
                var deliveredEvent = events.First(e => e.TryGetProperty("status", out var s) && s.GetString() == "delivered");
                Assert.NotNull(snapshot.DeliveredAt);
                Assert.Equal(KarrioWallClock(deliveredEvent), snapshot.DeliveredAt.Value.WallClock);
                Assert.NotNull(snapshot.DeliveredAt.Value.Offset);
            }
            else
            {
                Assert.Null(snapshot.DeliveredAt);
            }
        }

        foreach (var message in expected.RootElement.GetProperty("messages").EnumerateArray())
        {
            var code = message.GetProperty("code").GetString()!;
            var kind = code.EndsWith(".NOTFOUND", StringComparison.Ordinal) ? ConnectorErrorKind.NotFound : ConnectorErrorKind.Rejected;
            if (message.GetProperty("details").TryGetProperty("tracking_number", out var numberElement))
            {
                var number = numberElement.GetString()!;
                if (!results.TryGetValue(number, out var result))
                {
                    // karrio also reports the spec example's error that sits next to full tracking data, under the
                    // trackingNumberInfo number (128667043726) that was never asked; for the asked number the data wins.
                    Assert.Contains(expected.RootElement.GetProperty("tracking_details").EnumerateArray(), d => d.GetProperty("status").GetString() is not null);
                    continue;
                }

                Assert.Equal(kind, result.Error?.Kind);
                Assert.Contains(code, result.Error!.Message, StringComparison.Ordinal);
            }
            else
            {
                // A request-level error: every number of the call fails with it.
                Assert.All(results.Values, r => Assert.Equal(kind, r.Error?.Kind));
            }
        }
    }

    [Fact]
    public void Read_DuplicateNumber_PicksTheNewerShipmentAndKeepsItsOffsets()
    {
        var snapshot = ReadFixture("duplicate_tracking_response.json", "776094337676");

        // Two shipments reuse 776094337676: shipped 2024-04-24 (running late, held) and 2024-04-25 (delivered). The
        // newer one is ours, as karrio also decides.
        Assert.Equal(TrackingStatus.Delivered, snapshot.Status);
        Assert.Equal(new DateTimeOffset(2024, 4, 26, 9, 26, 0, TimeSpan.FromHours(-7)), snapshot.DeliveredAt?.Instant);
        Assert.Equal("FedEx Priority Overnight", snapshot.ReportedService);
        Assert.False(snapshot.CarrierReportsDelay);
        Assert.Equal(DeliveryEstimate.OnDay(new DateOnly(2024, 4, 26)), snapshot.EstimatedDelivery);
        Assert.Equal(2, snapshot.Events.Count(e => e is { Status: TrackingStatus.Exception, Reason: ExceptionReason.FailedAttempt }));
    }

    [Fact]
    public void Read_DuplicateNumberOlderShipmentAlone_IsRunningLate()
    {
        // The older shipment of the duplicate fixture on its own: code FD with derivedCode RL and delayDetail DELAYED.
        using var document = JsonDocument.Parse(FedexStubs.Conformance("karrio", "fedex", "duplicate_tracking_response.json"));
        var older = document.RootElement.GetProperty("output").GetProperty("completeTrackResults")[0].GetProperty("trackResults")[0].GetRawText();
        var json = $$"""{ "output": { "completeTrackResults": [ { "trackingNumber": "776094337676", "trackResults": [ {{older}} ] } ] } }""";

        var snapshot = FedexTrackingParser.Read(["776094337676"], Encoding.UTF8.GetBytes(json), NullLogger.Instance)["776094337676"].Value!;

        Assert.Equal(TrackingStatus.InTransit, snapshot.Status);
        Assert.True(snapshot.CarrierReportsDelay);
        Assert.Equal(ExceptionReason.Delayed, snapshot.Reason);
        // Priority Overnight's service standard: by 10:30 local on the next day.
        Assert.Equal(new DateTimeOffset(2024, 4, 25, 10, 30, 0, TimeSpan.FromHours(-7)), snapshot.EstimatedDelivery?.WindowEnd?.Instant);
        Assert.Contains(snapshot.Events, e => e is { CarrierCode: "DY", Status: TrackingStatus.Exception, Reason: ExceptionReason.Delayed });
        Assert.Contains(snapshot.Events, e => e is { CarrierCode: "HP", Status: TrackingStatus.AvailableForPickup });
    }

    [Fact]
    public void Read_InconsistentDatetimes_KeepsOffsetsAndLeavesTheOffsetlessScanAsWallClock()
    {
        var snapshot = ReadFixture("inconsistent_datetime_response.json", "738488882438");

        Assert.Equal(TrackingStatus.Delivered, snapshot.Status);
        Assert.Equal(new DateTimeOffset(2024, 8, 20, 12, 41, 57, TimeSpan.FromHours(-4)), snapshot.DeliveredAt?.Instant);
        // The pickup scan reads "2024-08-15T00:00:00" with no offset: kept as wall clock, never given a guessed zone.
        var pickup = Assert.Single(snapshot.Events, e => e.CarrierCode == "PU");
        Assert.Null(pickup.At.Offset);
        Assert.Equal(new DateTime(2024, 8, 15, 0, 0, 0), pickup.At.WallClock);
        // Scans in another zone keep theirs (Mankato, MN is UTC-5 in August).
        Assert.Equal(TimeSpan.FromHours(-5), snapshot.Events.First(e => e.Location == "MANKATO, MN, US" && e.CarrierCode == "AR").At.Offset);
        Assert.Equal("FedEx Ground", snapshot.ReportedService);
    }

    [Fact]
    public void Read_SpecExample_MapsPickedUpWithItsWeatherDelay()
    {
        var snapshot = ReadFixture("tracking_response.json", "123456789012");

        Assert.Equal(TrackingStatus.PickedUp, snapshot.Status);
        // latestStatusDetail.delayDetail: WEATHER / SNOW / DELAYED.
        Assert.True(snapshot.CarrierReportsDelay);
        Assert.Equal(ExceptionReason.WeatherOrDisaster, snapshot.Reason);
        Assert.Equal("FedEx Freight Economy.", snapshot.ReportedService);
        // estimatedDeliveryTimeWindow: begins without an offset, ends with one; each kept as given.
        Assert.Null(snapshot.EstimatedDelivery?.WindowStart?.Offset);
        Assert.Equal(new DateTimeOffset(2021, 10, 15, 0, 0, 0, TimeSpan.FromHours(-6)), snapshot.EstimatedDelivery?.WindowEnd?.Instant);
    }

    private static TrackingSnapshot ReadFixture(string file, string number)
    {
        var raw = FedexStubs.Conformance("karrio", "fedex", file);
        var result = FedexTrackingParser.Read([number], Encoding.UTF8.GetBytes(raw), NullLogger.Instance)[number];
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!;
    }

    /// <summary>The numbers we would have asked for: those FedEx answers for, or karrio's request when it answered none.</summary>
    private static List<string> AskedNumbers(string raw)
    {
        using var document = JsonDocument.Parse(raw);
        if (document.RootElement.TryGetProperty("output", out var output))
        {
            return [.. output.GetProperty("completeTrackResults").EnumerateArray().Select(r => r.GetProperty("trackingNumber").GetString()!)];
        }

        using var request = JsonDocument.Parse(FedexStubs.Conformance("karrio", "fedex", "request.json"));
        return [.. request.RootElement.GetProperty("TrackingPayload").GetProperty("tracking_numbers").EnumerateArray().Select(n => n.GetString()!)];
    }

    private static DateTime KarrioWallClock(JsonElement karrioEvent) =>
        DateTime.ParseExact(karrioEvent.GetProperty("timestamp").GetString()!.TrimEnd('Z'), "yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
}
