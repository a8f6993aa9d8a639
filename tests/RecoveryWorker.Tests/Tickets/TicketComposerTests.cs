using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Domain.Remedies;
using RecoveryWorker.Tests.Support;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.Tests.Tickets;

public sealed class TicketComposerTests
{
    private static readonly string[] ShippedLocales = ["en", "de"];
    private static readonly string[] ForbiddenPhrases = ["nothing we can do", "nothing we could do", "können wir nichts", "nichts tun", "won't happen again", "nie wieder"];

    public static TheoryData<string, string> EveryBreachInEveryLocale()
    {
        var data = new TheoryData<string, string>();
        foreach (var locale in ShippedLocales)
        {
            foreach (var type in BreachTypes.All)
            {
                data.Add(locale, type.ToWireName());
            }
        }

        return data;
    }

    private static TicketComposer Composer(TicketMode mode = TicketMode.Send, string? templatePath = null)
    {
        var options = Options.Create(new TicketOptions { Mode = mode, TemplatePath = templatePath ?? "config/templates" });
        return new TicketComposer(new MessageTemplates(options), options);
    }

    /// <summary>A breach of the given type with the evidence the detector would give it.</summary>
    private static ApologyContext Context(BreachType type, string locale = "en-US", RemedyKind kind = RemedyKind.ShippingRefund, ExceptionReason? reason = ExceptionReason.Damaged, bool repeat = false)
    {
        var promise = Some.Promise(locale: locale, service: type == BreachType.ServiceMismatch ? "next_day_air" : "ground");
        var scan = new TimelineEvent(Some.Deadline.AddHours(-30), Some.Event(Some.Deadline.AddHours(-30), TrackingStatus.InTransit, "Departed FedEx hub", "Memphis, TN"));
        var evidence = new BreachEvidence
        {
            Deadline = Some.Deadline,
            Event = scan,
            Status = type == BreachType.Exception ? TrackingStatus.Exception : TrackingStatus.InTransit,
            Lateness = type is BreachType.Late or BreachType.DeliveredLate or BreachType.AtRisk ? TimeSpan.FromHours(50) : null,
            DeliveredAt = type == BreachType.DeliveredLate ? Some.Deadline.AddHours(50) : null,
            EstimatedBy = type == BreachType.AtRisk ? Some.Deadline.AddHours(50) : null,
            CarrierReportedDelay = type == BreachType.AtRisk,
            BusinessTimeWaiting = type is BreachType.Stalled or BreachType.NotPickedUp ? TimeSpan.FromHours(60) : null,
            Reason = type == BreachType.Exception ? reason : null,
            PromisedService = type == BreachType.ServiceMismatch ? "next_day_air" : null,
            ReportedService = type == BreachType.ServiceMismatch ? "UPS Ground" : null,
        };
        var breach = new PromiseBreach(type, Severity.Major, evidence) { RepeatCustomer = repeat, CarrierRefundEligible = type == BreachType.Late };
        var remedy = new Remedy(kind, kind == RemedyKind.ApologyOnly ? Money.Zero("USD") : new Money(12.5m, "USD"), new Money(8m, "USD"), Capped: false, breach.CarrierRefundEligible);
        return new ApologyContext(new CaseKey(Guid.Parse("0b9f6c1e-5d2a-4f3b-9c8e-7a6b5c4d3e2f"), type, 1), "ORD-1234", CarrierCode.Fedex, "794644790132", promise, breach, remedy, Some.Deadline.AddHours(54));
    }

    [Fact]
    public void Check_ShippedTemplates_HaveNoProblems()
    {
        foreach (var locale in ShippedLocales)
        {
            Assert.Empty(MessageTemplates.Check("config/templates", locale));
        }
    }

