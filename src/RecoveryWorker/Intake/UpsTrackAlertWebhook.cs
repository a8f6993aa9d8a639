using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using RecoveryWorker.Access;
using RecoveryWorker.Connectors.Carriers.Ups;

namespace RecoveryWorker.Intake;

/// <summary>
/// <c>POST /webhooks/ups/track-alert</c>: UPS Track Alert delivers one scan per call for the parcels we subscribed. The
/// caller is UPS, which cannot hold one of our API keys: it proves itself with the credential we registered with the
/// subscriptions (<c>Carriers:Ups:TrackAlert:WebhookCredential</c>), sent back in the <c>credential</c> header (or as
/// <c>Authorization: Bearer</c>, the subscription's credentialType), compared in constant time. The body must match the
/// spec's TrackingEvent schema (else 400 naming the fields, nothing stored); the scan then goes in through
/// <see cref="TrackingPush"/>, the same batch entry point as a poll, before the answer, so a broken promise has its
/// case (and its owed ticket) when UPS hears 200.
/// </summary>
internal static class UpsTrackAlertWebhook
{
    public const string Route = "/webhooks/ups/track-alert";

    public const string CredentialHeader = "credential";

    public static WebApplication MapUpsTrackAlert(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Anonymous to our API-key and cookie schemes on purpose: the shared credential checked below is its authentication.
        app.MapPost(Route, ReceiveAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, IOptions<UpsOptions> ups, TrackingPush push, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var options = ups.Value;
        if (!options.Enabled || !options.TrackAlert.Enabled)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "UPS Track Alert is not enabled.", detail: "Set Carriers:Ups:TrackAlert:Enabled (and Carriers:Ups:Enabled) to receive Track Alert deliveries here.");
        }

        var logger = loggers.CreateLogger(typeof(UpsTrackAlertWebhook).FullName!);
        if (Presented(request) is not { } presented || !SameSecret(presented, options.TrackAlert.WebhookCredential))
        {
            logger.TrackAlertUnauthorized(request.Headers.ContainsKey(CredentialHeader) || request.Headers.ContainsKey(HeaderNames.Authorization) ? "the credential does not match" : "no credential header");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The Track Alert credential is missing or wrong.", detail: $"Send the credential registered with the subscription in the '{CredentialHeader}' header.");
        }

        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken)).RootElement;
        }
        catch (JsonException ex)
        {
            logger.TrackAlertInvalid("body");
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not valid JSON: {ex.Message}"] }, title: "The request body is not valid JSON; nothing was stored.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (UpsTrackAlertEvents.Read(body, time.GetUtcNow(), errors) is not { } scan)
        {
            var fields = string.Join(", ", errors.Keys);
            logger.TrackAlertInvalid(fields);
            return Results.ValidationProblem(errors, title: "The Track Alert delivery breaks the TrackingEvent schema; nothing was stored.");
        }

        var result = await push.ApplyAsync([new PushedScan(scan.Carrier, scan.TrackingNumber, scan.Event, scan.EstimatedDelivery)], cancellationToken);
        if (result.Unknown.Count > 0)
        {
            // Not an error for UPS: it was subscribed once (or by another system on the same account); 200 stops its retries.
            logger.TrackAlertUnknown(scan.TrackingNumber);
        }
        else
        {
            var status = scan.Event.Status.ToString();
            logger.TrackAlertApplied(scan.TrackingNumber, status, result.Shipments);
        }

        return Results.Ok(new { trackingNumber = scan.TrackingNumber, status = WireNames.Snake(scan.Event.Status), shipments = result.Shipments, known = result.Unknown.Count == 0 });
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue(CredentialHeader, out var credential) && credential.Count == 1 && !string.IsNullOrEmpty(credential[0]))
        {
            return credential[0];
        }

        return ApiKeyAuthenticationHandler.TryReadBearer(request, out var bearer) ? bearer : null;
    }

    /// <summary>Constant time whatever the lengths: both sides are hashed first, so not even the length leaks.</summary>
    private static bool SameSecret(string presented, string expected)
    {
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return expected.Length > 0 && CryptographicOperations.FixedTimeEquals(a, b);
    }
}
