using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Access;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Helpdesks.Local;
using RecoveryWorker.Domain;
using RecoveryWorker.Intake;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Api;

/// <summary>The HTTP surface: JSON in camelCase, every error a problem+json naming the field.</summary>
internal static class RecoveryApi
{
    private const int MaxBatch = 1_000;

    public static WebApplication MapRecoveryApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api");
        api.MapPost("/shipments", RegisterAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.ShipmentsWrite));
        api.MapMethods("/shipments/{id:guid}", [HttpMethods.Patch], ChangeShipmentAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.ShipmentsWrite));
        api.MapDelete("/shipments/{id:guid}", CancelShipmentAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.ShipmentsWrite));
        api.MapGet("/shipments/{id:guid}", GetShipmentAsync).WithName("GetShipment").RequireAuthorization(AccessPolicies.Scope(Scopes.CasesRead));
        api.MapGet("/cases", ListCasesAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.CasesRead));
        api.MapGet("/cases/{id:guid}", GetCaseAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.CasesRead));
        api.MapGet("/tickets", ListTicketsAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.CasesRead));
        api.MapPost("/tracking-events", PushTrackingAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.TrackingWrite));
        api.MapGet("/webhook-deliveries", ListWebhookDeliveriesAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.CasesRead));
        api.MapCompensations();
        return app;
    }

    /// <summary>The body as JSON, or a problem naming the body when it is not JSON.</summary>
    private static async Task<(JsonElement? Body, IResult? Problem)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return ((await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken)).RootElement, null);
        }
        catch (JsonException ex)
        {
            return (null, Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not valid JSON: {ex.Message}"] }, title: "The request body is not valid JSON."));
        }
    }

    /// <summary>One item, or an array of 1 to <see cref="MaxBatch"/> (field names then start "[i]."), or a problem naming the body.</summary>
    private static async Task<(List<JsonElement> Items, bool IsArray, IResult? Problem)> ReadBatchAsync(HttpRequest request, string noun, CancellationToken cancellationToken)
    {
        var (read, unusable) = await ReadJsonAsync(request, cancellationToken);
        if (read is not { } body)
        {
            return ([], false, unusable);
        }

        var isArray = body.ValueKind == JsonValueKind.Array;
        List<JsonElement> items = isArray ? [.. body.EnumerateArray()] : [body];
        return isArray && items.Count is 0 or > MaxBatch
            ? ([], true, Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"must hold 1 to {MaxBatch} {noun}"] }))
            : (items, isArray, null);
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, ShipmentIntake intake, AcceptedCarriers carriers, PromiseCalculator promises, TimeProvider time, CancellationToken cancellationToken)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) && contentType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return await RegisterCsvAsync(request, request.HttpContext.RequestServices.GetRequiredService<CsvShipmentImport>(), cancellationToken);
        }

        var (items, isArray, unusable) = await ReadBatchAsync(request, "shipments", cancellationToken);
        if (unusable is not null)
        {
            return unusable;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var reading = new ShipmentReading(carriers.Codes, promises, time.GetUtcNow());
        var registrations = items.Select((item, i) => ShipmentRequestReader.Read(item, isArray ? $"[{i}]." : "", reading, errors)).ToList();
        if (errors.Count > 0)
        {
            // All or nothing: one bad shipment in a batch stores none, and every problem is listed at once.
            return Results.ValidationProblem(errors, title: isArray ? "One or more shipments are invalid; none was registered." : "The shipment is invalid.");
        }

        var results = await intake.RegisterAsync([.. registrations.Select(r => r!)], cancellationToken);
        if (!isArray)
        {
            var (id, created) = results[0];
            var location = $"/api/shipments/{id}";
            var promise = Promise(registrations[0]!);
            return created ? Results.Created(location, new { id, created, location, promise }) : Results.Ok(new { id, created, location, promise });
        }

        var view = results.Select((r, i) => new { index = i, id = r.Id, created = r.Created, location = $"/api/shipments/{r.Id}", promise = Promise(registrations[i]!) }).ToList();
        return results.Any(r => r.Created) ? Results.Json(view, statusCode: StatusCodes.Status201Created) : Results.Ok(view);
    }

    /// <summary>The promise as registered: given by the caller, or worked out from the service (and how).</summary>
    private static object Promise(ShipmentRegistration registration) =>
        new { promisedBy = registration.PromisedBy, computed = registration.PromiseBasis is not null, basis = registration.PromiseBasis };

    /// <summary>
    /// A CSV file: valid rows are registered, invalid ones listed by line and column (200 either way, with the counts);
    /// a file that cannot be read as shipments at all (no header, a missing column) is a 400 and registers nothing.
    /// </summary>
    private static async Task<IResult> RegisterCsvAsync(HttpRequest request, CsvShipmentImport import, CancellationToken cancellationToken)
    {
        var limits = request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LimitsOptions>>().Value;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxCsvRequestBodySize;
        }

        CsvImportReport report;
        try
        {
            report = await import.ImportAsync(request.Body, progress: null, cancellationToken);
        }
        catch (CsvImportException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] }, title: "The CSV file cannot be imported.");
        }

        if (report.Rows == 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["has a header but no rows"] }, title: "The CSV file holds no shipments.");
        }

        return Results.Ok(new
        {
            rows = report.Rows,
            registered = report.Registered,
            alreadyKnown = report.AlreadyKnown,
            invalidRows = report.InvalidRows,
            problems = report.Problems.Select(p => new { line = p.Line, column = p.Column, problem = p.Problem }),
            ignoredColumns = report.IgnoredColumns,
        });
    }

    /// <summary>
    /// Scans pushed in our normalized shape (one object or an array): applied at once through the same entry point as
    /// polled answers. All or nothing on validation, like shipments; numbers nobody registered are reported, not stored.
    /// </summary>
    private static async Task<IResult> PushTrackingAsync(HttpRequest request, TrackingPush push, AcceptedCarriers carriers, CancellationToken cancellationToken)
    {
        var (items, isArray, unusable) = await ReadBatchAsync(request, "scans", cancellationToken);
        if (unusable is not null)
        {
            return unusable;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var scans = items.Select((item, i) => TrackingEventRequestReader.Read(item, isArray ? $"[{i}]." : "", carriers.Codes, errors)).ToList();
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: isArray ? "One or more scans are invalid; none was applied." : "The scan is invalid.");
        }

        var result = await push.ApplyAsync([.. scans.Select(s => s!)], cancellationToken);
        return Results.Ok(new
        {
            scans = result.Scans,
            shipments = result.Shipments,
            unknown = result.Unknown.Select(u => new { carrier = u.Carrier.ToWireName(), trackingNumber = u.TrackingNumber }),
        });
    }

    /// <summary>A new promise the customer agreed to, or a corrected service: <c>promisedBy</c>, <c>promiseTimeZone</c>, <c>service</c>, <c>guaranteed</c>.</summary>
    private static async Task<IResult> ChangeShipmentAsync(Guid id, HttpRequest request, ShipmentChanges changes, CancellationToken cancellationToken)
    {
        var (read, unusable) = await ReadJsonAsync(request, cancellationToken);
        if (read is not { } body)
        {
            return unusable!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var patch = ShipmentPatchReader.Read(body, errors);
        if (patch is null)
        {
            return Results.ValidationProblem(errors, title: "The change is invalid; nothing was changed.");
        }

        return await ChangeOutcomeAsync(id, await changes.ChangeAsync(id, patch, request.HttpContext.User, cancellationToken), request, cancellationToken);
    }

    /// <summary>The order was cancelled: stop watching; open cases get an internal note and close, with no customer message.</summary>
    private static async Task<IResult> CancelShipmentAsync(Guid id, string? reason, HttpRequest request, ShipmentChanges changes, CancellationToken cancellationToken) =>
        await ChangeOutcomeAsync(id, await changes.CancelAsync(id, reason, request.HttpContext.User, cancellationToken), request, cancellationToken);

    private static async Task<IResult> ChangeOutcomeAsync(Guid id, ShipmentChangeOutcome outcome, HttpRequest request, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case ShipmentChangeOutcome.NotFound:
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such shipment.", detail: $"Shipment {id} is not registered.");
            case ShipmentChangeOutcome.Final:
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The shipment is final.", detail: $"Shipment {id} was delivered, returned or cancelled; there is nothing left to change.");
            case ShipmentChangeOutcome.TicketInFlight:
                request.HttpContext.Response.Headers.RetryAfter = "30";
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "A ticket is being opened.", detail: $"A ticket for a case of shipment {id} is being created at the helpdesk right now; send the request again in a minute.");
            default:
                var dbFactory = request.HttpContext.RequestServices.GetRequiredService<IDbContextFactory<RecoveryDbContext>>();
                return await GetShipmentAsync(id, dbFactory, cancellationToken);
        }
    }

    private static async Task<IResult> GetShipmentAsync(Guid id, IDbContextFactory<RecoveryDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shipment = await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (shipment is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such shipment.", detail: $"Shipment {id} is not registered.");
        }

        var cases = await db.Cases.AsNoTracking().Where(c => c.ShipmentId == id).ToListAsync(cancellationToken);
        var changes = await db.ShipmentChanges.AsNoTracking().Where(c => c.ShipmentId == id).OrderBy(c => c.At).ToListAsync(cancellationToken);
        return Results.Ok(ApiViews.Shipment(shipment, cases, changes));
    }

    /// <summary>Cases, newest first, with the console's filters (<see cref="CaseSearch"/>) and paging.</summary>
    private static async Task<IResult> ListCasesAsync(HttpContext http, IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var search = CaseSearch.Read(http.Request.Query, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await search.PageAsync(db, time.GetUtcNow(), cancellationToken);
        search.Paging.LinkNext(http, rows.Count);
        var ids = rows.Take(search.Paging.Size).Select(r => r.Case.Id).ToList();
        var cases = (await db.Cases.AsNoTracking().Include(c => c.FollowUps).Include(c => c.OwedEffects).AsSplitQuery()
                .Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken))
            .ToDictionary(c => c.Id);
        return Results.Ok(ids.Select(id => ApiViews.Case(cases[id])));
    }

    private static async Task<IResult> GetCaseAsync(Guid id, IDbContextFactory<RecoveryDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var @case = await db.Cases.AsNoTracking().Include(c => c.FollowUps).Include(c => c.OwedEffects).AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return @case is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such case.", detail: $"Case {id} does not exist.")
            : Results.Ok(ApiViews.Case(@case));
    }

    /// <summary>
    /// What came in by webhook and what became of it, newest first, without the bodies (they hold personal data and are
    /// dropped once processed). <c>attention=true</c>: the ones a person should look at: not processed yet, or processed
    /// into nothing watched (a carrier we do not track, an order Shopify no longer has, an invalid field).
    /// </summary>
    private static async Task<IResult> ListWebhookDeliveriesAsync(HttpContext http, string? page, string? pageSize, bool? attention, IDbContextFactory<RecoveryDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WebhookDeliveries.AsNoTracking();
        if (attention == true)
        {
            query = query.Where(d => d.ProcessedAt == null
                || !(d.Outcome!.StartsWith("registered:") || d.Outcome.StartsWith("cancelled:") || d.Outcome.StartsWith("no_tracking:")));
        }

        var items = await query.OrderByDescending(d => d.ReceivedAt).ThenBy(d => d.DeliveryId).Skip(paging.Skip).Take(paging.Size + 1)
            .Select(d => new { source = d.Source, deliveryId = d.DeliveryId, topic = d.Topic, receivedAt = d.ReceivedAt, repeats = d.Repeats, processedAt = d.ProcessedAt, outcome = d.Outcome })
            .ToListAsync(cancellationToken);
        paging.LinkNext(http, items.Count);
        return Results.Ok(items.Take(paging.Size));
    }

    private static async Task<IResult> ListTicketsAsync(HttpContext http, string? page, string? pageSize, IHelpdesk helpdesk, IDbContextFactory<RecoveryDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        if (helpdesk.Name != LocalHelpdeskServiceCollectionExtensions.ProviderName)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Tickets live in your helpdesk.", detail: $"Helpdesk:Provider is {helpdesk.Name}; /api/tickets lists only the Local helpdesk's tickets.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tickets = await db.LocalTickets.AsNoTracking().Include(t => t.Comments).OrderBy(t => t.Id).Skip(paging.Skip).Take(paging.Size + 1).ToListAsync(cancellationToken);
        paging.LinkNext(http, tickets.Count);
        return Results.Ok(tickets.Take(paging.Size).Select(ApiViews.Ticket));
    }
}
