using System.Text;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace RecoveryWorker.Tests.Support;

/// <summary>A JSON answer for a WireMock callback, as the fake vendors send them.</summary>
internal static class WireJson
{
    public static ResponseMessage Json(int status, string body, params (string Name, string Value)[] headers)
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
}
