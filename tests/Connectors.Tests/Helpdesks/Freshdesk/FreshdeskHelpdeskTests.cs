using Newtonsoft.Json.Linq;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Helpdesks.Freshdesk;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static RecoveryWorker.Connectors.Tests.Helpdesks.Freshdesk.FreshdeskStubs;

namespace RecoveryWorker.Connectors.Tests.Helpdesks.Freshdesk;

public sealed class FreshdeskHelpdeskTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        _server.Stop();
        _server.Dispose();
    }

    [Fact]
    public async Task OpenTicketAsync_Created_SendsTheDocumentedBodyWithBasicAuthAndParsesTheId()
    {
        ServeCreate(_server);
        ServeReply(_server, 43);
        ServeNotes(_server, 43);

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(new TicketRef("Freshdesk", "43"), result.Value);
        var create = Assert.Single(Calls(_server, "POST", TicketsPath));
        // Freshdesk: API key as user name, "X" as password, Base64 of "key:X".
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ApiKey + ":X"));
        Assert.Equal(expected, create.RequestMessage!.Headers!["Authorization"].Single());
        Assert.StartsWith("application/json", create.RequestMessage.Headers["Content-Type"].Single(), StringComparison.Ordinal);

        var body = Body(create);
        Assert.Equal(["email", "name", "subject", "description", "status", "priority", "source", "tags"], body.Select(p => p.Key));
        Assert.Equal(Email, (string?)body["email"]);
        Assert.Equal(RequesterName, (string?)body["name"]);
        Assert.Equal("Your parcel is late: we are sorry", (string?)body["subject"]);
        Assert.Equal("Hello Ana,<br>your parcel did not arrive on time &lt;sorry&gt; &amp; we refund shipping.<br>Next update by 14:00.", (string?)body["description"]);
        Assert.Equal(2, (int)body["status"]!);
        Assert.Equal(3, (int)body["priority"]!);   // High
        Assert.Equal(10, (int)body["source"]!);    // Outbound Email
        Assert.Equal(["delivery-late", "recovery-worker", FreshdeskHelpdesk.CaseTag(CaseKey)], body["tags"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task OpenTicketAsync_SendPublicly_RepliesWithTheApologyThenAddsThePrivateNote()
    {
        ServeCreate(_server);
        ServeReply(_server, 43);
        ServeNotes(_server, 43);

        await Helpdesk().OpenTicketAsync(Draft(sendPublicly: true), CancellationToken.None);

        var paths = _server.LogEntries.Select(e => $"{e.RequestMessage!.Method} {e.RequestMessage.Path}").ToList();
        Assert.Equal(["POST /api/v2/tickets", "POST /api/v2/tickets/43/reply", "POST /api/v2/tickets/43/notes"], paths);
        var reply = Body(Assert.Single(Calls(_server, "POST", "/api/v2/tickets/43/reply")));
        Assert.Equal(["body"], reply.Select(p => p.Key));
        Assert.Equal(FreshdeskHelpdesk.Html(Draft().PublicBody), (string?)reply["body"]);
        var note = Body(Assert.Single(Calls(_server, "POST", "/api/v2/tickets/43/notes")));
        Assert.Equal(["body", "private"], note.Select(p => p.Key));
        Assert.Equal("Case " + CaseKey + "<br>UPS 1Z999AA10123456784 promised 2026-03-01, still in transit.<br>Remedy: refund shipping.", (string?)note["body"]);
        Assert.True((bool)note["private"]!);
    }

    [Fact]
    public async Task OpenTicketAsync_DraftMode_KeepsTheApologyInAPrivateNoteAndOutOfTheDescription()
    {
        ServeCreate(_server);
        ServeReply(_server, 43);
        ServeNotes(_server, 43);

        var result = await Helpdesk().OpenTicketAsync(Draft(sendPublicly: false), CancellationToken.None);

        Assert.Equal("43", result.Value?.Id);
        Assert.Empty(Calls(_server, "POST", "/api/v2/tickets/43/reply"));
        var description = JObject.Parse(Calls(_server, "POST", "/api/v2/tickets").Single().RequestMessage!.Body!)["description"]!.ToString();
        Assert.DoesNotContain("refund", description, StringComparison.Ordinal); // the portal shows the description to the customer
        var notes = Calls(_server, "POST", "/api/v2/tickets/43/notes").Select(n => JObject.Parse(n.RequestMessage!.Body!)).ToList();
        Assert.Equal(2, notes.Count);
        Assert.All(notes, n => Assert.True(n.Value<bool>("private")));
        Assert.StartsWith("Drafted apology, not sent to the customer", notes[0]["body"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains("we refund shipping", notes[0]["body"]!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("Case ", notes[1]["body"]!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TicketPriority.Low, 1)]
    [InlineData(TicketPriority.Normal, 2)]
    [InlineData(TicketPriority.High, 3)]
    [InlineData(TicketPriority.Urgent, 4)]
    public async Task OpenTicketAsync_Priority_IsFreshdesksNumber(TicketPriority priority, int expected)
    {
        ServeCreate(_server);
        ServeNotes(_server, 43);

        await Helpdesk().OpenTicketAsync(Draft(sendPublicly: false, priority: priority), CancellationToken.None);

        Assert.Equal(expected, (int)Body(Assert.Single(Calls(_server, "POST", TicketsPath)))["priority"]!);
    }

    [Fact]
    public async Task OpenTicketAsync_NoteAndReplyFail_ReturnsTheTicketLogsWarningsAndNeverRepeatsAWrite()
    {
        ServeCreate(_server);
        ServeReply(_server, 43, status: 503);
        ServeNotes(_server, 43, status: 500, body: "{}");

        var (provider, helpdesk) = BuildWithFakeLogs();
        var result = await helpdesk.OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal("43", result.Value!.Id);
        Assert.Single(Calls(_server, "POST", TicketsPath));
        Assert.Single(Calls(_server, "POST", "/api/v2/tickets/43/reply"));
        Assert.Single(Calls(_server, "POST", "/api/v2/tickets/43/notes"));
        var warnings = provider.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == 3203).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w =>
        {
            Assert.Equal(LogLevel.Warning, w.Level);
            Assert.Contains(CaseKey, w.Message, StringComparison.Ordinal);
            Assert.Contains("43", w.Message, StringComparison.Ordinal);
            Assert.Contains("Transient", w.Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(400)]
    [InlineData(422)]
    public async Task OpenTicketAsync_ValidationFailed_IsRejectedNamingFieldsAndCodesWithoutTheEmail(int status)
    {
        ServeCreate(_server, status, Read("validation-failed.json"));

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Rejected, result.Error?.Kind);
        Assert.Contains("email invalid_value", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("priority invalid_value", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("Validation failed", result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, result.Error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, result.Error.Message, StringComparison.Ordinal);
        Assert.Single(Calls(_server, "POST", TicketsPath));
        Assert.Empty(Calls(_server, "POST", "/api/v2/tickets/43/notes"));
    }

    [Fact]
    public async Task OpenTicketAsync_401_IsUnauthorizedWithFreshdesksCode()
    {
        ServeCreate(_server, 401, Read("invalid-credentials.json"));

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Unauthorized, result.Error?.Kind);
        Assert.Contains("invalid_credentials", result.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenTicketAsync_429_IsRateLimitedWithTheRetryAfterValue()
    {
        _server.Given(Request.Create().WithPath(TicketsPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "34").WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(Read("rate-limited.json")));

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.RateLimited, result.Error?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(34), result.Error!.RetryAfter);
        Assert.Single(Calls(_server, "POST", TicketsPath));
    }

    [Fact]
    public async Task OpenTicketAsync_503_IsTransientAfterExactlyOnePost()
    {
        ServeCreate(_server, 503, "");

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Transient, result.Error?.Kind);
        Assert.True(result.Error!.IsRetryable);
        Assert.Single(Calls(_server, "POST", TicketsPath));
    }

    [Fact]
    public async Task OpenTicketAsync_AnswerAfterTheTimeout_IsTransientOnePostArrivedAndFindAdoptsTheTicket()
    {
        ServeCreate(_server, delay: TimeSpan.FromMilliseconds(1500));
        ServeSearch(_server, 43);
        var helpdesk = Helpdesk(new() { ["Helpdesk:Freshdesk:Timeout"] = "00:00:00.5" });

        var opened = await helpdesk.OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Transient, opened.Error?.Kind);
        // WireMock logs a delayed request once it has answered: wait for it.
        for (var i = 0; i < 50 && Calls(_server, "POST", TicketsPath).Count == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Single(Calls(_server, "POST", TicketsPath));
        Assert.Empty(Calls(_server, "POST", "/api/v2/tickets/43/notes"));

        var found = await helpdesk.FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.True(found.IsSuccess, found.Error?.Message);
        Assert.Equal(new TicketRef("Freshdesk", "43"), found.Value);
        Assert.Single(Calls(_server, "POST", TicketsPath));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"subject":"no id"}""")]
    [InlineData("""{"id":"forty-three"}""")]
    public async Task OpenTicketAsync_2xxWithoutAReadableId_IsMalformedAndNamesTheTag(string body)
    {
        ServeCreate(_server, 201, body);

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Malformed, result.Error?.Kind);
        Assert.Contains(FreshdeskHelpdesk.CaseTag(CaseKey), result.Error!.Message, StringComparison.Ordinal);
        Assert.Single(Calls(_server, "POST", TicketsPath));
    }

    [Fact]
    public async Task OpenTicketAsync_Logs_NeverCarryTheEmailNameOrApiKey()
    {
        ServeCreate(_server);
        ServeReply(_server, 43);
        ServeNotes(_server, 43, status: 400, body: Read("validation-failed.json"));
        var (provider, helpdesk) = BuildWithFakeLogs();

        await helpdesk.OpenTicketAsync(Draft(), CancellationToken.None);
        ServeCreate(_server, 400, Read("validation-failed.json"));
        await helpdesk.OpenTicketAsync(Draft(), CancellationToken.None);

        var records = provider.GetFakeLogCollector().GetSnapshot();
        var ours = records.Where(r => r.Category?.Contains("Freshdesk", StringComparison.Ordinal) == true).ToList();
        Assert.Contains(ours, r => r.Id.Id == 3202);   // opened
        Assert.Contains(ours, r => r.Id.Id == 3203);   // note failed, ticket kept
        Assert.Contains(ours, r => r.Id.Id == 3204);   // create rejected
        Assert.All(ours, r => Assert.InRange(r.Id.Id, 3200, 3299));
        foreach (var record in records)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(s => s.Value) ?? []);
            foreach (var secret in new[] { Email, RequesterName, ApiKey, "Basic ", Convert.ToBase64String(Encoding.UTF8.GetBytes(ApiKey + ":X")) })
            {
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task FindTicketAsync_OneResult_QueriesTheCaseTagAndReturnsIt()
    {
        ServeSearch(_server, 43);

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.Equal(new TicketRef("Freshdesk", "43"), result.Value);
        var call = Assert.Single(Calls(_server, "GET", SearchPath)).RequestMessage!;
        // The documented shape: the query in double quotes, the string value in single quotes, URL-encoded.
        Assert.Equal($"\"tag:'{FreshdeskHelpdesk.CaseTag(CaseKey)}'\"", call.Query!["query"].Single());
        Assert.Equal("?query=%22tag%3A%27" + FreshdeskHelpdesk.CaseTag(CaseKey) + "%27%22", call.RawQuery, ignoreCase: true);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ApiKey + ":X")), call.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task FindTicketAsync_NoResults_ReturnsNull()
    {
        ServeSearch(_server);

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task FindTicketAsync_SeveralResults_ReturnsTheLowestId()
    {
        ServeSearch(_server, 58, 43, 51);

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.Equal("43", result.Value?.Id);
    }

    [Fact]
    public async Task FindTicketAsync_ResultWithoutTheCaseTag_IsIgnored()
    {
        var body = $$"""{"results":[{{Ticket(40, 2, "delivery-late")}},{{Ticket(44, 2, FreshdeskHelpdesk.CaseTag(CaseKey))}}],"total":2}""";
        _server.Given(Request.Create().WithPath(SearchPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody(body));

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.Equal("44", result.Value?.Id);
    }

    [Fact]
    public async Task FindTicketAsync_503Once_IsRetriedAndSucceeds()
    {
        _server.Given(Request.Create().WithPath(SearchPath).UsingGet()).InScenario("search").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503));
        _server.Given(Request.Create().WithPath(SearchPath).UsingGet()).InScenario("search").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Search(43)));

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.Equal("43", result.Value?.Id);
        Assert.Equal(2, Calls(_server, "GET", SearchPath).Count);
    }

    [Fact]
    public async Task FindTicketAsync_MalformedAnswer_IsMalformed()
    {
        _server.Given(Request.Create().WithPath(SearchPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"total":1}"""));

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Malformed, result.Error?.Kind);
    }

    [Theory]
    [InlineData(2, HelpdeskTicketStatus.Open)]
    [InlineData(3, HelpdeskTicketStatus.Pending)]
    [InlineData(4, HelpdeskTicketStatus.Solved)]
    [InlineData(5, HelpdeskTicketStatus.Closed)]
    [InlineData(6, HelpdeskTicketStatus.Open)]    // an account's custom status ("Waiting on third party")
    [InlineData(12, HelpdeskTicketStatus.Open)]
    public async Task GetStatusAsync_FreshdeskStatus_MapsToOurs(int status, HelpdeskTicketStatus expected)
    {
        ServeTicket(_server, 43, body: Ticket(43, status));

        var result = await Helpdesk().GetStatusAsync(new TicketRef("Freshdesk", "43"), CancellationToken.None);

        Assert.Equal(expected, result.Value);
        Assert.Single(Calls(_server, "GET", "/api/v2/tickets/43"));
    }

    [Theory]
    [InlineData(true, false, SolveOutcome.LeftOpenCustomerReplied)]  // the customer asked just before our arrival reply
    [InlineData(false, true, SolveOutcome.LeftOpenCustomerReplied)]  // the customer wrote after us
    [InlineData(false, false, SolveOutcome.Solved)]
    public async Task SolveAsync_NewestPublicConversations_ResolvesUnlessTheCustomerHadTheLastWord(bool olderIncoming, bool newestIncoming, SolveOutcome expected)
    {
        ServeTicket(_server, 43, body: Ticket(43, 2));
        ServeUpdate(_server, 43);
        _server.Given(Request.Create().WithPath("/api/v2/tickets/43/conversations").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody(
            $$"""[{"id":1,"incoming":{{(olderIncoming ? "true" : "false")}},"private":false,"body":"older","created_at":"2026-11-23T09:00:00Z"},{"id":2,"incoming":false,"private":true,"body":"note","created_at":"2026-11-23T09:30:00Z"},{"id":3,"incoming":{{(newestIncoming ? "true" : "false")}},"private":false,"body":"newest","created_at":"2026-11-23T10:00:00Z"}]"""));

        var result = await Helpdesk().SolveAsync(new TicketRef("Freshdesk", "43"), CancellationToken.None);

        Assert.Equal(expected, result.Value);
        var puts = Calls(_server, "PUT", "/api/v2/tickets/43");
        if (expected == SolveOutcome.Solved)
        {
            Assert.Equal(4, (int)Body(Assert.Single(puts))["status"]!);
        }
        else
        {
            Assert.Empty(puts);
        }
    }

    [Theory]
    [InlineData("Supervisors", "80000020")]
    [InlineData("80000010", "80000010")]
    [InlineData("Escalations", null)]
    public async Task FindGroupAsync_ByNameOrId_FindsItOrSaysThereIsNone(string wanted, string? expectedId)
    {
        _server.Given(Request.Create().WithPath("/api/v2/groups").UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
            .WithBody("""[{"id":80000010,"name":"Support","description":null},{"id":80000020,"name":"Supervisors","description":"Escalations"}]"""));

        var result = await Helpdesk().FindGroupAsync(wanted, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(expectedId, result.Value?.Id);
    }

    [Fact]
    public async Task GetTagsAsync_Ticket_ReturnsItsTagsField()
    {
        ServeTicket(_server, 43, body: Ticket(43, 2, "late", "apology-sent"));

        var result = await Helpdesk().GetTagsAsync(new TicketRef("Freshdesk", "43"), CancellationToken.None);

        Assert.Equal(["late", "apology-sent"], result.Value);
        Assert.Single(Calls(_server, "GET", "/api/v2/tickets/43"));
    }

    [Fact]
    public async Task GetStatusAsync_CustomStatus_IsLoggedAsInformation()
    {
        ServeTicket(_server, 43, body: Ticket(43, 7));
        var (provider, helpdesk) = BuildWithFakeLogs();

        await helpdesk.GetStatusAsync(new TicketRef("Freshdesk", "43"), CancellationToken.None);

        var record = Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 3205);
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Contains("7", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_503Once_IsRetriedAndSucceeds()
    {
        _server.Given(Request.Create().WithPath("/api/v2/tickets/43").UsingGet()).InScenario("read").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503));
        _server.Given(Request.Create().WithPath("/api/v2/tickets/43").UsingGet()).InScenario("read").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Ticket(43, 4)));

        var result = await Helpdesk().GetStatusAsync(new TicketRef("Freshdesk", "43"), CancellationToken.None);

        Assert.Equal(HelpdeskTicketStatus.Solved, result.Value);
        Assert.Equal(2, Calls(_server, "GET", "/api/v2/tickets/43").Count);
    }

    [Fact]
    public async Task GetStatusAsync_404_IsNotFound()
    {
        ServeTicket(_server, 99, status: 404, body: "");

        var result = await Helpdesk().GetStatusAsync(new TicketRef("Freshdesk", "99"), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.NotFound, result.Error?.Kind);
    }

    [Fact]
    public async Task GetStatusAsync_NoStatusInTheAnswer_IsMalformed()
    {
        ServeTicket(_server, 43, body: """{"id":43,"subject":"x"}""");

        var result = await Helpdesk().GetStatusAsync(new TicketRef("Freshdesk", "43"), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Malformed, result.Error?.Kind);
    }

    [Fact]
    public async Task GetStatusAsync_NotAFreshdeskId_IsNotFoundWithoutACall()
    {
        var result = await Helpdesk().GetStatusAsync(new TicketRef("Freshdesk", "ZD-12"), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.NotFound, result.Error?.Kind);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task AddCommentAsync_Public_PostsAReply()
    {
        ServeReply(_server, 43);

        var result = await Helpdesk().AddCommentAsync(new TicketRef("Freshdesk", "43"), new TicketComment("Update:\nit is out for delivery", true, "k1"), CancellationToken.None);

        Assert.True(result.IsSuccess);
        var body = Body(Assert.Single(_server.LogEntries));
        Assert.Equal("/api/v2/tickets/43/reply", Assert.Single(_server.LogEntries).RequestMessage!.Path);
        Assert.Equal(["body"], body.Select(p => p.Key));
        Assert.Equal("Update:<br>it is out for delivery", (string?)body["body"]);
    }

    [Fact]
    public async Task AddCommentAsync_Private_PostsAPrivateNote()
    {
        ServeNotes(_server, 43);

        var result = await Helpdesk().AddCommentAsync(new TicketRef("Freshdesk", "43"), new TicketComment("Carrier says <today>", false, "k2"), CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal("/api/v2/tickets/43/notes", Assert.Single(_server.LogEntries).RequestMessage!.Path);
        var body = Body(Assert.Single(_server.LogEntries));
        Assert.Equal("Carrier says &lt;today&gt;", (string?)body["body"]);
        Assert.True((bool)body["private"]!);
    }

    [Fact]
    public async Task AddCommentAsync_503_IsTransientAfterExactlyOnePost()
    {
        ServeNotes(_server, 43, status: 503, body: "");

        var result = await Helpdesk().AddCommentAsync(new TicketRef("Freshdesk", "43"), new TicketComment("x", false, "k3"), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Transient, result.Error?.Kind);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task ReopenAsync_AddsThePrivateNoteThenSetsStatusOpen()
    {
        ServeNotes(_server, 43);
        ServeUpdate(_server, 43);

        var result = await Helpdesk().ReopenAsync(new TicketRef("Freshdesk", "43"), new TicketComment("Still not delivered: reopened.", false, "k4"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        var calls = _server.LogEntries.ToList();
        Assert.Equal(["POST /api/v2/tickets/43/notes", "PUT /api/v2/tickets/43"], calls.Select(e => $"{e.RequestMessage!.Method} {e.RequestMessage.Path}"));
        Assert.True((bool)Body(calls[0])["private"]!);
        Assert.Equal("""{"status":2}""", calls[1].RequestMessage!.Body);
    }

    [Fact]
    public async Task ReopenAsync_NoteRejected_DoesNotChangeTheStatus()
    {
        ServeNotes(_server, 43, status: 400, body: Read("validation-failed.json"));
        ServeUpdate(_server, 43);

        var result = await Helpdesk().ReopenAsync(new TicketRef("Freshdesk", "43"), new TicketComment("x", false, "k5"), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Rejected, result.Error?.Kind);
        Assert.Empty(Calls(_server, "PUT", "/api/v2/tickets/43"));
    }

    [Fact]
    public async Task EscalateAsync_KeepsTheTagsRaisesPriorityAssignsTheGroupAndAddsTheNote()
    {
        ServeTicket(_server, 43, body: Ticket(43, 2, "delivery-late", FreshdeskHelpdesk.CaseTag(CaseKey), "vip"));
        ServeUpdate(_server, 43);
        ServeNotes(_server, 43);

        var result = await Helpdesk().EscalateAsync(new TicketRef("Freshdesk", "43"),
            new TicketEscalation(TicketPriority.Urgent, "escalated", "8000123456", "Untouched for 24 business hours."), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(["GET /api/v2/tickets/43", "PUT /api/v2/tickets/43", "POST /api/v2/tickets/43/notes"],
            _server.LogEntries.Select(e => $"{e.RequestMessage!.Method} {e.RequestMessage.Path}"));
        var update = Body(Assert.Single(Calls(_server, "PUT", "/api/v2/tickets/43")));
        Assert.Equal(["priority", "tags", "group_id"], update.Select(p => p.Key));
        Assert.Equal(4, (int)update["priority"]!);
        Assert.Equal(["delivery-late", FreshdeskHelpdesk.CaseTag(CaseKey), "vip", "escalated"], update["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(8000123456L, (long)update["group_id"]!);
        var note = Body(Assert.Single(Calls(_server, "POST", "/api/v2/tickets/43/notes")));
        Assert.Equal("Untouched for 24 business hours.", (string?)note["body"]);
        Assert.True((bool)note["private"]!);
    }

    [Fact]
    public async Task EscalateAsync_GroupIsAName_SkipsTheGroupAndWarns()
    {
        ServeTicket(_server, 43, body: Ticket(43, 2, "escalated"));
        ServeUpdate(_server, 43);
        ServeNotes(_server, 43);
        var (provider, helpdesk) = BuildWithFakeLogs();

        var result = await helpdesk.EscalateAsync(new TicketRef("Freshdesk", "43"),
            new TicketEscalation(TicketPriority.High, "escalated", "Supervisors", "Why."), CancellationToken.None);

        Assert.True(result.IsSuccess);
        var update = Body(Assert.Single(Calls(_server, "PUT", "/api/v2/tickets/43")));
        Assert.False(update.ContainsKey("group_id"));
        Assert.Equal(3, (int)update["priority"]!);
        Assert.Equal(["escalated"], update["tags"]!.AsArray().Select(t => (string?)t));   // no duplicate
        var warning = Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 3206);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Supervisors", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EscalateAsync_TicketGone_IsNotFoundWithoutAWrite()
    {
        ServeTicket(_server, 43, status: 404, body: "");

        var result = await Helpdesk().EscalateAsync(new TicketRef("Freshdesk", "43"), new TicketEscalation(TicketPriority.Urgent, "escalated", null, "Why."), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.NotFound, result.Error?.Kind);
        Assert.DoesNotContain(_server.LogEntries, e => e.RequestMessage!.Method != "GET");
    }

    [Fact]
    public void Helpdesk_NameAndLookupDelay_AreFreshdeskAndTheConfiguredIndexLag()
    {
        Assert.Equal("Freshdesk", Helpdesk().Name);
        Assert.Equal(TimeSpan.FromMinutes(10), Helpdesk().LookupDelay);
        Assert.Equal(TimeSpan.FromMinutes(3), Helpdesk(new() { ["Helpdesk:Freshdesk:LookupDelay"] = "00:03:00" }).LookupDelay);
    }

    [Fact]
    public async Task OpenTicketAsync_Cancelled_Throws()
    {
        ServeCreate(_server);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Helpdesk().OpenTicketAsync(Draft(), cancelled.Token));
    }

    private IHelpdesk Helpdesk(Dictionary<string, string?>? overrides = null)
    {
        var (provider, helpdesk) = Build(_server.Url!, overrides: overrides);
        _providers.Add(provider);
        return helpdesk;
    }

    private (ServiceProvider Provider, IHelpdesk Helpdesk) BuildWithFakeLogs()
    {
        var built = Build(_server.Url!, services => services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = true));
        _providers.Add(built.Provider);
        return built;
    }
}
