using System.Collections.Concurrent;
using Fluid;
using Microsoft.Extensions.Options;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Tickets;

/// <summary>
/// The Liquid templates under <see cref="TicketOptions.TemplatePath"/>: <c>{locale}/{breach_type}.liquid</c> for the
/// apology and <c>{locale}/internal_note.liquid</c> for the agent. A customer's locale falls back from "de-AT" to
/// "de" to the fallback locale, so a missing translation never means a missing apology.
/// </summary>
internal sealed class MessageTemplates(IOptions<TicketOptions> options)
{
    public const string InternalNote = "internal_note";

    /// <summary>Public: the parcel has arrived; closes the loop.</summary>
    public const string Arrived = "arrived";

    /// <summary>Public: a follow-up found it still broken; the facts now and when we write next.</summary>
    public const string Update = "update";

    /// <summary>Public: the trouble went away before it broke the promise (back on track, moving again).</summary>
    public const string Cleared = "cleared";

    /// <summary>Internal: what a follow-up found and what happens next.</summary>
    public const string FollowUpNote = "follow_up_note";

    private static readonly FluidParser Parser = new();

    private readonly TicketOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.Ordinal);

    public string Root => ResolveRoot(_options.TemplatePath);

    /// <summary>Every template name the fallback locale must provide.</summary>
    public static IEnumerable<string> RequiredNames =>
        BreachTypes.All.Select(t => t.ToWireName()).Concat([InternalNote, Arrived, Update, Cleared, FollowUpNote]);

    /// <summary>The template for a name, in the closest locale that has it, and that locale.</summary>
    public (IFluidTemplate Template, string Locale) Get(string? locale, string name)
    {
        foreach (var candidate in LocaleChain(locale))
        {
            var path = Path.Combine(Root, candidate, name + ".liquid");
            if (File.Exists(path))
            {
                return (_parsed.GetOrAdd(path, Parse), candidate);
            }
        }

        throw new FileNotFoundException($"No template '{name}' for locale '{locale}' or the fallback '{_options.FallbackLocale}' under {Root}.");
    }

    /// <summary>Every problem with a template folder: missing fallback templates and Liquid that does not parse.</summary>
    public static IReadOnlyList<string> Check(string templatePath, string fallbackLocale)
    {
        var root = ResolveRoot(templatePath);
        if (!Directory.Exists(root))
        {
            return [$"Tickets:TemplatePath: the folder {root} does not exist."];
        }

        var problems = RequiredNames
            .Where(name => !File.Exists(Path.Combine(root, fallbackLocale, name + ".liquid")))
            .Select(name => $"Tickets: the fallback locale '{fallbackLocale}' has no template {name}.liquid under {root}.")
            .ToList();
        foreach (var file in Directory.EnumerateFiles(root, "*.liquid", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!Parser.TryParse(File.ReadAllText(file), out _, out var error))
            {
                problems.Add($"Tickets: {Path.GetRelativePath(root, file)} does not parse: {error}");
            }
        }

        return problems;
    }

    private IEnumerable<string> LocaleChain(string? locale)
    {
        if (!string.IsNullOrWhiteSpace(locale))
        {
            var normalized = locale.Trim().Replace('_', '-');
            yield return normalized;
            var dash = normalized.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0)
            {
                yield return normalized[..dash].ToLowerInvariant();
            }
            else
            {
                yield return normalized.ToLowerInvariant();
            }
        }

        yield return _options.FallbackLocale;
    }

    private static IFluidTemplate Parse(string path) =>
        Parser.TryParse(File.ReadAllText(path), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Template {path} does not parse: {error}");

    private static string ResolveRoot(string templatePath) =>
        Path.IsPathRooted(templatePath) ? templatePath : Path.Combine(AppContext.BaseDirectory, templatePath);
}
