using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Access;
using RecoveryWorker.Intake;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Api;

/// <summary>A ledger entry as the API shows it.</summary>
internal sealed record CompensationView(
    Guid Id, Guid CaseId, string CaseKey, string Kind, decimal Amount, string Currency, string Status, string Carrier, string BreachType,
    DateTimeOffset ProposedAt, DateTimeOffset? OfferedAt, string? OfferedBy, DateTimeOffset? GrantedAt, string? GrantedBy,
    DateTimeOffset? RedeemedAt, string? RedeemedBy, DateTimeOffset? WithdrawnAt, string? WithdrawnBy, string? Reason, string? IssuerRef);

/// <summary>One group of the totals: entries and amounts per status, in one currency.</summary>
internal sealed record CompensationTotal(string Group, string Currency, int Entries, IReadOnlyDictionary<string, decimal> AmountByStatus)
{
    /// <summary>What was spent or promised: every status but withdrawn.</summary>
    public decimal Committed => AmountByStatus.Where(a => a.Key != CompensationStatuses.Withdrawn).Sum(a => a.Value);
}

/// <summary>
/// The compensation ledger over HTTP: <c>GET /api/compensations</c> (filters, paging, CSV), totals per day, carrier or
/// breach type, and the steps people take (granted, redeemed, withdrawn), each recorded with who and why.
/// </summary>
internal static class CompensationApi
{
    public static readonly IReadOnlyList<string> Groupings = ["day", "carrier", "breachType"];

    private const int MaxCsvRows = 100_000;

