using System.Text.Json;

namespace RecoveryWorker.Intake;

/// <summary>
/// Reads <c>PATCH /api/shipments/{id}</c>: only the promise and the service may change, each field present checked by
/// the same rules as at intake (<see cref="ShipmentRequestReader"/>).
/// </summary>
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

        // A field sent is a field to change: present, it is required to be valid.
        var promisedBy = Has(body, "promisedBy") ? ShipmentRequestReader.Instant(body, "promisedBy", "", errors, required: true) : null;
        var zone = Has(body, "promiseTimeZone") ? ShipmentRequestReader.TimeZoneId(body, "promiseTimeZone", "", errors, required: true, out _) : null;
        var service = Has(body, "service") ? ShipmentRequestReader.Text(body, "service", "", errors, required: true) : null;
        bool? guaranteed = null;
        if (body.TryGetProperty("guaranteed", out var flag))
        {
            if (flag.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                guaranteed = flag.GetBoolean();
            }
            else
            {
                ShipmentRequestReader.Add(errors, "guaranteed", "must be true or false");
            }
        }

        if (errors.Count == 0 && promisedBy is null && zone is null && service is null && guaranteed is null)
        {
            errors["body"] = ["changes nothing; send any of " + string.Join(", ", Allowed)];
        }

        return errors.Count > 0 ? null : new ShipmentPatch(promisedBy, zone, service, guaranteed);
    }

    private static bool Has(JsonElement body, string name) => body.TryGetProperty(name, out _);
}
