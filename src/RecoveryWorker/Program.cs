using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using RecoveryWorker.Access;
using RecoveryWorker.Api;
using RecoveryWorker.Claims;
using RecoveryWorker.Connectors;
using RecoveryWorker.Demo;
using RecoveryWorker.Domain;
using RecoveryWorker.Effects;
using RecoveryWorker.Connectors.Stores.Shopify;
using RecoveryWorker.Intake;
using RecoveryWorker.Intake.Shopify;
using RecoveryWorker.Jobs.Hangfire;
using RecoveryWorker.Observability;
using RecoveryWorker.Operations;
using RecoveryWorker.Polling;
using RecoveryWorker.Recovery;
using RecoveryWorker.Retention;
using RecoveryWorker.Storage;
using RecoveryWorker.Tickets;
using Serilog;

Log.Logger = BootstrapLogger.Create();
try
{
    // Commands that print settings need neither the host nor a database.
    if (AccessCommands.TryRun(args, Console.In, Console.Out, Console.Error, out var commandExit))
    {
        return commandExit;
    }

    if (await HealthCommand.TryRunAsync(args, Console.Out, Console.Error) is { } healthExit)
    {
        return healthExit;                                          // the container's HEALTHCHECK: is this worker alive?
    }

    var builder = WebApplication.CreateBuilder(args);

    // Secrets may also be mounted as files (Docker or Kubernetes secrets): one file per key, named like the environment
    // variable (Helpdesk__Zendesk__ApiToken), in Secrets:Directory (default /run/secrets). Files win over variables.
    builder.Configuration.AddKeyPerFile(Path.GetFullPath(builder.Configuration["Secrets:Directory"] ?? "/run/secrets"), optional: true);
    // preserveStaticLogger: the static bootstrap logger is only for start-up failures; freezing it would make a
    // second host in the same process (integration tests run several) fail with "logger already frozen".
    builder.Services.AddSerilog((sp, lc) => lc.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(sp).Enrich.FromLogContext(), preserveStaticLogger: true);

    builder.Services.AddDomain();                                   // breach rules, remedy policy
    builder.Services.AddTickets();                                  // apology and note templates
    builder.Services.AddConnectors(builder.Configuration, sandboxByDefault: builder.Environment.IsDevelopment()); // carriers and the helpdesk
    builder.AddStorage();                                           // the state store (EF Core)
    builder.AddPolling();                                           // Quartz sweep: claims due shipments
    builder.Services.AddRecovery();                                 // apply tracking, decide, owe helpdesk writes
    builder.Services.AddEffects();                                  // deliver owed writes: tickets, notes, escalations
    builder.AddJobs();                                              // Hangfire: the IRecoveryJobs port
    builder.AddOperations();                                        // graceful stop: timeouts and the stop's log lines
    builder.Services.AddSingleton<ShipmentIntake>();
    builder.Services.AddSingleton<AcceptedCarriers>();
    builder.Services.AddTransient<CsvShipmentImport>();
    builder.Services.AddTransient<TrackingPush>();
    builder.Services.AddTransient<ShipmentChanges>();
    builder.Services.AddTransient<CaseActions>();
    builder.Services.AddSingleton<IGrantedCompensation, CompensationLedgerTotals>();
    builder.Services.AddShopify();                                  // Shopify fulfilment webhooks and the Admin API order read
    builder.Services.AddTransient<WebhookInbox>();
    builder.Services.AddTransient<ShopifyFulfillments>();
    builder.AddAccess();                                            // sign-in, API keys, policies, limits
    builder.AddClaims();                                            // carrier guarantee claims: outcomes, summary, daily deadline check
    builder.AddRetention();                                         // personal data: erased after Retention:CustomerData or on request
    builder.AddDemo();                                              // Development: sandbox shipments that break promises
    builder.AddObservability();                                     // metrics (/metrics, OTLP), traces, trace ids in logs
    builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.WriteIndented = false);
    builder.Services.AddProblemDetails();

    ImportCommand.Prepare(builder, args);

    var app = builder.Build();
    if (args is [var command, ..] && string.Equals(command, "migrate", StringComparison.OrdinalIgnoreCase))
    {
        // `RecoveryWorker migrate`: bring the database to this release's schema (state store, Quartz, Hangfire), then exit.
        await app.Services.MigrateStorageAsync();
        return 0;
    }

    if (ImportCommand.Is(args))
    {
        // `RecoveryWorker import FILE.csv`: register a file's shipments with a progress bar, then exit.
        return await ImportCommand.RunAsync(app.Services, args, Spectre.Console.AnsiConsole.Console, app.Lifetime.ApplicationStopping);
    }

    await app.Services.InitializeStorageAsync();

    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseAccess();
    // Who may call what, route by route (README "Who may call what"): every route names its policy or is anonymous.
    app.MapRecoveryApi();
    app.MapUpsTrackAlert();                                         // UPS pushes scans; its shared credential, not a key
    app.MapClaimsApi();
    app.MapCustomerErasure();
    app.MapShopifyWebhooks();
    app.MapAccessPages();
    app.MapMetrics();
    DashboardExtensions.Register();
    app.MapHangfireDashboardWithAuthorizationPolicy(AccessPolicies.People, "/hangfire", new DashboardOptions
    {
        DisplayNameFunc = DashboardExtensions.DisplayName, // "Follow-up 2 · late case of order #1001", not ids
        DisplayStorageConnectionString = false,
        DashboardTitle = "RecoveryWorker jobs",
        AppPath = "/",                  // "Back to site": the home page, with sign-out
        // Viewers see everything and change nothing: no trigger, requeue or delete (Hangfire refuses the commands too).
        IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(Roles.Admin),
    });
    app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
    app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();

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

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
