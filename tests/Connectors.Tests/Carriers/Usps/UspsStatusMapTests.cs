using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Usps;

namespace RecoveryWorker.Connectors.Tests.Carriers.Usps;

/// <summary>
/// USPS has no code table under Conformance/carrier-codes. The codes below are the Pub 199 Appendix G-4 scan events
/// listed in design/research/carrier-apis.md section 3 (a third-party summary) plus those in karrio's real answer.
/// </summary>
public sealed class UspsStatusMapTests
{
    public static readonly TheoryData<string> ResearchedEventCodes =
    [
        "GX", "MA", "03", "TM", "PA", "10", "SF", "EF", "T1", "A1", "TL", "07", "PC", "OF", "01", "17", "43", "14", "16",
        "02", "52", "53", "54", "55", "56", "30", "51", "71", "04", "05", "06", "08", "15", "11", "09", "21", "22", "23",
        "24", "25", "26", "27", "28", "29", "31", "44", "DX", "80", "81", "82", "42",
    ];

    [Theory]
    [MemberData(nameof(ResearchedEventCodes))]
    public void EventCodes_EveryResearchedCode_HasADecision(string code)
    {
        Assert.True(UspsStatusMap.EventCodes.TryGetValue(code, out var status), $"USPS event code {code} has no decision");
        Assert.NotEqual(TrackingStatus.Unknown, status.Status);
    }

    [Fact]
    public void EventCodes_EveryException_SaysWhy()
    {
        Assert.All(UspsStatusMap.EventCodes.Values.Concat(UspsStatusMap.StatusCategories.Values).Where(s => s.Status == TrackingStatus.Exception),
            s => Assert.NotNull(s.Reason));
    }

    [Theory]
    [InlineData("01", null, TrackingStatus.Delivered, null)]
    [InlineData("55", null, TrackingStatus.Exception, ExceptionReason.FailedAttempt)]
    [InlineData("21", null, TrackingStatus.ReturnedToSender, ExceptionReason.AddressIssue)]
    [InlineData("ZZ", "Arrived at USPS Facility", TrackingStatus.InTransit, null)]
    [InlineData("ZZ", "Delivered, In/At Mailbox", TrackingStatus.Delivered, null)]
    [InlineData(null, "Delivered to Agent, Picked up at Post Office", TrackingStatus.Delivered, null)]
    [InlineData(null, "Available for Pickup", TrackingStatus.AvailableForPickup, null)]
    [InlineData(null, "Undeliverable as Addressed", TrackingStatus.Exception, ExceptionReason.AddressIssue)]
    [InlineData("ZZ", "Something new", TrackingStatus.Unknown, null)]
    public void FromEvent_CodeThenWording_MapsAsDecided(string? code, string? eventType, TrackingStatus status, ExceptionReason? reason)
    {
        Assert.Equal(new UspsStatus(status, reason), UspsStatusMap.FromEvent(code, eventType));
    }

    [Theory]
    [InlineData("Alert", "Delivery Attempted - No Access to Delivery Location", TrackingStatus.Exception, ExceptionReason.FailedAttempt)]
    [InlineData("Alert", "Something unusual", TrackingStatus.Exception, ExceptionReason.Other)]
    [InlineData("Pre-Shipment", "Shipping Label Created, USPS Awaiting Item", TrackingStatus.LabelCreated, null)]
    [InlineData(null, "Out for Delivery", TrackingStatus.OutForDelivery, null)]
    public void FromSummary_CategoryAndWording_MapsAsDecided(string? category, string? status, TrackingStatus expected, ExceptionReason? reason)
    {
        Assert.Equal(new UspsStatus(expected, reason), UspsStatusMap.FromSummary(category, status));
    }

    [Theory]
    [InlineData("In Transit, Arriving Late", true)]
    [InlineData("Your package will arrive later than expected, but is still on its way. It is currently in transit to the next facility.", true)]
    [InlineData("Delivery delayed", true)]
    [InlineData("Shipping Label Created", false)]
    [InlineData("In Transit to Next Facility", false)]
    public void MentionsDelay_UspsWording_DetectsDelayNotices(string text, bool expected)
    {
        Assert.Equal(expected, UspsStatusMap.MentionsDelay(text));
    }
}