    [Theory]
    [MemberData(nameof(EveryBreachInEveryLocale))]
    public async Task ComposeAsync_EveryBreachTypeAndLocale_WritesAFactualApologyAndNote(string locale, string breachType)
    {
        Assert.True(BreachTypes.TryParse(breachType, out var type));
        var context = Context(type, locale);

        var draft = await Composer().ComposeAsync(context, CancellationToken.None);
        var apology = await Composer().RenderAsync(context, breachType);

        Assert.Equal(locale, apology.Locale);
        Assert.Equal(draft.Subject, apology.Subject); // the template's own subject, not the composer's fallback
        Assert.Contains("ORD-1234", draft.Subject, StringComparison.Ordinal);
        Assert.True(draft.Subject.Length > "Order ORD-1234".Length, draft.Subject);
        Assert.Contains("Ada", draft.PublicBody, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", draft.PublicBody, StringComparison.Ordinal);
        Assert.DoesNotContain("{%", draft.PublicBody, StringComparison.Ordinal);
        foreach (var phrase in ForbiddenPhrases)
        {
            Assert.DoesNotContain(phrase, draft.PublicBody, StringComparison.OrdinalIgnoreCase);
        }

        // It promises when we write again, in the customer's culture and the promise's zone (Sunday 22 Nov, 18:00 New York).
        Assert.Contains(locale == "de" ? "Sonntag, 22. November 2026 18:00" : "Sunday, November 22, 2026 6:00", draft.PublicBody, StringComparison.Ordinal);
        Assert.Contains(locale == "de" ? "12,50 USD" : "12.50 USD", draft.PublicBody, StringComparison.Ordinal);

        // The agent's note carries the key, the budget and the facts.
        Assert.Contains(context.CaseKey.ToString(), draft.InternalNote, StringComparison.Ordinal);
        Assert.Contains(locale == "de" ? "8,00 USD" : "8.00 USD", draft.InternalNote, StringComparison.Ordinal);
        Assert.Contains("794644790132", draft.InternalNote, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryBreachInEveryLocale))]
    public async Task ComposeAsync_RefundNotIssued_SaysTheTeamIsArrangingItNotThatItIsDone(string locale, string breachType)
    {
        Assert.True(BreachTypes.TryParse(breachType, out var type));

        var draft = await Composer().ComposeAsync(Context(type, locale), CancellationToken.None);

        foreach (var claim in new[] { "we are refunding", "we have refunded", "erstatten wir", "Wir erstatten", "zurückerstattet" })
        {
            Assert.DoesNotContain(claim, draft.PublicBody, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(locale == "de" ? "Unser Team veranlasst die Erstattung" : "our team is arranging the refund", draft.PublicBody, StringComparison.Ordinal);
        Assert.Contains(locale == "de" ? "zu tun: auslösen" : "to do: issue it", draft.InternalNote, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryBreachInEveryLocale))]
    public async Task ComposeAsync_RefundIssued_SaysItIsDone(string locale, string breachType)
    {
        Assert.True(BreachTypes.TryParse(breachType, out var type));

        var draft = await Composer().ComposeAsync(Context(type, locale) with { RemedyIssued = true }, CancellationToken.None);

        Assert.Contains(locale == "de" ? "zurückerstattet" : "we have refunded", draft.PublicBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(locale == "de" ? "veranlasst die Erstattung" : "arranging the refund", draft.PublicBody, StringComparison.Ordinal);
        Assert.Contains(locale == "de" ? "bereits ausgelöst" : "issued already", draft.InternalNote, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "late")]
    [InlineData("en", "stalled")]
    [InlineData("de", "late")]
    [InlineData("de", "stalled")]
    public async Task ComposeAsync_NoTraceRequested_DoesNotSayOneWas(string locale, string breachType)
    {
        Assert.True(BreachTypes.TryParse(breachType, out var type));
        var done = locale == "de" ? "Nachforschungsauftrag gestellt" : "We have asked FedEx to trace";

        var pending = await Composer().ComposeAsync(Context(type, locale), CancellationToken.None);
        var requested = await Composer().ComposeAsync(Context(type, locale) with { TraceRequested = true }, CancellationToken.None);

        Assert.DoesNotContain(done, pending.PublicBody, StringComparison.Ordinal);
        Assert.Contains(locale == "de" ? "Unser Team stellt bei" : "A member of our team is asking FedEx to trace", pending.PublicBody, StringComparison.Ordinal);
        Assert.Contains(done, requested.PublicBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("late", "Memphis, TN")]
    [InlineData("stalled", "Memphis, TN")]
    [InlineData("service_mismatch", "UPS Ground")]
    public async Task ComposeAsync_TypeSpecificFacts_AreStatedInTheApology(string breachType, string fact)
    {
        Assert.True(BreachTypes.TryParse(breachType, out var type));
        var draft = await Composer().ComposeAsync(Context(type), CancellationToken.None);

        Assert.Contains(fact, draft.PublicBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_Late_StatesHowLate()
    {
        var draft = await Composer().ComposeAsync(Context(BreachType.Late), CancellationToken.None);

        Assert.Contains("2 days", draft.PublicBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExceptionReason.Lost)]
    [InlineData(ExceptionReason.FailedAttempt)]
    [InlineData(ExceptionReason.CustomsHold)]
    [InlineData(null)]
    public async Task ComposeAsync_ExceptionReasons_RenderInBothLocales(ExceptionReason? reason)
    {
        foreach (var locale in ShippedLocales)
        {
            var draft = await Composer().ComposeAsync(Context(BreachType.Exception, locale, RemedyKind.FullRefund, reason), CancellationToken.None);

            Assert.False(string.IsNullOrWhiteSpace(draft.PublicBody));
            Assert.DoesNotContain("  ", draft.Subject, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ComposeAsync_ApologyOnly_MentionsNoAmount()
    {
        var draft = await Composer().ComposeAsync(Context(BreachType.Stalled, kind: RemedyKind.ApologyOnly), CancellationToken.None);

        Assert.DoesNotContain("USD", draft.PublicBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de-AT", "de")]
    [InlineData("de_DE", "de")]
    [InlineData("fr-FR", "en")]
    [InlineData("", "en")]
    [InlineData("not a locale!", "en")]
    public async Task RenderAsync_CustomerLocale_FallsBackToClosestTemplate(string customerLocale, string expected)
    {
        var rendered = await Composer().RenderAsync(Context(BreachType.Late, customerLocale), "late");

        Assert.Equal(expected, rendered.Locale);
    }

    [Fact]
    public async Task ComposeAsync_Draft_TagsPriorityAndExternalId()
    {
        var context = Context(BreachType.Late, repeat: true);

        var draft = await Composer(TicketMode.Draft).ComposeAsync(context, CancellationToken.None);

        Assert.False(draft.SendPublicly);
        Assert.Equal(context.CaseKey.ToString(), draft.ExternalId);
        Assert.Equal(["delivery-promise", "late", "fedex", "severity-major", "repeat-customer"], draft.Tags);
        Assert.Equal(TicketPriority.High, draft.Priority);
        Assert.Equal("ada@example.com", draft.RequesterEmail);
    }

    [Fact]
    public void Check_BrokenAndMissingTemplates_NamesEachFile()
    {
        var folder = Directory.CreateTempSubdirectory("rw-templates-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "en"));
            File.WriteAllText(Path.Combine(folder.FullName, "en", "late.liquid"), "{% if customer.name %}Hello");
            File.WriteAllText(Path.Combine(folder.FullName, "en", "stalled.liquid"), "Hello {{ customer.name }}");

            var problems = MessageTemplates.Check(folder.FullName, "en");

            Assert.Contains(problems, p => p.Contains("late.liquid does not parse", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains("no template internal_note.liquid", StringComparison.Ordinal));
            Assert.DoesNotContain(problems, p => p.Contains("stalled.liquid", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Check_MissingFolder_SaysWhere()
    {
        var problem = Assert.Single(MessageTemplates.Check("/nonexistent/templates", "en"));

        Assert.Contains("/nonexistent/templates", problem, StringComparison.Ordinal);
    }
}
