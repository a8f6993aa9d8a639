using System.Globalization;
using System.Text.Json;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Ups;

namespace RecoveryWorker.Connectors.Tests.Carriers.Ups;

/// <summary>
/// karrio's UPS tracking fixtures (Conformance/karrio/ups): every raw carrier response the manifest lists is parsed
/// and compared with karrio's expected output, translated into our vocabulary. karrio is a reference, not the truth:
/// where we differ on purpose the assertion says why.
/// </summary>
public sealed class UpsConformanceTests
{
    private static readonly string Folder = UpsPayloads.Conformance("karrio", "ups");

    public static TheoryData<string> RawResponses()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(UpsPayloads.Conformance("karrio", "manifest.json")));
        var data = new TheoryData<string>();
        foreach (var entry in manifest.RootElement.EnumerateArray())
        {
            var file = entry.GetProperty("file").GetString()!;
            if (file.StartsWith("karrio/ups/", StringComparison.Ordinal) && entry.GetProperty("role").GetString() == "raw_carrier_response")
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Fact]
    public void Manifest_ListsTheUpsTrackingFixtures()
    {
        string[] expected = ["auth_error_response.json", "invalid_tracking_number_response.json", "tracking_number_not_found_warning_response.json", "tracking_response.json"];
        Assert.Equal(
            expected,
            RawResponses().Cast<object[]>().Select(row => (string)row[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RawResponses))]
    public void Parse_KarrioFixture_AgreesWithKarrioWhereKarrioIsRight(string file)
    {
        var json = File.ReadAllText(Path.Combine(Folder, file));
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, Path.GetFileNameWithoutExtension(file) + ".expected.json")));
        var number = RequestedNumber();

        var result = UpsTrackingParser.Parse(number, json);

        var details = expected.RootElement.GetProperty("tracking_details");
        if (details.GetArrayLength() == 0)
        {
            // karrio reports a message and no details: for us a failure naming UPS's code.
            var message = expected.RootElement.GetProperty("messages")[0];
            Assert.False(result.IsSuccess);
            Assert.Contains(message.GetProperty("code").GetString()!, result.Error!.Message, StringComparison.Ordinal);
            var expectedKind = message.GetProperty("level").GetString() == "warning" && message.GetProperty("code").GetString() == "TW0001"
                ? ConnectorErrorKind.NotFound
                // An error envelope read as a 200 body: UPS refused the request. Over HTTP these arrive as 400/401 and
                // map by status (UpsTrackerTests); the body alone can only say "rejected".
                : ConnectorErrorKind.Rejected;
            Assert.Equal(expectedKind, result.Error.Kind);
            return;
        }

        Assert.True(result.IsSuccess, result.Error?.Message);
        var snapshot = result.Value!;
        var karrio = details[0];
        Assert.Equal(KarrioVocabulary.Statuses[karrio.GetProperty("status").GetString()!], snapshot.Status);
        Assert.Equal(karrio.GetProperty("delivered").GetBoolean(), snapshot.DeliveredAt is not null);
        Assert.Equal(karrio.GetProperty("info").GetProperty("shipment_service").GetString(), snapshot.ReportedService);
        // karrio reports package.trackingNumber ("string" in this synthetic fixture); we report the number asked for,
        // so the caller's key always matches.
        Assert.Equal(number, snapshot.TrackingNumber);

        var karrioEvents = karrio.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(karrioEvents.Count, snapshot.Events.Count);
        for (var i = 0; i < karrioEvents.Count; i++)
        {
            var theirs = karrioEvents[i];
            var ours = snapshot.Events[i];
            Assert.Equal(KarrioVocabulary.Statuses[theirs.GetProperty("status").GetString()!], ours.Status);
            Assert.Equal(theirs.GetProperty("code").GetString(), ours.CarrierCode);
            Assert.Equal(theirs.GetProperty("description").GetString(), ours.Description);

            // karrio appends ".000Z" to UPS's local date/time and drops the seconds. UPS gave no gmt fields here, so
            // the time is local wall clock of unknown zone: we keep it offset-less (null Offset) and to the second.
            var karrioTime = DateTime.ParseExact(theirs.GetProperty("timestamp").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            Assert.Null(ours.At.Offset);
            Assert.Equal(karrioTime, ours.At.WallClock.AddSeconds(-ours.At.WallClock.Second));
            Assert.Equal(new DateTime(2021, 2, 10, 7, 13, 56), ours.At.WallClock);
        }

        // karrio's on_hold for type X; we also say why: the text is about customs.
        Assert.Equal(ExceptionReason.CustomsHold, snapshot.Reason);
    }

    private static string RequestedNumber()
    {
        using var request = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "request.json")));
        return request.RootElement.GetProperty("TrackingRequestPayload")[0].GetString()!;
    }
}
