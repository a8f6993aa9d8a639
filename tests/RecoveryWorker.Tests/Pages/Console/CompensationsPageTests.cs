using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Pages.Console;

public sealed class CompensationsPageTests : IDisposable
{
    private readonly WorkerFolder _folder = new();

    private async Task<WorkerHost> StartAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object> { ["LATE"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")) });
        var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await host.PostShipmentAsync(Request("LATE", Start.AddMinutes(-30)));
        await host.SweepAsync();
        await host.RunEnqueuedAsync();
        return host;
    }

    private static async Task<HttpResponseMessage> StepAsync(HttpClient client, Guid id, string step, string reason)
    {
        var token = await SignIn.AntiforgeryTokenAsync(client, "/console/compensations");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = id.ToString(), ["step"] = step, ["reason"] = reason, ["__RequestVerificationToken"] = token });
        return await client.PostAsync("/console/compensations?handler=Step", form);
    }

    [Fact]
    public async Task Compensations_ViewerReadsButCannotAct_AdminMarksGrantedWithAReason()
    {
        await using var host = await StartAsync();
        var id = await host.QueryAsync(db => db.Compensations.Select(c => c.Id).SingleAsync());
        using var viewer = await SignIn.AsAsync(host, TestAccess.ViewerName, TestAccess.ViewerPassword);
        using var admin = await SignIn.AsAsync(host, TestAccess.AdminName, TestAccess.AdminPassword);

        var page = await viewer.GetStringAsync("/console/compensations?by=carrier");
        using var refused = await StepAsync(viewer, id, "granted", "viewer tries");
        using var granted = await StepAsync(admin, id, "granted", "refunded in the store admin");

        Assert.Contains("offered", page, StringComparison.Ordinal);
        Assert.Contains("9.95 USD", page, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Step", page, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.True(granted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.OK, granted.StatusCode.ToString());
        var entry = await host.QueryAsync(db => db.Compensations.SingleAsync());
        Assert.Equal(CompensationStatuses.Granted, entry.Status);
        Assert.Equal($"user:{TestAccess.AdminName}", entry.GrantedBy);
        Assert.Equal("refunded in the store admin", entry.Reason);
    }

    public void Dispose() => _folder.Dispose();
}
