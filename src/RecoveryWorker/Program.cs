using System.Globalization;
using RecoveryWorker.Domain;
using RecoveryWorker.Tickets;
using Serilog;

Log.Logger = new LoggerConfiguration().Enrich.FromLogContext().WriteTo.Console(formatProvider: CultureInfo.InvariantCulture).CreateBootstrapLogger();
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Services.AddSerilog((sp, lc) => lc.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(sp).Enrich.FromLogContext());

    builder.Services.AddDomain();                 // breach rules, remedy policy
    builder.Services.AddTickets();                // apology and internal-note templates

    var app = builder.Build();
    app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "RecoveryWorker terminated unexpectedly");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
