using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Intake;

/// <summary>
/// Reads one shipment from request JSON and says exactly what is wrong with it, field by field, so a caller can
/// fix everything in one go. Field names are the JSON paths the caller sent ("customer.email", "[2].promisedBy").
/// </summary>
internal static class ShipmentRequestReader
{
    private const int MaxText = 200;

    /// <summary>The fields a computed promise is worked out from.</summary>
    private static readonly string[] PromiseInputs = ["carrier", "promisedBy", "shippedAt", "promiseTimeZone", "destinationCountry", "destination.country"];

    public static ShipmentRegistration? Read(JsonElement item, string prefix, ShipmentReading reading, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(errors);
        var carriers = reading.Carriers;
        if (item.ValueKind != JsonValueKind.Object)
        {
            Add(errors, prefix.TrimEnd('.'), "must be a JSON object");
            return null;
        }

        var before = errors.Count;
        var orderId = Text(item, "orderId", prefix, errors);
        var carrierText = Text(item, "carrier", prefix, errors);
        var carrier = default(CarrierCode);
        if (carrierText is not null && !(CarrierCodes.TryParse(carrierText, out carrier) && carriers.Contains(carrier)))
        {
            Add(errors, prefix + "carrier", $"'{carrierText}' is not a carrier; use one of {string.Join(", ", Enum.GetValues<CarrierCode>().Where(carriers.Contains).Select(c => c.ToWireName()))}");
        }

        var trackingNumber = Text(item, "trackingNumber", prefix, errors);
        if (trackingNumber is not null && !trackingNumber.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or ' '))
        {
            Add(errors, prefix + "trackingNumber", "may hold only letters, digits, spaces and dashes");
        }

        var service = Text(item, "service", prefix, errors);
        var promisedBy = Instant(item, "promisedBy", prefix, errors, required: false);
        var zoneId = TimeZoneId(item, "promiseTimeZone", prefix, errors, required: false, out var zone);

        var guaranteed = Bool(item, "guaranteed", prefix, errors);
        var shippedAt = Instant(item, "shippedAt", prefix, errors, required: false);
        var destinationCountry = Text(item, "destinationCountry", prefix, errors, required: false);
        if (destinationCountry is not null && !Place.IsCountry(destinationCountry))
        {
            Add(errors, prefix + "destinationCountry", $"'{destinationCountry}' is not an ISO 3166-1 country code in capitals, e.g. US or DE");
        }

        // Where the parcel leaves from and goes to, for lanes; destination.country also picks the holidays, as
        // destinationCountry (the older flat field) does.
        var origin = PlaceOf(item, "origin", prefix, errors);
        var destination = PlaceOf(item, "destination", prefix, errors);
        if (destination is not null && destinationCountry is not null && destination.Country != destinationCountry)
        {
            Add(errors, prefix + "destination.country", $"'{destination.Country}' differs from destinationCountry '{destinationCountry}'; send one of them");
        }

        destinationCountry ??= destination?.Country;

        // Without a promise, the service's transit days make one, in the destination's local time. When a field it
        // needs is wrong, that field's own error says so.
        string? promiseBasis = null;
        var canCompute = carrierText is not null && service is not null
            && !PromiseInputs.Any(f => errors.ContainsKey(prefix + f));
        if (promisedBy is null && canCompute)
        {
            if (zone is null)
            {
                Add(errors, prefix + "promiseTimeZone", "is required when promisedBy is not given: the promise is worked out in the destination's local time");
            }
            else if (reading.Promises.Compute(carrier, service!, shippedAt ?? reading.Now, zone, destinationCountry, out var problem) is { } computed)
            {
                promisedBy = computed.PromisedBy;
                promiseBasis = computed.Basis;
            }
            else
            {
                Add(errors, prefix + "promisedBy", problem!);
            }
        }

        var customer = Object(item, "customer", prefix, errors);
        string? customerId = null, email = null, name = null, locale = null;
        if (customer is { } c)
        {
            customerId = Text(c, "id", prefix + "customer.", errors);
            email = Text(c, "email", prefix + "customer.", errors);
            if (email is not null && !IsEmail(email))
            {
                Add(errors, prefix + "customer.email", "is not a valid e-mail address");
            }

            name = Text(c, "name", prefix + "customer.", errors);
            locale = Text(c, "locale", prefix + "customer.", errors, required: false) ?? "en";
            if (!IsLocale(locale))
            {
                Add(errors, prefix + "customer.locale", $"'{locale}' is not a locale such as en, en-US or de-DE");
            }
        }

