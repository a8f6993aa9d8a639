using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Domain.Cases;

public sealed class CaseDeciderTests
{
    private static readonly Guid ShipmentId = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static readonly DateTimeOffset At = Some.Deadline;

    private static PromiseBreach Breach(BreachType type, Severity severity = Severity.Minor) =>
        new(type, severity, new BreachEvidence { Deadline = Some.Deadline });

    private static RecoveryCase Case(BreachType type, int episode = 1, bool resolved = false)
    {
        var @case = new RecoveryCase(new CaseKey(ShipmentId, type, episode), Breach(type), At);
        if (resolved)
        {
            @case.Resolve("done", At);
        }

        return @case;
    }

    [Fact]
    public void Decide_NoCasesNoBreaches_IsNothing()
    {
        Assert.IsType<CaseDecision.None>(CaseDecider.Decide(ShipmentId, [], []));
    }

    [Fact]
    public void Decide_FirstBreaches_OpensOneCaseHeadedByTheMostSignificant()
    {
        var decision = CaseDecider.Decide(ShipmentId, [], [Breach(BreachType.Stalled), Breach(BreachType.ServiceMismatch), Breach(BreachType.Late)]);

        var open = Assert.IsType<CaseDecision.Open>(decision);
        Assert.Equal(new CaseKey(ShipmentId, BreachType.Late, 1), open.Key);
    }

    [Fact]
    public void Decide_OpenCaseAndSameBreach_IsNothing()
    {
        Assert.IsType<CaseDecision.None>(CaseDecider.Decide(ShipmentId, [Case(BreachType.Stalled)], [Breach(BreachType.Stalled)]));
    }

    [Fact]
    public void Decide_OpenStallThatTurnsLate_UpdatesTheSameCase()
    {
        var stalled = Case(BreachType.Stalled);

        var update = Assert.IsType<CaseDecision.Update>(CaseDecider.Decide(ShipmentId, [stalled], [Breach(BreachType.Late), Breach(BreachType.Stalled)]));

        Assert.Same(stalled, update.Case);
        Assert.Equal(BreachType.Late, update.Breach.Type);
    }

    [Fact]
    public void Decide_OpenCaseSeverityRises_Updates()
    {
        Assert.IsType<CaseDecision.Update>(CaseDecider.Decide(ShipmentId, [Case(BreachType.Late)], [Breach(BreachType.Late, Severity.Major)]));
    }

    [Fact]
    public void Decide_OpenLateCaseAndNoBreach_IsNothingBecauseLateStaysLate()
    {
        Assert.IsType<CaseDecision.None>(CaseDecider.Decide(ShipmentId, [Case(BreachType.Late)], []));
    }

    [Fact]
    public void Decide_StallMovesAgain_ClearsTheCase()
    {
        var stalled = Case(BreachType.Stalled);

        Assert.Same(stalled, Assert.IsType<CaseDecision.Clear>(CaseDecider.Decide(ShipmentId, [stalled], [])).Case);
    }

    [Fact]
    public void Decide_StallAgainAfterClearedOne_OpensEpisodeTwo()
    {
        var open = Assert.IsType<CaseDecision.Open>(CaseDecider.Decide(ShipmentId, [Case(BreachType.Stalled, resolved: true)], [Breach(BreachType.Stalled)]));

        Assert.Equal(2, open.Key.Episode);
        Assert.Equal($"{ShipmentId:D}:stalled:2", open.Key.ToString());
    }

    [Fact]
    public void Decide_DeliveredLateSeenAgainAfterResolution_OpensNothing()
    {
        var resolved = Case(BreachType.Late);
        resolved.Update(Breach(BreachType.DeliveredLate), At);
        resolved.Resolve("Delivered and told.", At);

        Assert.IsType<CaseDecision.None>(CaseDecider.Decide(ShipmentId, [resolved], [Breach(BreachType.DeliveredLate)]));
    }

    [Fact]
    public void Decide_CasesOfAnotherShipment_Throws()
    {
        var other = new RecoveryCase(new CaseKey(Guid.NewGuid(), BreachType.Late, 1), Breach(BreachType.Late), At);

        Assert.Throws<ArgumentException>(() => CaseDecider.Decide(ShipmentId, [other], []));
    }
}
