using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Remedies;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Tests.Storage;

public sealed class RecordMappingTests
{
    private static readonly Guid CaseId = Guid.Parse("5d0c2f0e-8f4b-4c61-9a53-2b7e1f3c9a10");

    private static CaseRecord Record(string? remedyKind = "ShippingRefund", string? currency = "EUR") => new()
    {
        Id = CaseId,
        Key = "k",
        CustomerId = "c1",
        OpenedAs = "late",
        BreachType = "late",
        Severity = "major",
        Status = "Open",
        TypesSeen = "late",
        EvidenceJson = "{}",
        RemedyKind = remedyKind,
        RemedyAmount = 9.95m,
        AgentBudget = 20m,
        RemedyCurrency = currency,
    };

    [Fact]
    public void ParseSeverity_KnownWireName_ReturnsIt() => Assert.Equal(Severity.Critical, RecordMapping.ParseSeverity(Severity.Critical.ToWireName()));

    [Fact]
    public void ParseSeverity_UnknownStoredValue_ThrowsNamingTheValue()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RecordMapping.ParseSeverity("catastrophic"));

        Assert.Contains("'catastrophic'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remedy_StoredValues_AreReadBack()
    {
        var remedy = Record().Remedy();

        Assert.Equal(RemedyKind.ShippingRefund, remedy.Kind);
        Assert.Equal(new Money(9.95m, "EUR"), remedy.Amount);
        Assert.Equal(new Money(20m, "EUR"), remedy.AgentBudget);
    }

    [Fact]
    public void Remedy_MissingCurrency_ThrowsNamingTheCase()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Record(currency: null).Remedy());

        Assert.Contains(CaseId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("currency", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FreeHoliday")]
    [InlineData("7")]
    [InlineData(null)]
    public void Remedy_UnknownKind_ThrowsNamingTheCaseAndTheValue(string? kind)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Record(remedyKind: kind).Remedy());

        Assert.Contains(CaseId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{kind}'", error.Message, StringComparison.Ordinal);
    }
}
