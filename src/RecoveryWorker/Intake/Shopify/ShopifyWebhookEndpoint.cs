using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Stores.Shopify;
using RecoveryWorker.Jobs;
using RecoveryWorker.Observability;

namespace RecoveryWorker.Intake.Shopify;

/// <summary>
/// <c>POST /webhooks/shopify</c>: Shopify's <c>fulfillments/create</c> and <c>fulfillments/update</c> deliveries. Shopify
/// cannot send our API keys, so the route is open to our authentication and closed by Shopify's own: the
/// <c>X-Shopify-Hmac-Sha256</c> header must be the base64 HMAC-SHA256 of the raw body under
/// <c>Intake:Shopify:WebhookSecret</c>, compared in constant time (401 otherwise). A good delivery is stored in the
/// inbox under <c>X-Shopify-Webhook-Id</c> and answered 200 at once (Shopify waits 5 s and retries what it does not
/// hear back from); a job does the work. The same delivery again is answered 200 and not processed twice.
/// </summary>
internal static class ShopifyWebhookEndpoint
{
    public const string Path = "/webhooks/shopify";

    /// <summary>The topics read; a store subscribed to others gets 200 and nothing happens.</summary>
    public static readonly IReadOnlySet<string> Topics = new HashSet<string>(StringComparer.Ordinal) { "fulfillments/create", "fulfillments/update" };

    /// <summary>A fulfilment with hundreds of line items stays well under this; anything larger is not a fulfilment.</summary>
    internal const int MaxBody = 1024 * 1024;

    public static IEndpointRouteBuilder MapShopifyWebhooks(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Anonymous to our schemes on purpose: the HMAC signature is the authentication (see the summary).
        app.MapPost(Path, ReceiveAsync).AllowAnonymous();
        return app;
    }

    /// <summary>True when <paramref name="signature"/> (base64) is the HMAC-SHA256 of <paramref name="body"/> under <paramref name="secret"/>.</summary>
    public static bool IsSigned(ReadOnlySpan<byte> body, string? signature, string secret)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> sent = stackalloc byte[HMACSHA256.HashSizeInBytes + 3];
        if (string.IsNullOrEmpty(secret) || string.IsNullOrWhiteSpace(signature)
            || !Convert.TryFromBase64String(signature.Trim(), sent, out var written) || written != HMACSHA256.HashSizeInBytes)
        {
            return false;
        }

        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, sent[..written]);
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext context,
        IOptions<ShopifyOptions> options,
        WebhookInbox inbox,
        IRecoveryJobs jobs,
        RecoveryMetrics metrics,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Shopify intake is not enabled (Intake:Shopify:Enabled).");
        }

        var logger = loggers.CreateLogger(typeof(ShopifyWebhookEndpoint).FullName!);
        var request = context.Request;
        var shop = Header(request, "X-Shopify-Shop-Domain");
        var deliveryId = Header(request, "X-Shopify-Webhook-Id");
        if (request.ContentLength > MaxBody)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"A Shopify delivery is at most {MaxBody} bytes.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxBody)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"A Shopify delivery is at most {MaxBody} bytes.");
        }

        if (!IsSigned(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Header(request, "X-Shopify-Hmac-Sha256"), o.WebhookSecret))
        {
            var reason = Header(request, "X-Shopify-Hmac-Sha256") is null ? "no X-Shopify-Hmac-Sha256 header" : "the X-Shopify-Hmac-Sha256 signature does not match the body";
            logger.ShopifyWebhookRefused(reason, shop, deliveryId);
            metrics.Webhook(ShopifyFulfillments.Source, "refused");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The delivery is not signed with this store's webhook secret.", detail: reason);
        }

        var topic = Header(request, "X-Shopify-Topic");
        if (deliveryId is null || topic is null)
        {
            var missing = deliveryId is null ? "X-Shopify-Webhook-Id" : "X-Shopify-Topic";
            return Results.ValidationProblem(new Dictionary<string, string[]> { [missing] = ["is required: Shopify sends it with every delivery"] }, title: "The delivery lacks a Shopify header.");
        }

        if (!Topics.Contains(topic))
        {
            return Results.Ok(new { accepted = false, reason = $"topic '{topic}' is not read; subscribe to {string.Join(" and ", Topics)}" });
        }

        var body = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var receipt = await inbox.ReceiveAsync(ShopifyFulfillments.Source, deliveryId, topic, body, cancellationToken);
        if (!receipt.Processed)
        {
            // A repeat of a delivery not yet processed is enqueued again: the first job may have been lost with its
            // process, and processing a delivery twice finds it done.
            jobs.ShopifyDelivery(deliveryId);
        }

        var state = receipt.IsNew ? "queued" : receipt.Processed ? "a repeat of a delivery processed already" : "a repeat of a delivery still queued";
        logger.ShopifyDeliveryAccepted(deliveryId, topic, state);
        metrics.Webhook(ShopifyFulfillments.Source, receipt.IsNew ? "accepted" : "repeated");
        return Results.Ok(new { accepted = true, duplicate = !receipt.IsNew });
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.ToString()) ? value.ToString().Trim() : null;
}
