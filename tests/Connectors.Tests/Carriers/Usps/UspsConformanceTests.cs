using System.Globalization;
using System.Text.Json.Nodes;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Usps;

namespace RecoveryWorker.Connectors.Tests.Carriers.Usps;

/// <summary>
/// karrio's USPS fixtures (Conformance/karrio/usps). They are the v3 single-number shape (GET
/// /tracking/v3/tracking/{n}?expand=DETAIL): one object, eventZIP instead of eventZIPCode, booleans as strings. Our
/// parser reads that object exactly as it reads one item of a v3r2 array.
/// </summary>
public sealed class UspsConformanceTests
{
    // karrio's request.json asks for 89108749065090, but the response it mocks is for 9400109104250532908587. We
    // match answers on trackingNumber, so we ask for the number the answer carries.
    private const string FixtureNumber = "9400109104250532908587";

    [Fact]
    public void Parse_KarrioTrackingResponse_MatchesKarriosStatusEventsAndDeliveryTime()
    {
        var expected = JsonNode.Parse(File.ReadAllText(Fixture("tracking_response.expected.json")))!["tracking_details"]!.AsArray().Single()!;

        var result = UspsTrackingParser.Parse(File.ReadAllBytes(Fixture("tracking_response.json")), [FixtureNumber])[FixtureNumber];

        Assert.True(result.IsSuccess, result.Error?.Message);
        var snapshot = result.Value!;
        Assert.Equal(expected["tracking_number"]!.GetValue<string>(), snapshot.TrackingNumber);
        Assert.Equal(KarrioVocabulary.Statuses[expected["status"]!.GetValue<string>()], snapshot.Status);
        var karrioEvents = expected["events"]!.AsArray();
        Assert.Equal(karrioEvents.Count, snapshot.Events.Count);
        Assert.Equal(karrioEvents.Select(e => e!["code"]!.GetValue<string>()), snapshot.Events.Select(e => e.CarrierCode));
        for (var i = 0; i < karrioEvents.Count; i++)
        {
            // Events karrio leaves without a status are not compared.
            if (karrioEvents[i]!["status"]?.GetValue<string>() is { } karrioStatus)
            {
                Assert.Equal(KarrioVocabulary.Statuses[karrioStatus], snapshot.Events[i].Status);
            }

            // karrio prints the local eventTimestamp with ".000Z" appended: the -05:00 offset is dropped, and the
            // local time is truncated to the minute. We use GMTTimestamp shown at GMTOffset, so our wall clock is
            // karrio's time plus the seconds, and our instant is five hours later than karrio's "Z" claims.
            var karrioWallClock = DateTime.Parse(karrioEvents[i]!["timestamp"]!.GetValue<string>().TrimEnd('Z'), CultureInfo.InvariantCulture);
            Assert.Equal(karrioWallClock, TruncateToMinute(snapshot.Events[i].At.WallClock));
            Assert.Equal(TimeSpan.FromHours(-5), snapshot.Events[i].At.Offset);
        }

        // Delivered at 13:58 local per karrio; the instant is 18:58:40Z, from GMTTimestamp "2024-11-22T18:58:40Z".
        Assert.True((bool)expected["delivered"]!);
        Assert.Equal(new DateTime(2024, 11, 22, 13, 58, 0), TruncateToMinute(snapshot.DeliveredAt!.Value.WallClock));
        Assert.Equal(new DateTimeOffset(2024, 11, 22, 18, 58, 40, TimeSpan.Zero), snapshot.DeliveredAt.Value.Instant);
        // karrio keeps mailClass with its HTML ("USPS Ground Advantage<SUP>&#153;</SUP>"); we strip it.
        Assert.StartsWith(snapshot.ReportedService!, expected["info"]!["shipment_service"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("USPS Ground Advantage", snapshot.ReportedService);
        Assert.Equal("HERNANDO, FL 34442", snapshot.Events[0].Location);
    }

    [Fact]
    public void Parse_KarrioErrorResponse_IsAFailureLikeKarriosMessage()
    {
        // The spec's placeholder error envelope ("code": "string"): karrio turns it into an error message and no
        // tracking details; for us it is a failure for the number asked, and with no HTTP-like code it is Rejected.
        var expected = JsonNode.Parse(File.ReadAllText(Fixture("error_response.expected.json")))!;
        var number = expected["messages"]![0]!["details"]!["tracking_number"]!.GetValue<string>();

        var result = UspsTrackingParser.Parse(File.ReadAllBytes(Fixture("error_response.json")), [number])[number];

        Assert.Empty(expected["tracking_details"]!.AsArray());
        Assert.False(result.IsSuccess);
        Assert.Equal(ConnectorErrorKind.Rejected, result.Error!.Kind);
        Assert.Contains(expected["messages"]![0]!["message"]!.GetValue<string>(), result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KarrioStatusMapping_EveryStatusWord_HasADeliberateDecision()
    {
        var mapping = JsonNode.Parse(File.ReadAllText(Fixture("status_mapping.json")))!["TrackingStatus"]!.AsObject();

        foreach (var (karrioStatus, words) in mapping)
        {
            foreach (var word in words!.AsArray().Select(w => w!.GetValue<string>()))
            {
                var ours = UspsStatusMap.FromText(word);
                switch (word)
                {
                    case "PU":
                        // A bare two-letter token karrio matches against any text; it is not a Pub 199 code and as a
                        // phrase it would match inside ordinary words, so we do not recognize it.
                        Assert.Null(ours);
                        Assert.False(UspsStatusMap.EventCodes.ContainsKey(word));
                        break;
                    case "delivery delayed":
                        // Still moving; the delay is the CarrierReportsDelay flag, not a status.
                        Assert.Equal(TrackingStatus.InTransit, ours?.Status);
                        Assert.True(UspsStatusMap.MentionsDelay(word));
                        break;
                    default:
                        Assert.True(ours is not null, $"karrio word '{word}' ({karrioStatus}) has no decision");
                        Assert.Equal(KarrioVocabulary.Statuses[karrioStatus], ours.Value.Status);
                        break;
                }
            }
        }
    }

    [Fact]
    public void KarrioIncidentReasons_AreGuessedTokensNotPub199Codes_SoNoneIsInOurCodeTable()
    {
        var reasons = JsonNode.Parse(File.ReadAllText(Fixture("status_mapping.json")))!["TrackingIncidentReason"]!.AsObject();

        var tokens = reasons.SelectMany(r => r.Value!.AsArray().Select(t => t!.GetValue<string>())).ToList();

        Assert.NotEmpty(tokens);
        Assert.DoesNotContain(tokens, UspsStatusMap.EventCodes.ContainsKey);
    }

    private static string Fixture(string name) => UspsPayloads.Conformance("karrio", "usps", name);

    private static DateTime TruncateToMinute(DateTime value) => new(value.Year, value.Month, value.Day, value.Hour, value.Minute, 0);
}
