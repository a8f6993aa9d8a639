using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RecoveryWorker.Connectors.Helpdesks.Zendesk;

/// <summary>
/// Zendesk's error body as one line for the case, e.g. "RecordInvalid: Record validation errors; status: Status:
/// closed prevents ticket update". Validation texts can echo what we sent, so e-mail addresses and the requester's
/// name are blanked out.
/// </summary>
internal static partial class ZendeskErrorText
{
    private const int MaxLength = 400;

    /// <summary>The body's "error", "description" and "details" texts, or null when the body has none.</summary>
    public static string? From(string? content, params string?[] personalData)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var parts = new List<string>();
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                // "error" is a code string, or an object {title, message} on some 4xx answers.
                Add(parts, error.ValueKind == JsonValueKind.String ? error.GetString() : Join(error, "title", "message"));
            }

            if (root.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String)
            {
                Add(parts, description.GetString());
            }

            if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in details.EnumerateObject())
                {
                    var texts = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(d => d.ValueKind == JsonValueKind.String ? d.GetString() : Join(d, "description"))
                        : [field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : Join(field.Value, "description")];
                    Add(parts, $"{field.Name}: {string.Join(", ", texts.Where(t => !string.IsNullOrWhiteSpace(t)))}");
                }
            }

            return parts.Count == 0 ? null : Redact(string.Join("; ", parts), personalData);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The "error" code of the body ("IdempotentRequestError", "RecordInvalid"), if it is a string.</summary>
    public static string? Code(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String
                ? error.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Redact(string text, string?[] personalData)
    {
        foreach (var value in personalData.Where(v => v is { Length: > 1 }))
        {
            text = text.Replace(value!, "[redacted]", StringComparison.OrdinalIgnoreCase);
        }

        text = EmailPattern().Replace(text, "[e-mail]");
        return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "...");
    }

    private static string? Join(JsonElement element, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s)
            {
                text.Append(text.Length > 0 ? ": " : "").Append(s);
            }
        }

        return text.Length > 0 ? text.ToString() : null;
    }

    private static void Add(List<string> parts, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            parts.Add(text.Trim());
        }
    }

    [GeneratedRegex(@"[^\s@""'<>(),;:]+@[^\s@""'<>(),;:]+")]
    private static partial Regex EmailPattern();
}
