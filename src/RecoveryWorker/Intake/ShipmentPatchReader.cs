using System.Text.Json;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Intake;

/// <summary>Reads <c>PATCH /api/shipments/{id}</c>: only the promise and the service may change, each field checked as at intake.</summary>
internal static class ShipmentPatchReader
{
    private static readonly string[] Allowed = ["promisedBy", "promiseTimeZone", "service", "guaranteed"];

    public static ShipmentPatch? Read(JsonElement body, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["must be a JSON object with any of " + string.Join(", ", Allowed)];
            return null;
        }

        foreach (var property in body.EnumerateObject().Where(p => !Allowed.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors[property.Name] = [$"cannot be changed; only {string.Join(", ", Allowed)} can (register a new shipment for anything else)"];
        }

        DateTimeOffset? promisedBy = null;
        if (String(body, "promisedBy", errors) is { } text)
        {
            if (!CarrierTimestamp.TryParse(text, out var at) || at.Instant is not { } instant)
            {
                errors["promisedBy"] = [$"'{text}' is not an ISO-8601 date-time with a UTC offset, e.g. 2026-11-20T12:00:00-05:00"];
            }
            else
            {
                promisedBy = instant;
            }
        }

        var zone = String(body, "promiseTimeZone", errors);
        if (zone is not null && !PromiseZones.TryResolve(zone, out _))
        {
            errors["promiseTimeZone"] = [$"'{zone}' is not an IANA time zone (e.g. America/Chicago)"];
        }

        var service = String(body, "service", errors);
        bool? guaranteed = null;
        if (body.TryGetProperty("guaranteed", out var flag))
        {
            if (flag.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                guaranteed = flag.GetBoolean();
            }
            else
            {
                errors["guaranteed"] = ["must be true or false"];
            }
        }

        if (errors.Count == 0 && promisedBy is null && zone is null && service is null && guaranteed is null)
        {
            errors["body"] = ["changes nothing; send any of " + string.Join(", ", Allowed)];
        }

        return errors.Count > 0 ? null : new ShipmentPatch(promisedBy, zone, service, guaranteed);
    }

    private static string? String(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString()!.Trim() is not { Length: > 0 and <= 200 } text)
        {
            errors[name] = ["must be a non-empty string of at most 200 characters"];
            return null;
        }

        return text;
    }
}
