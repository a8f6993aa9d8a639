using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using RecoveryWorker.Access;
using RecoveryWorker.Claims;
using RecoveryWorker.Intake;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Api;

/// <summary>
/// Carrier guarantee claims (README "Getting your money back"): the list (JSON, or CSV for the carrier's refund request),
/// the per-carrier monthly summary, one claim with its audit trail, and the outcomes filed, credited and denied.
/// </summary>
internal static class ClaimsApi
{
    public static WebApplication MapClaimsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/claims");
        api.MapGet("", ListAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.CasesRead));
        api.MapGet("/summary", SummaryAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.CasesRead));
        api.MapGet("/{id:guid}", GetAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.CasesRead));
        foreach (var outcome in ClaimOutcomes.Outcomes)
        {
            api.MapPost($"/{{id:guid}}/{outcome}", (Guid id, HttpContext http, ClaimOutcomes outcomes, CancellationToken cancellationToken) => RecordAsync(id, outcome, http, outcomes, cancellationToken))
                .RequireAuthorization(AccessPolicies.Scope(Scopes.ClaimsWrite));
        }

        return app;
    }

    /// <summary>CSV when asked by <c>format=csv</c> or <c>Accept: text/csv</c>; JSON otherwise.</summary>
    private static bool WantsCsv(HttpRequest request)
    {
        if (string.Equals(request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
            && accepted.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<IResult> ListAsync(HttpContext http, IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var filter = ClaimFilter.Read(query["status"], query["carrier"], query["exclusion"], query["dueWithin"], query["trackingNumber"], errors);
        var paging = Paging.Read(query["page"], query["pageSize"], errors);
        var format = query["format"].ToString();
        if (format.Length > 0 && format is not ("csv" or "json"))
        {
            errors["format"] = [$"'{format}' is not a format; use csv or json"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claims = filter.Apply(db.Claims.AsNoTracking(), time.GetUtcNow());
        if (WantsCsv(http.Request))
        {
            // The whole selection: a refund request goes to the carrier in one file, not page by page.
            var rows = await claims.ToListAsync(cancellationToken);
            var name = $"claims-{filter.Status ?? "all"}-{time.GetUtcNow():yyyy-MM-dd}.csv";
            return Results.File(Encoding.UTF8.GetBytes(ClaimsCsv.Write(rows)), "text/csv; charset=utf-8", name);
        }

        var page = await claims.Skip(paging.Skip).Take(paging.Size + 1).ToListAsync(cancellationToken);
        paging.LinkNext(http, page.Count);
        return Results.Ok(page.Take(paging.Size).Select(c => View(c, events: null)).ToList());
    }

    private static async Task<IResult> SummaryAsync(HttpContext http, ClaimSummary summary, TimeProvider time, CancellationToken cancellationToken)
    {
        var monthsText = http.Request.Query["months"].ToString();
        var months = ClaimSummary.DefaultMonths;
        if (monthsText.Length > 0 && (!int.TryParse(monthsText, NumberStyles.None, CultureInfo.InvariantCulture, out months) || months is < 1 or > 36))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["months"] = [$"'{monthsText}' is not a number of months (1 to 36)"] });
        }

        var rows = await summary.ComputeAsync(time.GetUtcNow(), months, cancellationToken);
        return WantsCsv(http.Request)
            ? Results.File(Encoding.UTF8.GetBytes(ClaimSummary.Csv(rows)), "text/csv; charset=utf-8", $"claims-summary-{months}m.csv")
            : Results.Ok(rows.Select(m => new
            {
                carrier = m.Carrier, month = m.Month, currency = m.Currency,
                eligible = m.Eligible, excluded = m.Excluded, filed = m.Filed, credited = m.Credited, denied = m.Denied, expired = m.Expired,
                amountEligible = m.AmountEligible, amountRecovered = m.AmountRecovered, compensationGranted = m.CompensationGranted,
            }).ToList());
    }

    private static async Task<IResult> GetAsync(Guid id, IDbContextFactory<RecoveryDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claim = await db.Claims.AsNoTracking().Include(c => c.Events).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return claim is null ? NotFound(id) : Results.Ok(View(claim, claim.Events.OrderBy(e => e.At).ToList()));
    }

    private static async Task<IResult> RecordAsync(Guid id, string outcome, HttpContext http, ClaimOutcomes outcomes, CancellationToken cancellationToken)
    {
        var (request, errors) = await ReadAsync(http.Request, cancellationToken);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        return await outcomes.RecordAsync(id, outcome, request, ShipmentChanges.Actor(http.User), cancellationToken) switch
        {
            ClaimOutcomeResult.Recorded recorded => Results.Ok(View(recorded.Claim, events: null)),
            ClaimOutcomeResult.Invalid invalid => Results.ValidationProblem(invalid.Errors),
            ClaimOutcomeResult.Conflict conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The claim cannot be {outcome} now.", detail: conflict.Detail),
            _ => NotFound(id),
        };
    }

    /// <summary>An optional JSON body: <c>{"note": "...", "carrierReference": "...", "amount": 12.5}</c>; every problem named by its field.</summary>
    private static async Task<(ClaimOutcomeRequest Request, Dictionary<string, string[]> Errors)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var empty = new ClaimOutcomeRequest(null, null, null);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (empty, errors); // no body: the outcome alone
        }

        JsonElement body;
        try
        {
            body = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException ex)
        {
            errors["body"] = [$"is not valid JSON: {ex.Message}"];
            return (empty, errors);
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["must be a JSON object"];
            return (empty, errors);
        }

        string? note = null, reference = null;
        decimal? amount = null;
        foreach (var property in body.EnumerateObject())
        {
            switch (property.Name)
            {
                case "note" when property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                    note = property.Value.GetString();
                    break;
                case "carrierReference" when property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                    reference = property.Value.GetString();
                    break;
                case "amount" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDecimal(out var value):
                    amount = value;
                    break;
                case "amount" when property.Value.ValueKind == JsonValueKind.Null:
                    break;
                case "note" or "carrierReference":
                    errors[property.Name] = ["must be a string"];
                    break;
                case "amount":
                    errors["amount"] = ["must be a number"];
                    break;
                default:
                    errors[property.Name] = ["is not a field of a claim outcome (note, carrierReference, amount)"];
                    break;
            }
        }

        return (new ClaimOutcomeRequest(note, reference, amount), errors);
    }

    private static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such claim.", detail: $"Claim {id} does not exist.");

    private static object View(ClaimRecord c, List<ClaimEventRecord>? events) => new
    {
        id = c.Id,
        shipmentId = c.ShipmentId,
        carrier = c.Carrier,
        trackingNumber = c.TrackingNumber,
        service = c.ServiceCode,
        shippedAt = c.ShippedAt,
        reason = c.Reason,
        scheduledDelivery = c.Commitment,
        scheduledDeliveryEvidence = c.CommitmentEvidence,
        actualDelivery = c.ActualDelivery,
        actualDeliveryEvidence = c.DeliveryEvidence,
        amount = c.Amount,
        currency = c.Currency,
        fileBy = c.FileBy,
        status = c.Status,
        exclusion = c.Exclusion,
        exclusionEvidence = c.ExclusionEvidence,
        openedAt = c.OpenedAt,
        filedAt = c.FiledAt,
        closedAt = c.ClosedAt,
        carrierReference = c.CarrierReference,
        creditedAmount = c.CreditedAmount,
        events = events?.Select(e => new { at = e.At, actor = e.Actor, action = e.Action, note = e.Note }).ToList(),
    };
}
