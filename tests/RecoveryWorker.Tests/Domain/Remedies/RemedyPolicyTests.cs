using Microsoft.Extensions.Configuration;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Remedies;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Domain.Remedies;

public sealed class RemedyPolicyTests
{
    private static PromiseBreach Breach(BreachType type, Severity severity, bool carrierRefund = false) =>
        new(type, severity, new BreachEvidence { Deadline = Some.Deadline }) { CarrierRefundEligible = carrierRefund };

    private static RemedyOptions Options() => new()
    {
        Policies =
        {
            ["late"] = new(StringComparer.OrdinalIgnoreCase)
            {
                ["minor"] = new RemedyRule { Kind = RemedyKind.ShippingRefund, Basis = AmountBasis.PercentOfShipping, Value = 100 },
                ["major"] = new RemedyRule { Kind = RemedyKind.StoreCredit, Basis = AmountBasis.PercentOfOrder, Value = 15 },
            },
            ["exception"] = new(StringComparer.OrdinalIgnoreCase)
            {
                ["critical"] = new RemedyRule { Kind = RemedyKind.FullRefund, Basis = AmountBasis.PercentOfOrder, Value = 100 },
            },
            ["stalled"] = new(StringComparer.OrdinalIgnoreCase)
            {
                ["critical"] = new RemedyRule { Kind = RemedyKind.StoreCredit, Basis = AmountBasis.Fixed, Value = 500 },
            },
        },
        Default = { ["minor"] = new RemedyRule { Kind = RemedyKind.ApologyOnly } },
        AgentBudget =
        {
            ["minor"] = new AmountRule { Basis = AmountBasis.Fixed, Value = 10 },
            ["critical"] = new AmountRule { Basis = AmountBasis.PercentOfOrder, Value = 25 },
        },
    };

    private static RemedyPolicy Policy(RemedyOptions? options = null) => new(Microsoft.Extensions.Options.Options.Create(options ?? Options()));

    [Fact]
    public void Choose_LateMinor_RefundsShippingAndStatesBudget()
    {
        var remedy = Policy().Choose(Breach(BreachType.Late, Severity.Minor), Some.Promise(orderValue: 80m, shippingCost: 12.5m));

        Assert.Equal(RemedyKind.ShippingRefund, remedy.Kind);
        Assert.Equal(new Money(12.5m, "USD"), remedy.Amount);
        Assert.Equal(new Money(10m, "USD"), remedy.AgentBudget);
        Assert.False(remedy.Capped);
    }

    [Fact]
    public void Choose_PercentOfOrder_RoundsToCents()
    {
        var remedy = Policy().Choose(Breach(BreachType.Late, Severity.Major), Some.Promise(orderValue: 33.33m));

        Assert.Equal(RemedyKind.StoreCredit, remedy.Kind);
        Assert.Equal(5.00m, remedy.Amount.Amount); // 15% of 33.33 = 4.9995
    }

    [Fact]
    public void Choose_RepeatCustomerRaisedSeverity_GetsTheNextRung()
    {
        var promise = Some.Promise(orderValue: 200m, shippingCost: 12m);
        var first = Policy().Choose(Breach(BreachType.Late, Severity.Minor), promise);
        var repeat = Policy().Choose(Breach(BreachType.Late, Severity.Minor.Raise()), promise);

        Assert.Equal(12m, first.Amount.Amount);
        Assert.Equal(30m, repeat.Amount.Amount);
        Assert.Equal(RemedyKind.StoreCredit, repeat.Kind);
    }

    [Fact]
    public void Choose_AmountAboveCap_IsCappedAtOneAndAHalfOrderValue()
    {
        var remedy = Policy().Choose(Breach(BreachType.Stalled, Severity.Critical), Some.Promise(orderValue: 40m));

        Assert.Equal(60m, remedy.Amount.Amount);
        Assert.True(remedy.Capped);
        Assert.Equal(0m, remedy.AgentBudget.Amount); // nothing left under the cap
    }

    [Fact]
    public void Choose_FullRefundWithBudget_KeepsTheSumUnderTheCap()
    {
        var options = Options();
        options.MaxShareOfOrderValue = 1.1m;

        var remedy = Policy(options).Choose(Breach(BreachType.Exception, Severity.Critical), Some.Promise(orderValue: 200m));

        Assert.Equal(200m, remedy.Amount.Amount);
        Assert.Equal(20m, remedy.AgentBudget.Amount); // 25% asked, 10% of the order left under a 110% cap
    }

    [Fact]
    public void Choose_NoPolicyAndNoDefault_IsStillAnApology()
    {
        var remedy = Policy().Choose(Breach(BreachType.ServiceMismatch, Severity.Major), Some.Promise());

        Assert.Equal(RemedyKind.ApologyOnly, remedy.Kind);
        Assert.Equal(0m, remedy.Amount.Amount);
    }

    [Fact]
    public void Choose_LateGuaranteedService_CarriesTheCarrierRefundFlag()
    {
        Assert.True(Policy().Choose(Breach(BreachType.Late, Severity.Minor, carrierRefund: true), Some.Promise()).CarrierRefundEligible);
    }

    [Fact]
    public void Choose_ZeroDecimalCurrency_RoundsToWholeUnits()
    {
        var promise = Some.Promise() with { Order = new OrderTotals(3333m, 500m, "JPY") };

        var remedy = Policy().Choose(Breach(BreachType.Late, Severity.Major), promise);

        Assert.Equal(new Money(500m, "JPY"), remedy.Amount); // 15% of 3333 = 499.95
    }

    [Fact]
    public void ShippedConfiguration_BindsAndValidates_AndEveryBreachTypeHasAPolicy()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "Shipped", "appsettings.json")).Build();
        var remedies = configuration.GetSection(RemedyOptions.SectionName).Get<RemedyOptions>()!;
        var detection = configuration.GetSection(DetectionOptions.SectionName).Get<DetectionOptions>()!;

        var remedyResult = new RemedyOptionsValidator().Validate(null, remedies);
        var detectionResult = new DetectionOptionsValidator().Validate(null, detection);

        Assert.True(remedyResult.Succeeded, remedyResult.FailureMessage);
        Assert.True(detectionResult.Succeeded, detectionResult.FailureMessage);
        Assert.True(new RemedyOptionsRangeValidator().Validate(null, remedies).Succeeded);
        Assert.True(new DetectionOptionsRangeValidator().Validate(null, detection).Succeeded);
        foreach (var type in BreachTypes.All)
        {
            Assert.Equal(3, remedies.Policies[type.ToWireName()].Count);
        }
    }

    [Fact]
    public void Validate_TypoInPolicyKeys_NamesTheKey()
    {
        var options = Options();
        options.Policies["lat"] = new(StringComparer.OrdinalIgnoreCase) { ["minor"] = new RemedyRule() };
        options.Default["severe"] = new RemedyRule();

        var result = new RemedyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Remedies:Policies:lat", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Remedies:Default:severe", result.FailureMessage, StringComparison.Ordinal);
    }
}
