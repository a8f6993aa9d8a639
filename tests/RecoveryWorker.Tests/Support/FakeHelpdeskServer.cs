using System.Globalization;
using System.Text;
using WireMock;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace RecoveryWorker.Tests.Support;

/// <summary>
/// What the fake helpdesks share: a WireMock server speaking real HTTP, creates that can be refused or answered
/// late (after the client gave up: the ambiguous create), a count of create requests, and the worker's settings for
/// the connection. Each subclass adds its vendor's paths, shapes and state.
/// </summary>
internal abstract class FakeHelpdeskServer : IDisposable
{
    private int _creates;
    private int _refusedWhileDown;

    protected WireMockServer Server { get; } = WireMockServer.Start();

    /// <summary>Guards the fake's state and the refusal queue: WireMock answers requests concurrently.</summary>
    protected Lock Gate { get; } = new();

    public string Url => Server.Url!;

    /// <summary>Creates are made, then answered this much later (past the client's timeout: an ambiguous create).</summary>
    public TimeSpan CreateAnswerDelay { get; set; }

    /// <summary>The next creates answer this status without making anything (429 comes with Retry-After 1).</summary>
    public Queue<int> CreateRefusals { get; } = new();

    /// <summary>While true, every request gets 503 Service Unavailable and changes nothing (a helpdesk outage).</summary>
    public bool Down { get; set; }

    /// <summary>Requests answered 503 because the helpdesk was <see cref="Down"/>.</summary>
    public int RefusedWhileDown => Volatile.Read(ref _refusedWhileDown);

    /// <summary>Every create request that reached the server, answered or not.</summary>
    public int CreateRequests => Volatile.Read(ref _creates);

    /// <summary>Counts a create request and takes the next refusal, if one is queued.</summary>
    protected int? CountCreate()
    {
        Interlocked.Increment(ref _creates);
        lock (Gate)
        {
            return CreateRefusals.Count > 0 ? CreateRefusals.Dequeue() : null;
        }
    }

    /// <summary>Answers 503 while <see cref="Down"/>, else hands the request to the vendor's handler.</summary>
    protected Func<IRequestMessage, Task<IResponseMessage>> UnlessDown(Func<IRequestMessage, Task<IResponseMessage>> handler) => request =>
    {
        if (!Down)
        {
            return handler(request);
        }

        Interlocked.Increment(ref _refusedWhileDown);
        return Task.FromResult<IResponseMessage>(Json(503, """{"error":"ServiceUnavailable"}"""));
    };

    /// <summary>Waits <see cref="CreateAnswerDelay"/> after the ticket was made, before answering.</summary>
    protected Task AnswerLateAsync() => CreateAnswerDelay > TimeSpan.Zero ? Task.Delay(CreateAnswerDelay) : Task.CompletedTask;

    /// <summary>The worker's settings for this helpdesk: provider, BaseUrl, no local rate limit, the client timeout.</summary>
    protected Dictionary<string, string?> ConnectionSettings(string provider, TimeSpan? timeout) => new()
    {
        ["Helpdesk:Provider"] = provider,
        [$"Helpdesk:{provider}:BaseUrl"] = Url,
        [$"Helpdesk:{provider}:RequestsPerSecond"] = "1000",
        [$"Helpdesk:{provider}:MaxRetryAfterWait"] = "00:00:00",
        [$"Helpdesk:{provider}:Timeout"] = (timeout ?? TimeSpan.FromSeconds(10)).ToString("c", CultureInfo.InvariantCulture),
    };

    /// <summary>The numeric path segment <paramref name="fromEnd"/> places from the end (1: the last).</summary>
    protected static long IdOf(IRequestMessage request, int fromEnd = 1) => long.Parse(request.Path.Split('/')[^fromEnd], CultureInfo.InvariantCulture);

    protected static ResponseMessage Json(int status, string body, params (string Name, string Value)[] headers)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
            Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json; charset=utf-8") },
        };
        foreach (var (name, value) in headers)
        {
            message.Headers[name] = new WireMockList<string>(value);
        }

        return message;
    }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}
