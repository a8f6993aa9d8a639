using Microsoft.Extensions.Logging;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static RecoveryWorker.Connectors.Tests.Helpdesks.Zendesk.ZendeskStubs;

namespace RecoveryWorker.Connectors.Tests.Helpdesks.Zendesk;

public sealed class ZendeskHelpdeskTests : IDisposable
{
    private static readonly TicketRef Ticket = new("Zendesk", "35436");

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
    public async Task OpenTicketAsync_Created_SendsTheDraftWithAuthAndIdempotencyKeyAndParsesTheId()
    {
        ServeCreate(_server);
        ServeUpdate(_server);

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(new TicketRef("Zendesk", "35436"), result.Value);
        var post = Assert.Single(Calls(_server, "POST", TicketsPath)).RequestMessage!;
        Assert.Equal(ExpectedAuthorization, post.Headers!["Authorization"].Single());
        Assert.Equal("Basic YWdlbnRAYWNtZS50ZXN0L3Rva2VuOnpkLXRlc3QtYXBpLXRva2VuLW5vdC1hLXJlYWwtc2VjcmV0", post.Headers["Authorization"].Single());
        Assert.Equal(CaseKey, post.Headers["Idempotency-Key"].Single());
        Assert.StartsWith("application/json", post.Headers["Content-Type"].Single(), StringComparison.Ordinal);

        var ticket = JsonNode.Parse(post.Body!)!["ticket"]!;
        Assert.Equal(Draft().Subject, (string?)ticket["subject"]);
        Assert.Equal(Draft().PublicBody, (string?)ticket["comment"]!["body"]);
        Assert.True((bool)ticket["comment"]!["public"]!);
        Assert.Equal(RequesterName, (string?)ticket["requester"]!["name"]);
        Assert.Equal(RequesterEmail, (string?)ticket["requester"]!["email"]);
        Assert.Equal(["late-delivery", "recovery-worker"], ticket["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("high", (string?)ticket["priority"]);
        Assert.Equal(CaseKey, (string?)ticket["external_id"]);
        Assert.Equal(["comment", "external_id", "priority", "requester", "subject", "tags"], ticket.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OpenTicketAsync_DraftMode_SendsTheApologyAsAPrivateComment()
    {
        ServeCreate(_server);
        ServeUpdate(_server);

        await Helpdesk().OpenTicketAsync(Draft() with { SendPublicly = false }, CancellationToken.None);

        var ticket = Body(Assert.Single(Calls(_server, "POST", TicketsPath)))["ticket"]!;
        Assert.False((bool)ticket["comment"]!["public"]!);
    }

    [Fact]
    public async Task OpenTicketAsync_AfterCreate_AddsTheInternalNoteAsAPrivateComment()
    {
        ServeCreate(_server);
        ServeUpdate(_server);

        await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        var put = Assert.Single(Calls(_server, "PUT", TicketPath));
        Assert.Equal(ExpectedAuthorization, put.RequestMessage!.Headers!["Authorization"].Single());
        Assert.False(put.RequestMessage.Headers.ContainsKey("Idempotency-Key"));
        var ticket = Body(put)["ticket"]!.AsObject();
        Assert.Equal(["comment"], ticket.Select(p => p.Key));
        Assert.Equal(Draft().InternalNote, (string?)ticket["comment"]!["body"]);
        Assert.False((bool)ticket["comment"]!["public"]!);
        // The note follows the create.
        Assert.True(Calls(_server, "POST", TicketsPath)[0].RequestMessage!.DateTime <= put.RequestMessage.DateTime);
    }

    [Fact]
    public async Task OpenTicketAsync_NoteFails_StillReturnsTheTicketAndLogsAWarning()
    {
        ServeCreate(_server);
        ServeUpdate(_server, 500, """{"error":"InternalError"}""");
        var provider = Provider(fakeLogging: true);

        var result = await provider.GetRequiredService<IHelpdesk>().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("35436", result.Value!.Id);
        Assert.Single(Calls(_server, "PUT", TicketPath));   // a write is sent once, even after a 500
        var warning = Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 3103);
        Assert.Contains(CaseKey, warning.Message, StringComparison.Ordinal);
        Assert.Contains("35436", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Transient", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenTicketAsync_TwiceForTheSameCase_SendsTheSameIdempotencyKey()
    {
        _server.Given(Request.Create().WithPath(TicketsPath).UsingPost()).InScenario("replay").WillSetStateTo("created")
            .RespondWith(Json(201, Read("ticket.json")).WithHeader("x-idempotency-lookup", "miss"));
        _server.Given(Request.Create().WithPath(TicketsPath).UsingPost()).InScenario("replay").WhenStateIs("created")
            .RespondWith(Json(201, Read("ticket.json")).WithHeader("x-idempotency-lookup", "hit"));
        ServeUpdate(_server);
        var helpdesk = Helpdesk();

        var first = await helpdesk.OpenTicketAsync(Draft("Friday 12:00"), CancellationToken.None);
        var second = await helpdesk.OpenTicketAsync(Draft("Friday 12:05"), CancellationToken.None);

        Assert.Equal(first.Value, second.Value);
        var posts = Calls(_server, "POST", TicketsPath);
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal(CaseKey, p.RequestMessage!.Headers!["Idempotency-Key"].Single()));
        Assert.All(posts, p => Assert.Equal(CaseKey, (string?)Body(p)["ticket"]!["external_id"]));
    }

    [Fact]
    public async Task OpenTicketAsync_IdempotencyKeyReusedWithAnotherBody_AdoptsTheTicketCarryingTheExternalId()
    {
        ServeCreate(_server, 400, Read("error-idempotency-conflict.json"));
        ServeFind(_server, Read("tickets-by-external-id.json"));
        ServeUpdate(_server);

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("35436", result.Value!.Id);   // the lowest id of the two carrying the key
        Assert.Single(Calls(_server, "POST", TicketsPath));
        Assert.Single(Calls(_server, "GET", TicketsPath));
        Assert.False((bool)Body(Assert.Single(Calls(_server, "PUT", TicketPath)))["ticket"]!["comment"]!["public"]!);
    }

    [Fact]
    public async Task OpenTicketAsync_IdempotencyConflictAndNoTicketYet_IsTransientAndSaysSo()
    {
        ServeCreate(_server, 400, Read("error-idempotency-conflict.json"));
        ServeFind(_server, Read("tickets-empty.json"));

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Transient, result.Error?.Kind);
        Assert.Contains("IdempotentRequestError", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("no ticket carries that external id", result.Error.Message, StringComparison.Ordinal);
        Assert.Single(Calls(_server, "POST", TicketsPath));
    }

    [Fact]
    public async Task OpenTicketAsync_AnswerAfterTheTimeout_IsTransientAndTheLookupFindsTheTicket()
    {
        _server.Given(Request.Create().WithPath(TicketsPath).UsingPost())
            .RespondWith(Json(201, Read("ticket.json")).WithDelay(TimeSpan.FromMilliseconds(1500)));
        ServeFind(_server, Read("tickets-by-external-id.json").Replace("35440", "35436", StringComparison.Ordinal));
        var helpdesk = Helpdesk(timeout: "00:00:00.5");

        var created = await helpdesk.OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Transient, created.Error?.Kind);
        Assert.Equal(TimeSpan.Zero, helpdesk.LookupDelay);
        await WaitForAsync(() => Calls(_server, "POST", TicketsPath).Count == 1);
        Assert.Single(Calls(_server, "POST", TicketsPath));   // arrived, and was not repeated

        var found = await helpdesk.FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.True(found.IsSuccess, found.Error?.Message);
        Assert.Equal("35436", found.Value?.Id);
        Assert.Empty(Calls(_server, "PUT", TicketPath));   // no note on a create we never saw succeed
    }

    [Fact]
    public async Task OpenTicketAsync_AnswerAfterTheTimeout_LogsTheTimeoutAsAWarningNotAnError()
    {
        _server.Given(Request.Create().WithPath(TicketsPath).UsingPost())
            .RespondWith(Json(201, Read("ticket.json")).WithDelay(TimeSpan.FromMilliseconds(1500)));
        var provider = Provider(fakeLogging: true, timeout: "00:00:00.5");

        var created = await provider.GetRequiredService<IHelpdesk>().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Transient, created.Error?.Kind);
        var records = provider.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(records, r => r.Level == LogLevel.Warning && r.Message.Contains("OnTimeout", StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task OpenTicketAsync_503_IsTransientAfterExactlyOnePost()
    {
        ServeCreate(_server, 503, """{"error":"ServiceUnavailable"}""");

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Transient, result.Error?.Kind);
        Assert.Single(Calls(_server, "POST", TicketsPath));
    }

    [Fact]
    public async Task OpenTicketAsync_401_IsUnauthorized()
    {
        ServeCreate(_server, 401, Read("error-unauthorized-401.json"));

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Unauthorized, result.Error?.Kind);
        Assert.DoesNotContain(ApiToken, result.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenTicketAsync_422_IsRejectedWithZendesksMessageButNoPersonalData()
    {
        // Zendesk's RecordInvalid envelope; the description was made to echo the requester, to prove it is blanked out.
        ServeCreate(_server, 422, Read("error-requester-invalid-422.json"));

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Rejected, result.Error?.Kind);
        var message = result.Error!.Message;
        Assert.Contains("HTTP 422", message, StringComparison.Ordinal);
        Assert.Contains("RecordInvalid", message, StringComparison.Ordinal);
        Assert.Contains("requester:", message, StringComparison.Ordinal);
        Assert.Contains("suspended list", message, StringComparison.Ordinal);
        Assert.DoesNotContain(RequesterEmail, message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(RequesterName, message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenTicketAsync_429_IsRateLimitedWithRetryAfter()
    {
        _server.Given(Request.Create().WithPath(TicketsPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7").WithBody("Too Many Requests"));

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.RateLimited, result.Error?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), result.Error!.RetryAfter);
        Assert.Single(Calls(_server, "POST", TicketsPath));
    }

    [Fact]
    public async Task OpenTicketAsync_CreatedWithoutATicketId_IsMalformed()
    {
        ServeCreate(_server, 201, """{"ticket":{"status":"new"}}""");

        var result = await Helpdesk().OpenTicketAsync(Draft(), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Malformed, result.Error?.Kind);
        Assert.Empty(Calls(_server, "PUT", TicketPath));
    }

    [Fact]
    public async Task FindTicketAsync_OneTicket_ReturnsIt()
    {
        ServeFind(_server, """{"tickets":[{"id":35436,"external_id":"3f1c2d9e-5b7a-4c1e-9f00-1234567890ab:late:1","status":"open"}],"next_page":null,"count":1}""");

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.Equal(new TicketRef("Zendesk", "35436"), result.Value);
        var call = Assert.Single(Calls(_server, "GET", TicketsPath)).RequestMessage!;
        Assert.Equal(CaseKey, call.Query!["external_id"].Single());
        Assert.Equal(ExpectedAuthorization, call.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task FindTicketAsync_None_ReturnsNull()
    {
        ServeFind(_server, Read("tickets-empty.json"));

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task FindTicketAsync_Several_ReturnsTheLowestIdAndLogsIt()
    {
        ServeFind(_server, Read("tickets-by-external-id.json"));
        var provider = Provider(fakeLogging: true);

        var result = await provider.GetRequiredService<IHelpdesk>().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.Equal("35436", result.Value?.Id);
        Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 3106);
    }

    [Fact]
    public async Task FindTicketAsync_CursorPagedAnswer_ReadsEveryPage()
    {
        // Cursor pagination (Zendesk's recommended kind): meta.has_more and meta.after_cursor, links.next.
        var nextLink = $"{_server.Url}/api/v2/tickets.json?external_id={Uri.EscapeDataString(CaseKey)}&page%5Bafter%5D=xc2&page%5Bsize%5D=100";
        _server.Given(Request.Create().WithPath(TicketsPath).WithParam("external_id", CaseKey).WithUrl(new WireMock.Matchers.WildcardMatcher("*page%5Bafter%5D=xc2*", ignoreCase: true)).UsingGet()).AtPriority(1)
            .RespondWith(Json(200, """{"tickets":[{"id":35436,"external_id":"3f1c2d9e-5b7a-4c1e-9f00-1234567890ab:late:1","status":"open"}],"meta":{"has_more":false,"after_cursor":null,"before_cursor":"xc1"},"links":{"next":null,"prev":"p"}}"""));
        _server.Given(Request.Create().WithPath(TicketsPath).WithParam("external_id", CaseKey).UsingGet()).AtPriority(2)
            .RespondWith(Json(200, $$$"""{"tickets":[{"id":35440,"external_id":"3f1c2d9e-5b7a-4c1e-9f00-1234567890ab:late:1","status":"new"}],"meta":{"has_more":true,"after_cursor":"xc2","before_cursor":null},"links":{"next":"{{{nextLink}}}","prev":null}}"""));

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.Equal(new TicketRef("Zendesk", "35436"), result.Value);
        Assert.Equal(2, Calls(_server, "GET", TicketsPath).Count);
    }

    [Fact]
    public async Task FindTicketAsync_OffsetPagedAnswer_ReadsEveryPage()
    {
        var nextPage = $"{_server.Url}/api/v2/tickets.json?external_id={Uri.EscapeDataString(CaseKey)}&page=2";
        _server.Given(Request.Create().WithPath(TicketsPath).WithParam("external_id", CaseKey).WithParam("page", "2").UsingGet()).AtPriority(1)
            .RespondWith(Json(200, """{"tickets":[{"id":35436,"external_id":"3f1c2d9e-5b7a-4c1e-9f00-1234567890ab:late:1","status":"open"}],"next_page":null,"previous_page":"p","count":2}"""));
        _server.Given(Request.Create().WithPath(TicketsPath).WithParam("external_id", CaseKey).UsingGet()).AtPriority(2)
            .RespondWith(Json(200, $$$"""{"tickets":[{"id":35440,"external_id":"3f1c2d9e-5b7a-4c1e-9f00-1234567890ab:late:1","status":"new"}],"next_page":"{{{nextPage}}}","previous_page":null,"count":2}"""));

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.Equal(new TicketRef("Zendesk", "35436"), result.Value);
        Assert.Equal(2, Calls(_server, "GET", TicketsPath).Count);
    }

    [Fact]
    public async Task FindTicketAsync_503ThenOk_IsRetriedAndSucceeds()
    {
        _server.Given(Request.Create().WithPath(TicketsPath).UsingGet()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Json(503, """{"error":"ServiceUnavailable"}"""));
        _server.Given(Request.Create().WithPath(TicketsPath).UsingGet()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Json(200, Read("tickets-by-external-id.json")));

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("35436", result.Value?.Id);
        Assert.Equal(2, Calls(_server, "GET", TicketsPath).Count);
    }

    [Fact]
    public async Task FindTicketAsync_BodyWithoutTickets_IsMalformed()
    {
        ServeFind(_server, """{"users":[]}""");

        var result = await Helpdesk().FindTicketAsync(CaseKey, CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Malformed, result.Error?.Kind);
    }

    [Theory]
    [InlineData("new", HelpdeskTicketStatus.New)]
    [InlineData("open", HelpdeskTicketStatus.Open)]
    [InlineData("pending", HelpdeskTicketStatus.Pending)]
    [InlineData("hold", HelpdeskTicketStatus.OnHold)]
    [InlineData("solved", HelpdeskTicketStatus.Solved)]
    [InlineData("closed", HelpdeskTicketStatus.Closed)]
    public async Task GetStatusAsync_EveryZendeskStatus_MapsToOurs(string zendesk, HelpdeskTicketStatus expected)
    {
        ServeShow(_server, body: TicketWithStatus(zendesk));

        var result = await Helpdesk().GetStatusAsync(Ticket, CancellationToken.None);

        Assert.Equal(expected, result.Value);
        Assert.Single(Calls(_server, "GET", TicketPath));
    }

    [Fact]
    public async Task GetTagsAsync_Ticket_ReturnsItsTagsFromOneRead()
    {
        ServeShow(_server, body: TicketWithStatus("open"));

        var result = await Helpdesk().GetTagsAsync(Ticket, CancellationToken.None);

        Assert.Equal(["enterprise", "other_tag"], result.Value);
        Assert.Single(Calls(_server, "GET", TicketPath));
    }

    [Fact]
    public async Task GetStatusAsync_EveryStatusInTheSpecEnum_IsMapped()
    {
        // The spec's TicketObject.status enum is the list the theory above walks; a new value there must fail here.
        var statuses = ZendeskSpec.TicketObject()["properties"]!["status"]!["enum"]!.AsArray().Select(s => (string)s!).ToList();
        Assert.Equal(["new", "open", "pending", "hold", "solved", "closed"], statuses);
        foreach (var status in statuses)
        {
            _server.Reset();
            ServeShow(_server, body: TicketWithStatus(status));
            Assert.True((await Helpdesk().GetStatusAsync(Ticket, CancellationToken.None)).IsSuccess, status);
        }
    }

    [Theory]
    [InlineData("""{"ticket":{"id":35436,"status":"deleted"}}""")]
    [InlineData("""{"ticket":{"id":35436}}""")]
    [InlineData("""{"id":35436,"status":"open"}""")]
    [InlineData("<html>maintenance</html>")]
    public async Task GetStatusAsync_UnreadableOrUnexpectedAnswer_IsMalformed(string body)
    {
        ServeShow(_server, body: body);

        var result = await Helpdesk().GetStatusAsync(Ticket, CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Malformed, result.Error?.Kind);
    }

    [Fact]
    public async Task GetStatusAsync_503ThenOk_IsRetriedAndSucceeds()
    {
        _server.Given(Request.Create().WithPath(TicketPath).UsingGet()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Json(503, """{"error":"ServiceUnavailable"}"""));
        _server.Given(Request.Create().WithPath(TicketPath).UsingGet()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Json(200, TicketWithStatus("solved")));

        var result = await Helpdesk().GetStatusAsync(Ticket, CancellationToken.None);

        Assert.Equal(HelpdeskTicketStatus.Solved, result.Value);
        Assert.Equal(2, Calls(_server, "GET", TicketPath).Count);
    }

    [Fact]
    public async Task GetStatusAsync_429_IsRateLimitedWithRetryAfterAndNotRetried()
    {
        _server.Given(Request.Create().WithPath(TicketPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "93").WithBody("Too Many Requests"));

        var result = await Helpdesk().GetStatusAsync(Ticket, CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.RateLimited, result.Error?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(93), result.Error!.RetryAfter);
        Assert.Single(Calls(_server, "GET", TicketPath));
    }

    [Fact]
    public async Task GetStatusAsync_404_IsNotFound()
    {
        ServeShow(_server, 404, """{"error":"RecordNotFound","description":"Not found"}""");

        var result = await Helpdesk().GetStatusAsync(Ticket, CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.NotFound, result.Error?.Kind);
    }

    [Fact]
    public async Task GetStatusAsync_NotANumericId_IsNotFoundWithoutACall()
    {
        var result = await Helpdesk().GetStatusAsync(new TicketRef("Zendesk", "abc"), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.NotFound, result.Error?.Kind);
        Assert.Empty(_server.LogEntries);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddCommentAsync_PublicOrPrivate_SendsOnlyTheCommentWithThatFlag(bool isPublic)
    {
        ServeUpdate(_server);

        var result = await Helpdesk().AddCommentAsync(Ticket, new TicketComment("We found your parcel.\nIt arrives tomorrow.", isPublic, "case:followup:1"), CancellationToken.None);

        Assert.Equal(Ticket, result.Value);
        var put = Assert.Single(Calls(_server, "PUT", TicketPath));
        var ticket = Body(put)["ticket"]!.AsObject();
        Assert.Equal(["comment"], ticket.Select(p => p.Key));
        Assert.Equal("We found your parcel.\nIt arrives tomorrow.", (string?)ticket["comment"]!["body"]);
        Assert.Equal(isPublic, (bool)ticket["comment"]!["public"]!);
        Assert.Equal(ExpectedAuthorization, put.RequestMessage!.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task AddCommentAsync_503_IsTransientAfterExactlyOnePut()
    {
        ServeUpdate(_server, 503, """{"error":"ServiceUnavailable"}""");

        var result = await Helpdesk().AddCommentAsync(Ticket, new TicketComment("Note", false, "k"), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Transient, result.Error?.Kind);
        Assert.Single(Calls(_server, "PUT", TicketPath));
    }

    [Fact]
    public async Task ReopenAsync_SetsOpenWithAPrivateNoteInOnePut()
    {
        ServeUpdate(_server);

        var result = await Helpdesk().ReopenAsync(Ticket, new TicketComment("Still not delivered: reopened.", true, "case:reopen:1"), CancellationToken.None);

        Assert.Equal(Ticket, result.Value);
        var ticket = Body(Assert.Single(Calls(_server, "PUT", TicketPath)))["ticket"]!.AsObject();
        Assert.Equal(["comment", "status"], ticket.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("open", (string?)ticket["status"]);
        Assert.Equal("Still not delivered: reopened.", (string?)ticket["comment"]!["body"]);
        Assert.False((bool)ticket["comment"]!["public"]!);
    }

    [Fact]
    public async Task ReopenAsync_ClosedTicket422_IsRejectedSayingTheTicketIsClosed()
    {
        ServeUpdate(_server, 422, Read("error-closed-ticket-422.json"));

        var result = await Helpdesk().ReopenAsync(Ticket, new TicketComment("Still not delivered.", false, "k"), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Rejected, result.Error?.Kind);
        Assert.Contains("the ticket is closed", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("Status: closed prevents ticket update", result.Error.Message, StringComparison.Ordinal);
        Assert.Single(Calls(_server, "PUT", TicketPath));
    }

    [Fact]
    public async Task ReopenAsync_Other422_IsRejectedWithZendesksMessage()
    {
        ServeUpdate(_server, 422, """{"error":"RecordInvalid","description":"Record validation errors","details":{"base":[{"description":"Comment: body is too long"}]}}""");

        var result = await Helpdesk().ReopenAsync(Ticket, new TicketComment("Still not delivered.", false, "k"), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Rejected, result.Error?.Kind);
        Assert.Contains("base: Comment: body is too long", result.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the ticket is closed", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EscalateAsync_MergesTheTagAndSendsPriorityGroupAndNoteInOnePut()
    {
        ServeShow(_server);
        ServeUpdate(_server);

        var result = await Helpdesk().EscalateAsync(Ticket, new TicketEscalation(TicketPriority.Urgent, "escalated", "98739", "No carrier scan for 3 days."), CancellationToken.None);

        Assert.Equal(Ticket, result.Value);
        Assert.Single(Calls(_server, "GET", TicketPath));
        var ticket = Body(Assert.Single(Calls(_server, "PUT", TicketPath)))["ticket"]!.AsObject();
        Assert.Equal("urgent", (string?)ticket["priority"]);
        Assert.Equal(["enterprise", "other_tag", "escalated"], ticket["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(98739, (long)ticket["group_id"]!);
        Assert.Equal("No carrier scan for 3 days.", (string?)ticket["comment"]!["body"]);
        Assert.False((bool)ticket["comment"]!["public"]!);
        Assert.True((bool)ticket["safe_update"]!);
        Assert.Equal("2025-03-04T09:15:02Z", (string?)ticket["updated_stamp"]);
        Assert.False(ticket.ContainsKey("additional_tags"));
    }

    [Fact]
    public async Task EscalateAsync_TagAlreadyThere_IsNotDuplicated()
    {
        ServeShow(_server);
        ServeUpdate(_server);

        await Helpdesk().EscalateAsync(Ticket, new TicketEscalation(TicketPriority.High, "other_tag", null, "Note"), CancellationToken.None);

        var ticket = Body(Assert.Single(Calls(_server, "PUT", TicketPath)))["ticket"]!.AsObject();
        Assert.Equal(["enterprise", "other_tag"], ticket["tags"]!.AsArray().Select(t => (string)t!));
        Assert.False(ticket.ContainsKey("group_id"));
    }

    [Fact]
    public async Task EscalateAsync_GroupNotNumeric_SkipsTheGroupAndWarns()
    {
        ServeShow(_server);
        ServeUpdate(_server);
        var provider = Provider(fakeLogging: true);

        var result = await provider.GetRequiredService<IHelpdesk>().EscalateAsync(Ticket, new TicketEscalation(TicketPriority.Urgent, "escalated", "supervisors", "Note"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.False(Body(Assert.Single(Calls(_server, "PUT", TicketPath)))["ticket"]!.AsObject().ContainsKey("group_id"));
        var warning = Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 3107);
        Assert.Contains("supervisors", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EscalateAsync_UpdateCollision409_IsTransient()
    {
        ServeShow(_server);
        ServeUpdate(_server, 409, """{"error":"UpdateConflict","description":"Ticket was updated since you last retrieved it"}""");

        var result = await Helpdesk().EscalateAsync(Ticket, new TicketEscalation(TicketPriority.Urgent, "escalated", null, "Note"), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Transient, result.Error?.Kind);
        Assert.Single(Calls(_server, "PUT", TicketPath));
    }

    [Fact]
    public async Task EscalateAsync_TicketGone_IsNotFoundWithoutAPut()
    {
        ServeShow(_server, 404, """{"error":"RecordNotFound","description":"Not found"}""");

        var result = await Helpdesk().EscalateAsync(Ticket, new TicketEscalation(TicketPriority.Urgent, "escalated", null, "Note"), CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.NotFound, result.Error?.Kind);
        Assert.Empty(Calls(_server, "PUT", TicketPath));
    }

    [Fact]
    public async Task Logs_NeverCarryEmailsNamesOrCredentials()
    {
        ServeCreate(_server, 422, Read("error-requester-invalid-422.json"));
        var provider = Provider(fakeLogging: true);
        var helpdesk = provider.GetRequiredService<IHelpdesk>();
        await helpdesk.OpenTicketAsync(Draft(), CancellationToken.None);
        _server.Reset();
        ServeCreate(_server);
        ServeUpdate(_server, 401, Read("error-unauthorized-401.json"));
        await helpdesk.OpenTicketAsync(Draft(), CancellationToken.None);

        var records = provider.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(records, r => r.Id.Id == 3102);   // opened
        Assert.Contains(records, r => r.Id.Id == 3103);   // note failed
        Assert.Contains(records, r => r.Id.Id == 3108);   // create refused
        foreach (var record in records)
        {
            if (record.Category?.Contains("Zendesk", StringComparison.Ordinal) == true)
            {
                Assert.InRange(record.Id.Id, 3101, 3199);
            }

            foreach (var secret in new[] { ApiToken, Email, RequesterEmail, RequesterName, "Basic ", ExpectedAuthorization["Basic ".Length..] })
            {
                Assert.DoesNotContain(secret, record.Message, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, string.Join(" ", record.StructuredState?.Select(s => s.Value) ?? []), StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task OpenTicketAsync_Cancelled_Throws()
    {
        ServeCreate(_server);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Helpdesk().OpenTicketAsync(Draft(), cancelled.Token));
    }

    [Theory]
    [InlineData(20978392L, 360001L, SolveOutcome.LeftOpenCustomerReplied)] // our arrival reply, the customer's question just before it
    [InlineData(360001L, 20978392L, SolveOutcome.LeftOpenCustomerReplied)] // the customer wrote after us
    [InlineData(360001L, 360001L, SolveOutcome.Solved)]
    public async Task SolveAsync_NewestPublicComments_SolvesUnlessTheCustomerHadTheLastWord(long olderAuthor, long newestAuthor, SolveOutcome expected)
    {
        ServeShow(_server);
        ServeUpdate(_server);
        _server.Given(Request.Create().WithPath($"{TicketPath}/comments").WithParam("sort_order", "desc").UsingGet())
            .RespondWith(Json(200, $$"""{"comments":[{"id":3,"author_id":{{newestAuthor}},"public":true,"body":"newest"},{"id":2,"author_id":360001,"public":false,"body":"internal note"},{"id":1,"author_id":{{olderAuthor}},"public":true,"body":"older"}],"next_page":null,"previous_page":null,"count":3}"""));

        var result = await Helpdesk().SolveAsync(Ticket, CancellationToken.None);

        Assert.Equal(expected, result.Value);
        var puts = Calls(_server, "PUT", TicketPath);
        if (expected == SolveOutcome.Solved)
        {
            Assert.Equal("solved", (string?)Body(Assert.Single(puts))["ticket"]!["status"]);
        }
        else
        {
            Assert.Empty(puts);
        }
    }

    [Fact]
    public async Task SolveAsync_AlreadySolved_ChangesNothing()
    {
        ServeShow(_server, body: TicketWithStatus("solved"));

        var result = await Helpdesk().SolveAsync(Ticket, CancellationToken.None);

        Assert.Equal(SolveOutcome.AlreadyDone, result.Value);
        Assert.Empty(Calls(_server, "PUT", TicketPath));
    }

    [Theory]
    [InlineData("Supervisors", "360000200")]
    [InlineData("supervisors ", "360000200")]
    [InlineData("360000100", "360000100")]
    public async Task FindGroupAsync_ByNameOrId_ReadsEveryPage(string wanted, string expectedId)
    {
        _server.Given(Request.Create().WithPath("/api/v2/groups").WithParam("page", "1").UsingGet())
            .RespondWith(Json(200, $$"""{"groups":[{"id":360000100,"name":"Support","deleted":false}],"next_page":"{{_server.Url}}/api/v2/groups.json?page=2&per_page=100","previous_page":null,"count":2}"""));
        _server.Given(Request.Create().WithPath("/api/v2/groups").WithParam("page", "2").UsingGet())
            .RespondWith(Json(200, """{"groups":[{"id":360000200,"name":"Supervisors","deleted":false}],"next_page":null,"previous_page":null,"count":2}"""));

        var result = await Helpdesk().FindGroupAsync(wanted, CancellationToken.None);

        Assert.Equal(expectedId, result.Value?.Id);
    }

    [Fact]
    public async Task FindGroupAsync_NoSuchGroup_IsNullNotAnError()
    {
        _server.Given(Request.Create().WithPath("/api/v2/groups").UsingGet())
            .RespondWith(Json(200, """{"groups":[{"id":360000100,"name":"Support","deleted":false},{"id":360000300,"name":"Escalations","deleted":true}],"next_page":null,"previous_page":null,"count":2}"""));

        var result = await Helpdesk().FindGroupAsync("Escalations", CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value); // a deleted group is no group
    }

    private IHelpdesk Helpdesk(string timeout = "00:00:15") => Provider(timeout: timeout).GetRequiredService<IHelpdesk>();

    private ServiceProvider Provider(bool fakeLogging = false, string timeout = "00:00:15")
    {
        var provider = Build(Settings(_server.Url!, timeout), fakeLogging);
        _providers.Add(provider);
        return provider;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 60 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
