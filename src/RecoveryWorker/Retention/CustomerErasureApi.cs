using RecoveryWorker.Access;

namespace RecoveryWorker.Retention;

/// <summary><c>DELETE /api/customers/{id}</c>: erase one customer's personal data now.</summary>
internal static class CustomerErasureApi
{
    public static WebApplication MapCustomerErasure(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapDelete("/api/customers/{**id}", EraseAsync).RequireAuthorization(AccessPolicies.Scope(Scopes.CustomersErase));
        return app;
    }

    /// <summary>
    /// Always 200 with the rows changed per table, for known and unknown ids alike: a repeated request, or one for a
    /// customer never seen, answers zeros. Nothing tells a caller whether an id was ever known.
    /// </summary>
    private static async Task<IResult> EraseAsync(string id, HttpContext http, PersonalDataEraser eraser, ILogger<PersonalDataEraser> logger, CancellationToken cancellationToken)
    {
        // Ids may hold slashes (Shopify's gid://shopify/Customer/42): sent escaped or not, the catch-all takes them whole,
        // and %2F, the one escape ASP.NET Core leaves in a path, is decoded here. No length limit: intake sets none, and
        // a customer whose id could not be named here could not be erased.
        id = id.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(id))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["is required"] });
        }

        var counts = await eraser.EraseCustomerAsync(id, cancellationToken);
        logger.CustomerErased(http.User.Identity?.Name ?? "unknown caller", counts.Shipments, counts.Cases, counts.HelpdeskWrites, counts.LocalTickets, counts.LocalTicketComments);
        return Results.Ok(new
        {
            customerId = id,
            erased = new
            {
                shipments = counts.Shipments,
                cases = counts.Cases,
                helpdeskWrites = counts.HelpdeskWrites,
                localTickets = counts.LocalTickets,
                localTicketComments = counts.LocalTicketComments,
            },
            helpdeskCopy = "Tickets in an external helpdesk (Zendesk, Freshdesk) keep their own copy of the requester: erase it there.",
        });
    }
}
