using System.Net.Http.Json;
using Npgsql;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Support;

/// <summary>Production mode for tests: settings for worker processes on PostgreSQL, late parcels, and SQL counts.</summary>
internal static class Production
{
    /// <summary>
    /// A replica's settings: PostgreSQL for everything, the sandbox carrier reading <paramref name="trackingFile"/>, the
    /// helpdesk given, and short timings so a test sees sweeps, lost-job recovery and leases within seconds.
    /// </summary>
    public static Dictionary<string, string?> Settings(string connectionString, string trackingFile, Dictionary<string, string?> helpdesk)
    {
        var settings = new Dictionary<string, string?>(helpdesk)
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:RecoveryWorker"] = connectionString,
            ["Carriers:Sandbox:Enabled"] = "true",
            ["Carriers:Sandbox:TrackingFile"] = trackingFile,
            ["Demo:Seed"] = "false",
            ["Polling:SweepInterval"] = "00:00:01",
            ["Polling:ClusterCheckinInterval"] = "00:00:02",
            ["Polling:LostJobGrace"] = "00:00:05",

            // A tracking batch whose Hangfire job was lost (created, then the database went away before its state
            // was written) is found again when its shipments' lease ends: 30 s here instead of 15 min.
            ["Polling:CheckLease"] = "00:00:30",
            ["Jobs:WorkerCount"] = "4",
            ["Jobs:InvisibilityTimeout"] = "00:00:10",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            ["Tickets:InFlightLease"] = "00:00:05",
            ["Serilog:MinimumLevel:Override:RecoveryWorker.Polling.SweepJob"] = "Debug",
        };
        return settings;
    }

    /// <summary>Parcels picked up and last seen in transit a week ago: every one has broken its promise.</summary>
    public static string[] LateParcels(WorkerFolder folder, int count, string prefix = "PG")
    {
        string[] numbers = [.. Enumerable.Range(1, count).Select(i => $"{prefix}{i:0000}")];
        folder.WriteTracking(numbers.ToDictionary(
            n => n,
            n => Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "InTransit", "Newark, NJ"))));
        return numbers;
    }

    /// <summary>Registers the shipments through the worker's API, in batches as a shop's system would.</summary>
    public static async Task PostShipmentsAsync(WorkerProcess worker, IEnumerable<string> numbers)
    {
        using var http = new HttpClient { BaseAddress = worker.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        TestAccess.Authorize(http);
        foreach (var batch in numbers.Chunk(100))
        {
            using var response = await http.PostAsJsonAsync("/api/shipments", batch.Select(n => Request(n, Start.AddHours(1))).ToArray());
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A "name: count" summary of a GROUP BY query, for failure messages.</summary>
    public static async Task<string> GroupsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var groups = new List<string>();
        while (await reader.ReadAsync())
        {
            groups.Add($"{(reader.IsDBNull(0) ? "null" : reader.GetValue(0))}: {reader.GetValue(1)}");
        }

        return string.Join(", ", groups);
    }

    /// <summary>Polls until <paramref name="done"/> holds or the time is up; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await done())
            {
                return true;
            }

            await Task.Delay(500);
        }

        return await done();
    }
}
