using Microsoft.Extensions.Options;

namespace RecoveryWorker.Tickets;

[OptionsValidator]
internal sealed partial class TicketOptionsRangeValidator : IValidateOptions<TicketOptions>;

/// <summary>Parses every template at start-up: a typo in Liquid stops the service before it can send a broken apology.</summary>
internal sealed class TicketOptionsValidator : IValidateOptions<TicketOptions>
{
    public ValidateOptionsResult Validate(string? name, TicketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = MessageTemplates.Check(options.TemplatePath, options.FallbackLocale);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
