using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Retention;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Retention;

/// <summary>
/// Two customers with a late parcel each and a ticket open for each: Ada's parcel is then delivered and her case
/// resolved; Bob's stays in transit and his case stays open.
/// </summary>
internal static class RetentionScenario
{
    public static readonly DateTimeOffset Deadline = Start.AddHours(1);

    /// <summary>Ada's delivery scan: her shipment's final state.</summary>
    public static readonly DateTimeOffset DeliveredAt = Deadline.AddHours(2);

    public const string Ada = "cust-ada";
    public const string AdaName = "Ada Lovelace";
    public const string AdaEmail = "ada@example.com";
    public const string Bob = "cust-bob";
    public const string BobName = "Bob Marley";
    public const string BobEmail = "bob@example.com";

    public static void Track(WorkerFolder folder, bool adaDelivered) => folder.WriteTracking(new Dictionary<string, object>
    {
        ["ADA1"] = Parcel("Ground", [Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "InTransit", "Newark, NJ"), .. adaDelivered ? new[] { Scan(DeliveredAt, "Delivered", "Brooklyn, NY") } : []]),
        ["BOB1"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "InTransit", "Newark, NJ")),
    });

    public static Dictionary<string, object?> RequestFor(string trackingNumber, string customerId, string name, string email)
    {
        var request = Request(trackingNumber, Deadline, customerId: customerId);
        request["customer"] = new Dictionary<string, object?> { ["id"] = customerId, ["email"] = email, ["name"] = name, ["locale"] = "en-US" };
        request["destination"] = new Dictionary<string, object?> { ["country"] = "US", ["region"] = "NY", ["postalCode"] = "11201" };
        return request;
    }

    /// <summary>Both tickets opened; with <paramref name="resolveAda"/>, Ada's parcel arrives and her case is resolved.</summary>
    public static async Task<WorkerHost> StartAsync(WorkerFolder folder, Dictionary<string, string?>? settings = null, bool resolveAda = true)
    {
        Track(folder, adaDelivered: false);
        var host = new WorkerHost(folder, new FakeTimeProvider(Deadline.AddMinutes(5)), settings);
        await host.PostShipmentAsync(new[] { RequestFor("ADA1", Ada, AdaName, AdaEmail), RequestFor("BOB1", Bob, BobName, BobEmail) });
        await host.SweepAndRunAsync();
        Assert.Equal(2, await host.QueryAsync(db => db.LocalTickets.CountAsync()));
        if (resolveAda)
        {
            Track(folder, adaDelivered: true);
            host.Time.Advance(TimeSpan.FromHours(4)); // the first follow-ups: Ada's finds the delivery, Bob's sends an update
            await host.RunDueScheduledAsync();
            Assert.Equal("Resolved", await host.QueryAsync(db => db.Cases.Where(c => c.CustomerId == Ada).Select(c => c.Status).SingleAsync()));
            Assert.NotEqual("Resolved", await host.QueryAsync(db => db.Cases.Where(c => c.CustomerId == Bob).Select(c => c.Status).SingleAsync()));
        }

        return host;
    }

    public static async Task<ErasureCounts> RunRetentionAsync(WorkerHost host)
    {
        var (_, counts) = await host.Services.GetRequiredService<PersonalDataEraser>().EraseExpiredAsync(CancellationToken.None);
        return counts;
    }

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> EraseAsync(WorkerHost host, string customerId, string? key = null)
    {
        using var client = host.CreateClient();
        if (key is not null)
        {
            TestAccess.Authorize(client, key);
        }

        var response = await client.DeleteAsync($"/api/customers/{Uri.EscapeDataString(customerId)}");
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    /// <summary>Every place the customer's name or e-mail could sit, for one customer: how many still hold it.</summary>
    public static Task<int> PersonalDataLeftAsync(WorkerHost host, string customerId, string name, string email) => host.QueryAsync(async db =>
    {
        var first = name.Split(' ')[0];
        var keys = await db.Cases.Where(c => c.CustomerId == customerId).Select(c => c.Key).ToListAsync();
        var caseIds = await db.Cases.Where(c => c.CustomerId == customerId).Select(c => c.Id).ToListAsync();
        var tickets = await db.LocalTickets.Include(t => t.Comments).Where(t => keys.Contains(t.ExternalId)).ToListAsync();
        var shipments = await db.Shipments.Where(s => s.CustomerId == customerId).ToListAsync();
        var effects = await db.OwedEffects.Where(e => caseIds.Contains(e.CaseId)).Select(e => e.Body).ToListAsync();
        bool Holds(string? text) => text is not null && (text.Contains(first, StringComparison.Ordinal) || text.Contains(email, StringComparison.Ordinal));
        return shipments.Count(s => Holds(s.CustomerName) || Holds(s.CustomerEmail))
            + tickets.Count(t => Holds(t.RequesterName) || Holds(t.RequesterEmail) || Holds(t.Body) || Holds(t.Subject))
            + tickets.SelectMany(t => t.Comments).Count(c => Holds(c.Body))
            + effects.Count(Holds);
    });

    /// <summary>How many rows of the customer hold the name or e-mail at all: proves the scenario stored some.</summary>
    public static async Task AssertStoredAsync(WorkerHost host, string customerId, string name, string email)
    {
        Assert.True(await PersonalDataLeftAsync(host, customerId, name, email) >= 4, "the scenario should store the name in the shipment, the ticket, its comments and the outbox");
    }

    public static int Erased(JsonNode body, string table) => body["erased"]![table]!.GetValue<int>();
}
