using System.Globalization;
using System.Text.RegularExpressions;
using Fluid;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Tickets;

/// <summary>
/// Fills the templates for one broken promise: the apology for the customer (in their language, times in the
/// promise's zone) and the internal note for the agent. Templates set the subject with
/// <c>{% capture subject %}...{% endcapture %}</c>, as Shopify's notification templates do.
/// </summary>
internal sealed partial class TicketComposer(MessageTemplates templates, IOptions<TicketOptions> options)
{
    public const string DeliveryPromiseTag = "delivery-promise";

    private readonly TicketOptions _options = options.Value;

    public async Task<TicketDraft> ComposeAsync(ApologyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var apology = await RenderAsync(context, context.Breach.Type.ToWireName());
        var note = await RenderAsync(context, MessageTemplates.InternalNote);

        var tags = new List<string> { DeliveryPromiseTag, context.Breach.Type.ToWireName(), context.Carrier.ToWireName(), "severity-" + context.Breach.Severity.ToWireName() };
        if (context.Breach.RepeatCustomer)
        {
            tags.Add("repeat-customer");
        }

        return new TicketDraft
        {
            ExternalId = context.CaseKey.ToString(),
            RequesterName = context.Promise.Customer.Name,
            RequesterEmail = context.Promise.Customer.Email,
            Subject = apology.Subject ?? $"Order {context.OrderId}",
            PublicBody = apology.Body,
            InternalNote = note.Body,
            SendPublicly = _options.Mode == TicketMode.Send,
            Tags = tags,
            Priority = context.Breach.Severity switch
            {
                Severity.Critical => TicketPriority.Urgent,
                Severity.Major => TicketPriority.High,
                _ => TicketPriority.Normal,
            },
        };
    }

    /// <summary>Renders one template (an apology or the internal note) for the context.</summary>
    public async Task<RenderedMessage> RenderAsync(ApologyContext context, string templateName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (template, locale) = templates.Get(context.Promise.Customer.Locale, templateName);
        var culture = CultureFor(context.Promise.Customer.Locale, locale);

        var templateContext = new TemplateContext(TemplateModel.Build(context, culture), new TemplateOptions { CultureInfo = culture });
        // Not isolated: the default render runs in a child scope and drops it, and with it the captured subject.
        var body = Tidy(await template.RenderAsync(templateContext, NullEncoder.Default, isolateContext: false));
        var subject = templateContext.GetValue("subject").ToStringValue().Trim();
        return new RenderedMessage(string.IsNullOrEmpty(subject) ? null : subject, body, locale);
    }

    // The customer's own culture formats dates and money when it is a real one ("de-AT"); else the template's.
    private static CultureInfo CultureFor(string? customerLocale, string templateLocale)
    {
        foreach (var name in new[] { customerLocale, templateLocale })
        {
            try
            {
                if (!string.IsNullOrWhiteSpace(name))
                {
                    return CultureInfo.GetCultureInfo(name.Replace('_', '-'), predefinedOnly: true);
                }
            }
            catch (CultureNotFoundException)
            {
            }
        }

        return CultureInfo.InvariantCulture;
    }

    // Liquid tags leave blank lines behind; a message with gaps of three lines reads as broken.
    private static string Tidy(string text) => ExtraBlankLines().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "\n\n").Trim();

    [GeneratedRegex(@"\n[ \t]*(\n[ \t]*){2,}")]
    private static partial Regex ExtraBlankLines();
}

/// <summary>A rendered template: the subject it captured (if any), the text, and the locale actually used.</summary>
internal sealed record RenderedMessage(string? Subject, string Body, string Locale);
