using System.Text.RegularExpressions;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Helpdesks.Freshdesk;

namespace RecoveryWorker.Connectors.Tests.Helpdesks.Freshdesk;

public sealed class FreshdeskCaseTagTests
{
    [Fact]
    public void CaseTag_SameKey_IsTheSameShortSafeTagEveryTime()
    {
        const string key = "3f1c2b9e-6a0d-4e57-9a52-0c1f7d1e8a44:late:1";

        var tag = FreshdeskHelpdesk.CaseTag(key);

        Assert.Equal(tag, FreshdeskHelpdesk.CaseTag(key));
        Assert.Equal(32, tag.Length);
        Assert.Matches(new Regex("^rw[0-9a-f]{30}$"), tag);
        // Pinned: a change here would orphan every open case's ticket (FindTicketAsync could no longer see it).
        Assert.Equal("rwd89248074954bdffbb2e68f9e7b697", tag);
    }

    [Theory]
    [InlineData("3f1c2b9e-6a0d-4e57-9a52-0c1f7d1e8a44:late:2")]
    [InlineData("3F1C2B9E-6A0D-4E57-9A52-0C1F7D1E8A44:late:1")]
    [InlineData("3f1c2b9e-6a0d-4e57-9a52-0c1f7d1e8a44:lost:1")]
    public void CaseTag_DifferentKeys_GiveDifferentTags(string other) =>
        Assert.NotEqual(FreshdeskHelpdesk.CaseTag("3f1c2b9e-6a0d-4e57-9a52-0c1f7d1e8a44:late:1"), FreshdeskHelpdesk.CaseTag(other));

    [Fact]
    public void CaseTag_EmptyKey_Throws() => Assert.ThrowsAny<ArgumentException>(() => FreshdeskHelpdesk.CaseTag(" "));

    [Fact]
    public void Html_PlainText_IsEncodedWithLineBreaks() =>
        Assert.Equal("a &lt;b&gt; &amp; &quot;c&quot;<br>d<br>e", FreshdeskHelpdesk.Html("a <b> & \"c\"\r\nd\ne"));

    [Theory]
    [InlineData(2, HelpdeskTicketStatus.Open)]
    [InlineData(3, HelpdeskTicketStatus.Pending)]
    [InlineData(4, HelpdeskTicketStatus.Solved)]
    [InlineData(5, HelpdeskTicketStatus.Closed)]
    [InlineData(1, null)]
    [InlineData(6, null)]
    public void Status_Table_CoversEveryDocumentedValue(int status, HelpdeskTicketStatus? expected) =>
        Assert.Equal(expected, FreshdeskHelpdesk.Status(status));
}
