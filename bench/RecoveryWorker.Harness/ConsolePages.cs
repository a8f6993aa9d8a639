using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RecoveryWorker.Access;

namespace RecoveryWorker.Harness;

/// <summary>
/// The recovery console on a large PostgreSQL store (issue 13): N shipments over 127 days of deadlines, every tenth
/// with a case and its opened ticket, seeded in SQL; then each page is asked for by a signed-in viewer, once to warm up
/// and three times timed, through the real ASP.NET Core pipeline in-process. The median is reported.
/// </summary>
internal static partial class ConsolePages
{
    /// <summary>This run's viewer password: made afresh each run, like the host's own user and key.</summary>
    private static readonly string Password = Guid.NewGuid().ToString("N");

    /// <summary>What a page may take to be called fast.</summary>
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    public static async Task MeasureAsync(Report report, Sizes sizes, BenchPostgres? postgres, CancellationToken cancellationToken)
    {
        if (postgres is null)
        {
            report.Note("console: not measured (needs PostgreSQL).");
            return;
        }

        using var store = Store.Create(StoreKind.Postgres, postgres, "bench_console");
        var now = TimeProvider.System.GetUtcNow();
        var settings = new Dictionary<string, string?>(store.Settings)
        {
            ["Auth:Users:lead:PasswordHash"] = new PasswordHasher<AccessUser>().HashPassword(new AccessUser(), Password),
            ["Auth:Users:lead:Role"] = Roles.Viewer,
        };
        await using var host = new ServiceHost(new FakeTimeProvider(now), new SimulatedCarrier(new FakeTimeProvider(now), (_, _) => null), settings);
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = null; // the console is for people: a session, never an API key

        var seeding = Stopwatch.StartNew();
        var (caseId, shipmentId) = await SeedAsync(store.PostgresConnectionString!, sizes.ConsoleShipments, now, cancellationToken);
        seeding.Stop();
        await SignInAsync(client, cancellationToken);

        var n = sizes.ConsoleShipments;
        var middle = n / 2;
        string[] pages =
        [
            "/console/cases", "/console/cases?status=escalated&breachType=late", "/console/cases?carrier=ups&age=30d",
            "/console/cases?waiting=true", "/console/cases?sort=lateness", Text.Invariant($"/console/cases?q=ORD-{middle}"),
            "/console/cases?page=10&pageSize=500", $"/console/cases/{caseId}",
            Text.Invariant($"/console/shipments?q=TRK{middle:000000000}"), $"/console/shipments/{shipmentId}",
            "/console/promises?period=7&group=carrier", "/console/promises?period=30&group=carrier", "/console/promises?period=90&group=carrier",
            "/console/promises?period=90&group=lane", "/console/promises?period=90&table=weekly&format=csv",
            "/hangfire", // the dashboard's home with the worker's figures (shipments watched, cases open by status, owed writes)
        ];
        foreach (var page in pages)
        {
            var median = await TimeAsync(client, page, cancellationToken);
            var name = page.Replace(caseId.ToString(), "{id}", StringComparison.Ordinal).Replace(shipmentId.ToString(), "{id}", StringComparison.Ordinal);
            report.Add(new Figure("console", Text.Invariant($"{name} at {n:N0} shipments"), Text.Invariant($"{median.TotalMilliseconds:N0} ms"), "≤ 1 s", median <= Target));
        }

        report.Note(Text.Invariant(
            $"console: {n:N0} shipments (deadlines over 127 days, 4 carriers, 3 services, 35 lanes) and {n / 10:N0} cases with their opened tickets, seeded in SQL in {seeding.Elapsed.TotalSeconds:N0} s on PostgreSQL; each page asked for by a signed-in viewer once to warm up, then three times; the median. The 90-day promise keeping reads about {n * 90 / 127:N0} shipments."));
    }