    public static RouteGroupBuilder MapCompensations(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/compensations", ListAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.CasesRead));
        api.MapGet("/compensations/totals", GetTotalsAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.CasesRead));
        api.MapPost("/compensations/{id:guid}/{step:regex(^(granted|redeemed|withdrawn)$)}", MoveAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.CompensationsWrite));
        return api;
    }

    /// <summary>The filters of a list or totals query (status, carrier, breachType, from, to on the proposal time).</summary>
    internal sealed record Filter(string? Status, string? Carrier, string? BreachType, DateTimeOffset? From, DateTimeOffset? To)
    {
        public static Filter Read(HttpRequest request, Dictionary<string, string[]> errors)
        {
            var query = request.Query;
            var status = (string?)query["status"];
            if (status is not null && !CompensationStatuses.All.Contains(status))
            {
                errors["status"] = [$"'{status}' is not a status; use {string.Join(", ", CompensationStatuses.All)}"];
            }

            return new Filter(status, Blank(query["carrier"]), Blank(query["breachType"]), Instant(query["from"], "from", errors), Instant(query["to"], "to", errors));
        }

        public IQueryable<CompensationRecord> Apply(IQueryable<CompensationRecord> entries)
        {
            entries = Status is null ? entries : entries.Where(c => c.Status == Status);
            entries = Carrier is null ? entries : entries.Where(c => c.Carrier == Carrier);
            entries = BreachType is null ? entries : entries.Where(c => c.BreachType == BreachType);
            entries = From is not { } from ? entries : entries.Where(c => c.ProposedAt >= from);
            return To is not { } to ? entries : entries.Where(c => c.ProposedAt < to);
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        private static DateTimeOffset? Instant(string? value, string field, Dictionary<string, string[]> errors)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                return instant;
            }

            errors[field] = [$"'{value}' is not a date or an ISO 8601 instant"];
            return null;
        }
    }

    private static async Task<IResult> ListAsync(HttpContext http, string? page, string? pageSize, string? format, IDbContextFactory<RecoveryDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        var filter = Filter.Read(http.Request, errors);
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || (format is null && http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)));
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            errors["format"] = [$"'{format}' is not a format; use json or csv"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ordered = filter.Apply(db.Compensations.AsNoTracking()).OrderByDescending(c => c.ProposedAt).ThenBy(c => c.Id);
        var rows = csv ? ordered.Take(MaxCsvRows) : ordered.Skip(paging.Skip).Take(paging.Size + 1);
        var views = await rows
            .Join(db.Cases, c => c.CaseId, k => k.Id, (c, k) => new CompensationView(
                c.Id, c.CaseId, k.Key, c.Kind, c.Amount, c.Currency, c.Status, c.Carrier, c.BreachType, c.ProposedAt, c.OfferedAt, c.OfferedBy,
                c.GrantedAt, c.GrantedBy, c.RedeemedAt, c.RedeemedBy, c.WithdrawnAt, c.WithdrawnBy, c.Reason, c.IssuerRef))
            .ToListAsync(cancellationToken);
        if (csv)
        {
            return Results.Text(Csv(views), "text/csv; charset=utf-8", Encoding.UTF8);
        }

        paging.LinkNext(http, views.Count);
        return Results.Ok(views.Take(paging.Size));
    }

    private static async Task<IResult> GetTotalsAsync(HttpContext http, string? by, IDbContextFactory<RecoveryDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = Filter.Read(http.Request, errors);
        var grouping = by ?? "day";
        if (!Groupings.Contains(grouping))
        {
            errors["by"] = [$"'{by}' is not a grouping; use {string.Join(", ", Groupings)}"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return Results.Ok(await TotalsAsync(db, filter, grouping, cancellationToken));
    }

    /// <summary>Totals per group and currency. Summed in memory: SQLite keeps decimals as text and cannot add them.</summary>
    public static async Task<IReadOnlyList<CompensationTotal>> TotalsAsync(RecoveryDbContext db, Filter filter, string grouping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var rows = await filter.Apply(db.Compensations.AsNoTracking())
            .Select(c => new { c.ProposedAt, c.Carrier, c.BreachType, c.Currency, c.Status, c.Amount })
            .ToListAsync(cancellationToken);
        return [.. rows
            .GroupBy(r => (Group: grouping switch
            {
                "carrier" => r.Carrier,
                "breachType" => r.BreachType,
                _ => r.ProposedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }, r.Currency))
            .OrderBy(g => g.Key.Group, StringComparer.Ordinal).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => new CompensationTotal(g.Key.Group, g.Key.Currency, g.Count(),
                g.GroupBy(r => r.Status, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Sum(r => r.Amount), StringComparer.Ordinal)))];
    }

    private static async Task<IResult> MoveAsync(Guid id, string step, HttpRequest request, IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time, RecoveryMetrics metrics, ILogger<CompensationView> logger, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.Compensations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (entry is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such compensation.", detail: $"No compensation has the id {id}.");
        }

        string? reason = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("reason", out var given) && given.ValueKind == JsonValueKind.String)
            {
                reason = given.GetString()?.Trim();
            }
        }
        catch (JsonException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not valid JSON: {ex.Message}"] }, title: "The request body is not valid JSON.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["is required: say why, in 1 to 500 characters (it is kept with the entry)"] }, title: "The step needs a reason.");
        }

        var actor = ShipmentChanges.Actor(request.HttpContext.User);
        if (!await CompensationLedger.MoveAsync(db, id, step, actor, reason, time.GetUtcNow(), cancellationToken))
        {
            var current = await db.Compensations.Where(c => c.Id == id).Select(c => c.Status).FirstAsync(cancellationToken);
            logger.CompensationRefused(id, step, current);
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The compensation cannot take this step.",
                detail: $"It is {current}; {step} follows only {string.Join(" or ", CompensationStatuses.From(step))}.");
        }

        var caseKey = await db.Cases.Where(c => c.Id == entry.CaseId).Select(c => c.Key).FirstOrDefaultAsync(cancellationToken) ?? "";
        metrics.Compensation(step, entry.Kind, entry.Amount, entry.Currency);
        logger.CompensationMoved(id, caseKey, step, actor, reason);
        var moved = await db.Compensations.AsNoTracking().FirstAsync(c => c.Id == id, cancellationToken);
        return Results.Ok(new { moved.Id, moved.Status, moved.GrantedAt, moved.GrantedBy, moved.RedeemedAt, moved.RedeemedBy, moved.WithdrawnAt, moved.WithdrawnBy, moved.Reason });
    }

    private static readonly string[] Columns =
        ["id", "case_key", "kind", "amount", "currency", "status", "carrier", "breach_type", "proposed_at", "offered_at", "granted_at", "granted_by", "redeemed_at", "withdrawn_at", "reason"];

    public static string Csv(IEnumerable<CompensationView> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        static string When(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
        var lines = new List<string> { string.Join(',', Columns) };
        lines.AddRange(views.Select(v => string.Join(',',
            v.Id.ToString(), CsvText.Field(v.CaseKey), CsvText.Field(v.Kind), v.Amount.ToString("0.00", CultureInfo.InvariantCulture), v.Currency, v.Status, CsvText.Field(v.Carrier), CsvText.Field(v.BreachType),
            When(v.ProposedAt), When(v.OfferedAt), When(v.GrantedAt), CsvText.Field(v.GrantedBy), When(v.RedeemedAt), When(v.WithdrawnAt), CsvText.Field(v.Reason))));
        return string.Join("\r\n", lines) + "\r\n";
    }
}
