using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Domain.Cases;

public sealed class RecoveryCaseTests
{
    private static readonly DateTimeOffset At = Some.Deadline.AddHours(2);

    private static PromiseBreach Breach(BreachType type, Severity severity = Severity.Minor) =>
        new(type, severity, new BreachEvidence { Deadline = Some.Deadline });

    private static RecoveryCase NewCase(BreachType type = BreachType.Late) =>
        new(new CaseKey(Guid.NewGuid(), type, 1), Breach(type), At);

    [Fact]
    public void Transitions_HappyPath_EndsResolvedWithTicket()
    {
        var @case = NewCase();

        @case.RequestTicket(At);
        @case.TicketOpened("ZD-1001", At.AddSeconds(2));
        @case.FollowedUp(At.AddHours(4));
        @case.FollowedUp(At.AddHours(24));
        @case.Resolve("Delivered; customer told.", At.AddHours(25));

        Assert.Equal(CaseStatus.Resolved, @case.Status);
        Assert.Equal("ZD-1001", @case.TicketId);
        Assert.Equal(At.AddHours(25), @case.ResolvedAt);
        Assert.False(@case.IsOpen);
    }

    [Fact]
    public void TicketOpened_WithoutRequest_Throws()
    {
        var @case = NewCase();

        var error = Assert.Throws<CaseTransitionException>(() => @case.TicketOpened("ZD-1", At));

        Assert.Equal(CaseStatus.Detected, error.From);
        Assert.Contains(@case.Key.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestTicket_Twice_Throws()
    {
        // A duplicated job must not be able to ask for a second ticket.
        var @case = NewCase();
        @case.RequestTicket(At);

        Assert.Throws<CaseTransitionException>(() => @case.RequestTicket(At));
    }

    [Fact]
    public void TicketOpened_Twice_ThrowsAndKeepsFirstTicket()
    {
        var @case = NewCase();
        @case.RequestTicket(At);
        @case.TicketOpened("ZD-1", At);

        Assert.Throws<CaseTransitionException>(() => @case.TicketOpened("ZD-2", At));
        Assert.Equal("ZD-1", @case.TicketId);
    }

    [Fact]
    public void Escalate_BeforeTicket_Throws()
    {
        Assert.Throws<CaseTransitionException>(() => NewCase().Escalate("still late", At));
    }

    [Fact]
    public void Escalate_WhileFollowingUp_ThenResolve_IsAllowed()
    {
        var @case = NewCase();
        @case.RequestTicket(At);
        @case.TicketOpened("ZD-1", At);
        @case.FollowedUp(At.AddHours(4));

        @case.Escalate("Still not delivered after the last follow-up.", At.AddHours(72));
        Assert.Equal(CaseStatus.Escalated, @case.Status);
        Assert.Throws<CaseTransitionException>(() => @case.FollowedUp(At.AddHours(73)));

        @case.Resolve("Delivered.", At.AddHours(80));
        Assert.Equal(CaseStatus.Resolved, @case.Status);
    }

    [Fact]
    public void Resolve_WhileTicketPending_Throws()
    {
        // The helpdesk may be creating the ticket right now; closing the case would orphan it.
        var @case = NewCase(BreachType.AtRisk);
        @case.RequestTicket(At);

        Assert.Throws<CaseTransitionException>(() => @case.Resolve("cleared", At));
    }

    [Fact]
    public void Resolve_Twice_Throws()
    {
        var @case = NewCase(BreachType.Stalled);
        @case.Resolve("Moving again.", At);

        Assert.Throws<CaseTransitionException>(() => @case.Resolve("again", At));
        Assert.Throws<CaseTransitionException>(() => @case.Update(Breach(BreachType.Late), At));
    }

    [Fact]
    public void Update_SameTypeAndSeverity_IsNoNews()
    {
        var @case = NewCase();

        Assert.False(@case.Update(Breach(BreachType.Late), At.AddHours(1)));
        Assert.True(@case.Update(Breach(BreachType.Late, Severity.Major), At.AddHours(30)));
        Assert.Equal(Severity.Major, @case.Severity);
    }

    [Fact]
    public void Update_LowerSeverity_KeepsTheWorstSeen()
    {
        var @case = new RecoveryCase(new CaseKey(Guid.NewGuid(), BreachType.Exception, 1), Breach(BreachType.Exception, Severity.Critical), At);

        Assert.True(@case.Update(Breach(BreachType.Stalled, Severity.Minor), At.AddHours(1)));

        Assert.Equal(BreachType.Stalled, @case.Breach.Type);
        Assert.Equal(Severity.Critical, @case.Severity);
        Assert.Equal([BreachType.Stalled, BreachType.Exception], @case.TypesSeen.Order());
    }

    [Fact]
    public void Constructor_BreachOfOtherTypeThanKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RecoveryCase(new CaseKey(Guid.NewGuid(), BreachType.Late, 1), Breach(BreachType.Stalled), At));
    }

    [Fact]
    public void CanClear_AfterLateness_IsFalse()
    {
        var @case = NewCase(BreachType.Stalled);
        Assert.True(@case.CanClear);

        @case.Update(Breach(BreachType.Late), At);

        Assert.False(@case.CanClear);
    }
}
