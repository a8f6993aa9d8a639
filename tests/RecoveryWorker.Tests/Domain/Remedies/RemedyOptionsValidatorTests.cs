using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Stores.Shopify;
using RecoveryWorker.Domain.Remedies;
using RecoveryWorker.Effects;

namespace RecoveryWorker.Tests.Domain.Remedies;

public sealed class RemedyOptionsValidatorTests
{
    [Fact]
    public void Validate_BudgetWithBadZoneCurrencyOrAmount_NamesEachKey()
    {
        var options = new RemedyOptions { Budget = new RemedyBudgetOptions { TimeZone = "Mars/Olympus", Daily = { ["EURO"] = 10m }, Monthly = { ["USD"] = 0m } } };

        var result = new RemedyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Remedies:Budget:TimeZone", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Remedies:Budget:Daily:EURO", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Remedies:Budget:Monthly:USD", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_GoodBudget_Succeeds()
    {
        var options = new RemedyOptions { Budget = new RemedyBudgetOptions { TimeZone = "Europe/Berlin", Daily = { ["EUR"] = 500m }, Monthly = { ["EUR"] = 10_000m } } };

        Assert.True(new RemedyOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("test-admin-api-token-not-a-real-one", true)]
    public void Validate_ShopifyIssuer_NeedsTheStoresToken(string token, bool valid)
    {
        var validator = new RemedyIssuerValidator(Options.Create(new ShopifyOptions { AccessToken = token }));

        var result = validator.Validate(null, new RemedyOptions { Issuer = RemedyIssuer.Shopify });

        Assert.Equal(valid, result.Succeeded);
        Assert.True(validator.Validate(null, new RemedyOptions { Issuer = RemedyIssuer.None }).Succeeded);
    }
}
