using System.Globalization;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Operations;

/// <summary>
/// A rolling update in production mode: a replica gets SIGTERM while a job is in the middle of a helpdesk call. It must
/// leave within its stop budget (exit 0), hand the job back to the queue rather than sit on it until the invisibility
/// timeout, and the replica that picks it up must finish the work without a second ticket.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class GracefulStopTests() : ProductionDeployment("graceful-stop")
{
    [Fact]
    public async Task Sigterm_JobInTheMiddleOfATicketCreate_IsRequeuedAndFinishedByTheNextReplicaWithOneTicket()
    {
        var numbers = Production.LateParcels(Folder, 1, "STOP");
        Zendesk.CreateAnswerDelay = TimeSpan.FromSeconds(45); // the ticket exists; the answer is still on its way
        var stopping = Start("stopping", new Dictionary<string, string?>
        {
            ["Helpdesk:Zendesk:Timeout"] = "00:01:30",
            ["Jobs:StopTimeout"] = "00:00:02",
            // Were the job not handed back, it would wait this long for another replica: far longer than this test.
            ["Jobs:InvisibilityTimeout"] = "00:10:00",
        });
        await stopping.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await Production.PostShipmentsAsync(stopping, numbers);
        var inFlight = await Production.EventuallyAsync(() => Task.FromResult(Zendesk.CreateRequests > 0), TimeSpan.FromSeconds(60));
        Assert.True(inFlight, "no create reached the helpdesk\n" + stopping.Tail());

        var started = System.Diagnostics.Stopwatch.StartNew();
        var exitCode = await stopping.TerminateAsync(TimeSpan.FromSeconds(30));
        var took = started.Elapsed;

        Assert.True(exitCode == 0, $"exit {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none within 30 s"}\n{stopping.Tail()}");
        Assert.True(took < TimeSpan.FromSeconds(20), $"the stop took {took}, though the job had 2 s to finish\n{stopping.Tail()}");
        Assert.Contains(stopping.Lines, l => l.Contains("Worker stop requested while processing background job", StringComparison.Ordinal) && l.Contains("It will be re-queued", StringComparison.Ordinal));
        Assert.Contains(stopping.Lines, l => l.Contains("|INF|Stopped cleanly in", StringComparison.Ordinal));

        Zendesk.CreateAnswerDelay = TimeSpan.Zero;
        var next = Start("next", new Dictionary<string, string?> { ["Jobs:InvisibilityTimeout"] = "00:10:00" });
        await next.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        var done = await Production.EventuallyAsync(async () => await DoneAsync() == 1, TimeSpan.FromSeconds(90));

        Assert.True(done, $"the case was not finished by the next replica\n{next.Tail()}");
        Assert.Single(Zendesk.Tickets);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM compensations"));
    }
}
