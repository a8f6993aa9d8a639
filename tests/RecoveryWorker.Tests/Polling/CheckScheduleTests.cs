using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Polling;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Polling;

public sealed class CheckScheduleTests
{
    private static readonly DateTimeOffset Deadline = Some.Deadline;
    private static readonly CheckSchedule Schedule = new(Options.Create(new PollingOptions()), Options.Create(new DetectionOptions()));

    [Theory]
    [InlineData(TrackingStatus.Delivered)]
    [InlineData(TrackingStatus.ReturnedToSender)]
    [InlineData(TrackingStatus.Cancelled)]
    public void Next_FinalState_IsNever(TrackingStatus status)
    {
        Assert.Null(Schedule.Next(Deadline, status, inTrouble: true, Deadline.AddHours(-1)));
    }

    [Fact]
    public void Next_DeadlineFarAway_ChecksRarely()
    {
        var now = Deadline.AddDays(-5);

        Assert.Equal(now.AddHours(12), Schedule.Next(Deadline, TrackingStatus.InTransit, inTrouble: false, now));
    }

    [Fact]
    public void Next_StallBeginsBeforeTheNextRoutineCheck_ChecksWhenItBegins()
    {
        var now = Deadline.AddDays(-5);

        Assert.Equal(now.AddHours(3), Schedule.Next(Deadline, TrackingStatus.InTransit, inTrouble: false, now, breachDueAt: now.AddHours(3)));
        Assert.Equal(now.AddHours(12), Schedule.Next(Deadline, TrackingStatus.InTransit, inTrouble: false, now, breachDueAt: now.AddDays(2)));
    }

    [Fact]
    public void Next_NotScannedYetDeadlineFarAway_ChecksHourlyForTheFirstScan()
    {
        var now = Deadline.AddDays(-5);

        Assert.Equal(now.AddHours(1), Schedule.Next(Deadline, TrackingStatus.LabelCreated, inTrouble: false, now, awaitingPickup: true));
    }

    [Fact]
    public void Next_DeadlineInTwoDays_ChecksEveryFourHours()
    {
        var now = Deadline.AddDays(-2);

        Assert.Equal(now.AddHours(4), Schedule.Next(Deadline, TrackingStatus.InTransit, inTrouble: false, now));
    }

    [Fact]
    public void Next_IntervalWouldSkipTheDeadline_ChecksTheSecondItTurnsLate()
    {
        var now = Deadline.AddMinutes(-20);

        Assert.Equal(Deadline.AddSeconds(1), Schedule.Next(Deadline, TrackingStatus.OutForDelivery, inTrouble: false, now));
    }

    [Fact]
    public void Next_InTroubleOrPastDeadline_ChecksOften()
    {
        var farAway = Deadline.AddDays(-5);

        Assert.Equal(farAway.AddHours(1), Schedule.Next(Deadline, TrackingStatus.InTransit, inTrouble: true, farAway));
        Assert.Equal(farAway.AddHours(1), Schedule.Next(Deadline, TrackingStatus.Exception, inTrouble: false, farAway));
        Assert.Equal(Deadline.AddHours(3), Schedule.Next(Deadline, TrackingStatus.InTransit, inTrouble: false, Deadline.AddHours(2)));
    }

    [Fact]
    public void Next_PushSubscribedNearTheDeadline_PollsOnlyEveryPushedIntervalButAtTheDeadline()
    {
        var now = Deadline.AddHours(-10);

        // Near the deadline an unsubscribed parcel is polled hourly; a subscribed one is not polled before the deadline.
        Assert.Equal(now.AddHours(1), Schedule.Next(Deadline, TrackingStatus.InTransit, inTrouble: false, now));
        Assert.Equal(Deadline.AddSeconds(1), Schedule.Next(Deadline, TrackingStatus.InTransit, inTrouble: false, now, pushedUntil: now.AddDays(10)));
    }

    [Fact]
    public void Next_PushSubscribedWhileAwaitingPickup_TakesThePushedInterval()
    {
        var now = Deadline.AddDays(-5);

        Assert.Equal(now.AddHours(12), Schedule.Next(Deadline, TrackingStatus.LabelCreated, inTrouble: false, now, awaitingPickup: true, pushedUntil: now.AddDays(10)));
    }

    [Fact]
    public void Next_PushSubscribedStallDueSooner_ChecksWhenTheStallBegins()
    {
        var now = Deadline.AddDays(-5);

        Assert.Equal(now.AddHours(3), Schedule.Next(Deadline, TrackingStatus.InTransit, inTrouble: true, now, breachDueAt: now.AddHours(3), pushedUntil: now.AddDays(10)));
    }

    [Fact]
    public void Next_SubscriptionEndsBeforeTheNextPoll_ChecksWhenItEnds()
    {
        var now = Deadline.AddDays(-5);

        Assert.Equal(now.AddHours(2), Schedule.Next(Deadline, TrackingStatus.InTransit, inTrouble: false, now, pushedUntil: now.AddHours(2)));
    }

    [Fact]
    public void Next_SubscriptionRanOut_IsPolledAsUsual()
    {
        var now = Deadline.AddHours(-20);

        Assert.Equal(now.AddHours(1), Schedule.Next(Deadline, TrackingStatus.InTransit, inTrouble: false, now, pushedUntil: now.AddMinutes(-1)));
    }
}