    private static async Task<TimeSpan> TimeAsync(HttpClient client, string page, CancellationToken cancellationToken)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(page, cancellationToken);
            _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            clock.Stop();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"console: {page} answered {(int)response.StatusCode}");
            }

            if (i > 0)
            {
                times.Add(clock.Elapsed);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static async Task SignInAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var form = await client.GetStringAsync("/login", cancellationToken);
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "lead", ["password"] = Password, ["__RequestVerificationToken"] = token, ["returnUrl"] = "/console/cases",
        });
        using var response = await client.PostAsync("/login", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString() != "/console/cases")
        {
            throw new InvalidOperationException($"console: signing in answered {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    /// <summary>Seeds the store in three set-based statements; returns a case and a shipment from the middle.</summary>
    private static async Task<(Guid Case, Guid Shipment)> SeedAsync(string connectionString, int n, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var sql in SeedSql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            command.Parameters.AddWithValue("n", n);
            command.Parameters.AddWithValue("now", now);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var middle = n / 2 / 10 * 10;
        await using var find = new NpgsqlCommand("SELECT \"Id\", \"ShipmentId\" FROM cases WHERE \"ShipmentId\" = md5('s' || @i)::uuid", connection);
        find.Parameters.AddWithValue("i", middle.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetGuid(0), reader.GetGuid(1));
    }

    /// <summary>
    /// Shipment i's deadline is @now − 120 days + i × 127 days / @n; 80 % delivered, some of them late; a case for every
    /// tenth, opened around its deadline, with its ticket delivered two minutes later; statuses and breach types mixed.
    /// </summary>
    private static readonly string[] SeedSql =
    [
        """
        INSERT INTO shipments ("Id","OrderId","Carrier","TrackingNumber","ServiceCode","PromisedBy","PromiseTimeZone","Guaranteed","ShippedAt",
          "CustomerId","CustomerEmail","CustomerName","CustomerLocale","OrderValue","ShippingCost","Currency","RegisteredAt",
          "ConsecutiveCheckFailures","TrackingStatus","LastEventAt","DeliveredAt","Version","OriginCountry","OriginRegion","DestinationCountry","DestinationRegion","DestinationPostalCode")
        SELECT md5('s' || i)::uuid, 'ORD-' || i, (ARRAY['ups','fedex','usps','dhl'])[1 + i % 4], 'TRK' || lpad(i::text, 9, '0'),
          (ARRAY['ground','two_day','next_day_air'])[1 + (i / 4) % 3], d.due, 'America/New_York', (i % 7 = 0), d.due - interval '4 days',
          'cust-' || (i % 400000), 'c' || i || '@example.com', 'Customer ' || i, 'en-US', 50 + i % 200, 9.95, 'USD', d.due - interval '4 days',
          0, CASE WHEN i % 10 < 8 THEN 'Delivered' ELSE 'InTransit' END, d.due - interval '1 day',
          CASE WHEN i % 10 < 8 THEN d.due + ((i % 17) - 12) * interval '1 hour' END,
          md5('v' || i)::uuid, 'US', (ARRAY['CA','TX','NJ','IL','GA'])[1 + i % 5], 'US', (ARRAY['NY','CA','FL','WA','MA','OH','AZ'])[1 + i % 7], lpad((i % 99999)::text, 5, '0')
        FROM generate_series(1, @n) AS i
        CROSS JOIN LATERAL (SELECT @now - interval '120 days' + i * (interval '127 days' / @n) AS due) d
        """,
        """
        INSERT INTO cases ("Id","Key","ShipmentId","CustomerId","OpenedAs","Episode","BreachType","Severity","Status","TypesSeen","RepeatCustomer",
          "CarrierRefundEligible","EvidenceJson","Helpdesk","TicketId","TicketClaim","RemedyCapped","DetectedAt","UpdatedAt","ResolvedAt","Version")
        SELECT md5('c' || i)::uuid, md5('s' || i) || ':' || t.type || ':1', md5('s' || i)::uuid, 'cust-' || (i % 400000), t.type, 1, t.type,
          (ARRAY['minor','major','critical'])[1 + i % 3], (ARRAY['TicketOpened','FollowingUp','Escalated','Resolved','Resolved'])[1 + (i / 10) % 5], t.type,
          (i % 30 = 0), false, '{}', 'local', 'T' || i, 'Done', false, d.due + ((i % 5) - 3) * interval '1 hour', @now,
          CASE WHEN (i / 10) % 5 >= 3 THEN d.due + interval '1 day' END, md5('cv' || i)::uuid
        FROM generate_series(10, @n, 10) AS i
        CROSS JOIN LATERAL (SELECT @now - interval '120 days' + i * (interval '127 days' / @n) AS due) d
        CROSS JOIN LATERAL (SELECT (ARRAY['late','delivered_late','stalled','exception','at_risk','not_picked_up','service_mismatch'])[1 + (i / 10) % 7] AS type) t
        """,
        """
        INSERT INTO owed_effects ("Id","CaseId","Key","Kind","Body","Public","CreatedAt","Ordinal","State","Attempts","DeliveredAt")
        SELECT md5('e' || i)::uuid, md5('c' || i)::uuid, md5('s' || i) || ':open', 'open_ticket', 'Dear customer, ...', true,
          d.due + ((i % 5) - 3) * interval '1 hour', 0, 'Delivered', 1, d.due + ((i % 5) - 3) * interval '1 hour' + interval '2 minutes'
        FROM generate_series(10, @n, 10) AS i
        CROSS JOIN LATERAL (SELECT @now - interval '120 days' + i * (interval '127 days' / @n) AS due) d
        """,
        "ANALYZE",
    ];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
