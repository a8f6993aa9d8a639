using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain;

namespace RecoveryWorker.Tests.Domain;

/// <summary>Promises worked out from the shipped service catalog and calendars, when a shipment comes without one.</summary>
public sealed class PromiseCalculatorTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly PromiseCalculator Calculator = Shipped();

    private static PromiseCalculator Shipped()
    {
        var options = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "Shipped", "appsettings.json")).Build()
            .GetSection(DetectionOptions.SectionName).Get<DetectionOptions>()!;
        return new PromiseCalculator(new ServiceCatalog(options.Services), new BusinessCalendars(Options.Create(options)));
    }

    private static DateTimeOffset At(string local) =>
        new(DateTime.Parse(local, CultureInfo.InvariantCulture), NewYork.GetUtcOffset(DateTime.Parse(local, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-12-01 15:00", "next_day_air", "2026-12-02 10:30")]   // Tuesday: next business day, by 10:30
    [InlineData("2026-12-04 15:00", "next_day_air", "2026-12-07 10:30")]   // Friday: the weekend does not count
    [InlineData("2026-12-05 09:00", "two_day", "2026-12-09 20:00")]        // Saturday: leaves Monday, two days on
    [InlineData("2026-11-25 11:00", "two_day", "2026-11-30 20:00")]        // Thanksgiving (a US holiday) does not count
    [InlineData("2027-11-24 11:00", "two_day", "2027-11-29 20:00")]        // nor a year later, when it falls on the 25th
    [InlineData("2026-12-01 15:00", "ground", "2026-12-08 20:00")]         // five business days
    public void Compute_ServiceWithTransitDays_CountsBusinessDaysOfTheCarrierAndDestination(string shipped, string service, string expected)
    {
        var promise = Calculator.Compute(CarrierCode.Ups, service, At(shipped), NewYork, "US", out var problem);

        Assert.Null(problem);
        Assert.Equal(At(expected), promise!.PromisedBy);
        Assert.Contains(service, promise.Basis, StringComparison.Ordinal);
        Assert.Contains("US public holidays", promise.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_DestinationWithoutThanksgiving_CountsThatThursday()
    {
        var toGermany = Calculator.Compute(CarrierCode.Ups, "two_day", At("2026-11-25 11:00"), NewYork, "DE", out _);

        Assert.Equal(At("2026-11-27 20:00"), toGermany!.PromisedBy);
        Assert.Contains("DE public holidays", toGermany.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ServiceWithoutTransitDays_SaysWhy()
    {
        var promise = Calculator.Compute(CarrierCode.Ups, "carrier_pigeon", At("2026-12-01 15:00"), NewYork, null, out var problem);

        Assert.Null(promise);
        Assert.Contains("'carrier_pigeon' has no TransitDays", problem, StringComparison.Ordinal);
    }
}
