using System.Collections.Concurrent;
using System.Globalization;
using Hangfire.Common;
using Hangfire.Dashboard;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Observability;
using RecoveryWorker.Polling;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Jobs.Hangfire;

/// <summary>
/// The Hangfire dashboard in the admins' language: jobs named by what a person recognises (the order and breach of a
/// case, the follow-up's number, the carrier and size of a tracking batch) instead of ids, the worker's own figures on
/// the home page (shipments watched, cases open, owed helpdesk writes and the oldest one's age, the last sweep), and a
/// way to the console. Hangfire keeps its menu and home-page metrics in static lists, so they are added once per process.
/// </summary>
internal static class DashboardExtensions
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        NavigationMenu.Items.Add(_ => new MenuItem("Recovery console", "/console/cases"));
        GlobalConfiguration.Configuration.UseDashboardMetric(Metric("rw:watched", "Shipments watched", (readings, _) => readings.Read().Watched.Sum(w => w.Count).ToString("N0", CultureInfo.InvariantCulture)));
        GlobalConfiguration.Configuration.UseDashboardMetric(Metric("rw:cases", "Cases open", (readings, _) =>
        {
            var open = readings.Read().OpenCases;
            return open.Count == 0 ? "0" : $"{open.Sum(c => c.Count):N0} ({string.Join(", ", open.OrderByDescending(c => c.Count).Select(c => $"{WireNames.Snake(c.Status).Replace('_', ' ')} {c.Count:N0}"))})";
        }));
        GlobalConfiguration.Configuration.UseDashboardMetric(Metric("rw:owed", "Owed helpdesk writes", (readings, _) =>
        {
            var reading = readings.Read();
            return reading.PendingEffects == 0 ? "0" : $"{reading.PendingEffects:N0}, oldest {Age(TimeSpan.FromSeconds(reading.OldestPendingEffectAge))}";
        }));
        GlobalConfiguration.Configuration.UseDashboardMetric(Metric("rw:sweep", "Last sweep (this replica)", (_, services) =>
            services.GetRequiredService<LastSweep>().Value is { } sweep
                ? $"{sweep.At:HH:mm:ss} UTC, {sweep.Claimed:N0} claimed"
                : "not on this replica yet"));
    }

    /// <summary>
    /// The name a job shows in lists and on its page. Hangfire prefers a <c>[JobDisplayName]</c> to this function, so the
    /// job classes carry none.
    /// </summary>
    public static string DisplayName(DashboardContext context, Job job)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(job);
        var services = context.GetHttpContext().RequestServices;
        try
        {
            return job.Type.Name switch
            {
                nameof(TrackBatchJob) when job.Args is [string carrier, Guid[] ids, ..] => $"Track {ids.Length} {carrier} parcel(s)",
                nameof(DeliverEffectsJob) when job.Args is [Guid caseId, ..] => $"Helpdesk writes · {CaseName(services, caseId)}",
                nameof(FollowUpCheckJob) when job.Args is [Guid followUpId, ..] => FollowUpName(services, followUpId),
                nameof(ShopifyDeliveryJob) when job.Args is [string deliveryId, ..] => $"Shopify delivery {deliveryId}",
                _ => $"{job.Type.Name}.{job.Method.Name}",
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
        {
            return $"{job.Type.Name}.{job.Method.Name}"; // the store is away: the dashboard still lists the jobs
        }
    }

    private static readonly ConcurrentDictionary<Guid, string> Names = new();

    private static string CaseName(IServiceProvider services, Guid caseId) => Cached(caseId, () =>
    {
        using var db = services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>().CreateDbContext();
        var found = db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Join(db.Shipments, c => c.ShipmentId, s => s.Id, (c, s) => new { c.BreachType, s.OrderId, s.TrackingNumber }).FirstOrDefault();
        return found is null ? $"case {caseId}" : $"{found.BreachType.Replace('_', ' ')} case of order {found.OrderId} ({found.TrackingNumber})";
    });

    private static string FollowUpName(IServiceProvider services, Guid followUpId) => Cached(followUpId, () =>
    {
        using var db = services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>().CreateDbContext();
        var found = db.FollowUps.AsNoTracking().Where(f => f.Id == followUpId).Select(f => new { f.Sequence, f.CaseId }).FirstOrDefault();
        return found is null ? $"Follow-up {followUpId}" : $"Follow-up {found.Sequence} · {CaseName(services, found.CaseId)}";
    });

    /// <summary>Names never change once made; the cache is dropped whole when it grows past what a dashboard shows in a day.</summary>
    private static string Cached(Guid id, Func<string> make)
    {
        if (Names.TryGetValue(id, out var name))
        {
            return name;
        }

        if (Names.Count > 20_000)
        {
            Names.Clear();
        }

        name = make();
        Names[id] = name;
        return name;
    }

    private static DashboardMetric Metric(string name, string title, Func<StoreReadings, IServiceProvider, string> read) =>
        new(name, title, page =>
        {
            var services = page.Context.GetHttpContext().RequestServices;
            return new Metric(read(services.GetRequiredService<StoreReadings>(), services));
        });

    private static string Age(TimeSpan age) => age.TotalHours >= 1 ? $"{age.TotalHours:0.#} h" : age.TotalMinutes >= 1 ? $"{age.TotalMinutes:0} min" : $"{age.TotalSeconds:0} s";
}