        var order = Object(item, "order", prefix, errors);
        decimal? value = null, shippingCost = null;
        string? currency = null;
        if (order is { } o)
        {
            value = Amount(o, "value", prefix + "order.", errors, required: true);
            shippingCost = Amount(o, "shippingCost", prefix + "order.", errors, required: false) ?? 0m;
            currency = Text(o, "currency", prefix + "order.", errors);
            if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            {
                Add(errors, prefix + "order.currency", "must be a three-letter ISO 4217 code in capitals, e.g. USD");
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new ShipmentRegistration(
            orderId!, carrier, TrackingNumbers.Normalize(trackingNumber!), service!, promisedBy!.Value,
            zoneId ?? PromiseZones.FixedOffsetId(promisedBy.Value.Offset), guaranteed, shippedAt,
            customerId!, email!, name!, locale!, value!.Value, shippingCost!.Value, currency!)
        {
            PromiseBasis = promiseBasis,
            Origin = origin,
            Destination = destination ?? (destinationCountry is null ? null : new Place(destinationCountry, null, null)),
        };
    }

    /// <summary>An optional place object (<c>country</c>, <c>region</c>, <c>postalCode</c>); null when absent or wrong, with the error said.</summary>
    private static Place? PlaceOf(JsonElement parent, string name, string prefix, Dictionary<string, string[]> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var path = prefix + name + ".";
        if (value.ValueKind != JsonValueKind.Object)
        {
            Add(errors, prefix + name, "must be a JSON object with country, and optionally region and postalCode");
            return null;
        }

        var before = errors.Count;
        var country = Text(value, "country", path, errors)?.ToUpperInvariant();
        if (country is not null && !Place.IsCountry(country))
        {
            Add(errors, path + "country", $"'{country}' is not an ISO 3166-1 country code, e.g. US or DE");
        }

        // ISO 3166-2 without the country (CA, NSW, BY); the full code (US-CA) is taken too.
        var region = Text(value, "region", path, errors, required: false, maxLength: 10) is { } r ? Place.NormalizeRegion(r, country) : null;
        if (region is not null && !Place.IsRegion(region))
        {
            Add(errors, path + "region", $"'{region}' is not a region code (ISO 3166-2 without the country, e.g. CA or NSW)");
        }

        var postalCode = Text(value, "postalCode", path, errors, required: false, maxLength: 12)?.ToUpperInvariant();
        if (postalCode is not null && !Place.IsPostalCode(postalCode))
        {
            Add(errors, path + "postalCode", "may hold only letters, digits, spaces and dashes");
        }

        return errors.Count > before ? null : new Place(country!, region, postalCode);
    }

    /// <summary>A string field, trimmed; null (with the error said) when missing but required, not a string, empty or too long.</summary>
    internal static string? Text(JsonElement parent, string name, string prefix, Dictionary<string, string[]> errors, bool required = true, int maxLength = MaxText)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(errors, prefix + name, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(errors, prefix + name, "must be a string");
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0 && required)
        {
            Add(errors, prefix + name, "must not be empty");
            return null;
        }

        if (text.Length > maxLength)
        {
            Add(errors, prefix + name, $"must be at most {maxLength} characters");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>An IANA time zone id (and the zone it names); null with the error said when it names none.</summary>
    internal static string? TimeZoneId(JsonElement parent, string name, string prefix, Dictionary<string, string[]> errors, bool required, out TimeZoneInfo? zone)
    {
        zone = null;
        var id = Text(parent, name, prefix, errors, required);
        if (id is not null && !PromiseZones.TryResolve(id, out zone))
        {
            Add(errors, prefix + name, $"'{id}' is not an IANA time zone (e.g. America/Chicago)");
            return null;
        }

        return id;
    }

    /// <summary>An ISO-8601 date-time with its UTC offset; null with the error said when it is not one.</summary>
    internal static DateTimeOffset? Instant(JsonElement parent, string name, string prefix, Dictionary<string, string[]> errors, bool required)
    {
        var text = Text(parent, name, prefix, errors, required);
        if (text is null)
        {
            return null;
        }

        if (!CarrierTimestamp.TryParse(text, out var timestamp))
        {
            Add(errors, prefix + name, $"'{text}' is not an ISO-8601 date-time, e.g. 2026-11-20T12:00:00-05:00");
            return null;
        }

        if (timestamp.Instant is not { } instant)
        {
            // Without an offset the deadline could be any of 26 hours; guessing would apologise at the wrong time.
            Add(errors, prefix + name, $"'{text}' has no UTC offset; add one, e.g. 2026-11-20T12:00:00-05:00 or ...Z");
            return null;
        }

        return instant;
    }

    private static bool Bool(JsonElement parent, string name, string prefix, Dictionary<string, string[]> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Add(errors, prefix + name, "must be true or false");
        return false;
    }

    private static decimal? Amount(JsonElement parent, string name, string prefix, Dictionary<string, string[]> errors, bool required)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(errors, prefix + name, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var amount) || amount < 0 || amount > 100_000_000m)
        {
            Add(errors, prefix + name, "must be a number from 0 to 100000000");
            return null;
        }

        return amount;
    }

    private static JsonElement? Object(JsonElement parent, string name, string prefix, Dictionary<string, string[]> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Add(errors, prefix + name, "is required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Add(errors, prefix + name, "must be a JSON object");
            return null;
        }

        return value;
    }

    private static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && address.Host.Contains('.', StringComparison.Ordinal);

    private static bool IsLocale(string text)
    {
        if (text.Length is < 2 or > 16 || !text.All(c => char.IsAsciiLetter(c) || c is '-' or '_'))
        {
            return false;
        }

        try
        {
            return !CultureInfo.GetCultureInfo(text.Replace('_', '-'), predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    internal static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}

/// <summary>What reading a shipment needs besides the JSON: the carriers accepted, and how to work out a missing promise.</summary>
internal sealed record ShipmentReading(IReadOnlySet<CarrierCode> Carriers, PromiseCalculator Promises, DateTimeOffset Now);
