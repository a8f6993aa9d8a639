using System.Diagnostics;

namespace RecoveryWorker.Observability;

/// <summary>
/// The worker's own spans: one per job run (the sweep, a tracking batch, a delivery of owed helpdesk writes, a
/// follow-up). Vendor calls below them are HttpClient spans (RestSharp sends through HttpClient), so a trace shows
/// which job called which carrier or helpdesk and how long each call took; log lines inside carry the same trace id.
/// </summary>
internal static class RecoveryTelemetry
{
    public const string SourceName = "RecoveryWorker.Jobs";

    // Static like the meter's name: an ActivitySource has no state per host, and listeners subscribe by name.
    public static ActivitySource Jobs { get; } = new(SourceName);

    public static Activity? Sweep() => Jobs.StartActivity("sweep");

    public static Activity? TrackBatch(string carrier, int shipments) =>
        Jobs.StartActivity("track batch")?.SetTag("recoveryworker.carrier", carrier).SetTag("recoveryworker.shipments", shipments);

    public static Activity? DeliverEffects(Guid caseId) => Jobs.StartActivity("deliver helpdesk writes")?.SetTag("recoveryworker.case_id", caseId);

    public static Activity? FollowUp(Guid followUpId) => Jobs.StartActivity("follow-up")?.SetTag("recoveryworker.follow_up_id", followUpId);
}
