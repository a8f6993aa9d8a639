using Microsoft.Extensions.Options;

namespace RecoveryWorker.Tickets;

internal static class TicketsServiceCollectionExtensions
{
    /// <summary>Ticket wording: templates checked on start, and the composer that fills them.</summary>
    public static IServiceCollection AddTickets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<TicketOptions, TicketOptionsRangeValidator>().BindConfiguration(TicketOptions.SectionName);
        services.AddSingleton<IValidateOptions<TicketOptions>, TicketOptionsValidator>();
        services.AddSingleton<MessageTemplates>();
        services.AddSingleton<TicketComposer>();
        return services;
    }
}
