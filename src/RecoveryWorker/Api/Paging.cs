using System.Globalization;

namespace RecoveryWorker.Api;

/// <summary>
/// Page and size of a list (<c>?page=2&amp;pageSize=100</c>; size 1 to <see cref="MaxSize"/>, default
/// <see cref="DefaultSize"/>). The body stays a plain array; when more follow, the response says where in a
/// <c>Link: &lt;…&amp;page=3…&gt;; rel="next"</c> header (RFC 8288, as GitHub's API does).
/// </summary>
internal sealed record Paging(int Number, int Size)
{
    public const int DefaultSize = 100;
    public const int MaxSize = 500;

    public int Skip => (Number - 1) * Size;

    public static Paging Read(string? page, string? pageSize, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var number = 1;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1 || number > 1_000_000))
        {
            errors["page"] = [$"'{page}' is not a page number; pages count from 1"];
            number = 1;
        }

        var size = DefaultSize;
        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxSize))
        {
            errors["pageSize"] = [$"'{pageSize}' is not a page size; use 1 to {MaxSize}"];
            size = DefaultSize;
        }

        return new Paging(number, size);
    }

    /// <summary>Adds the next page's link when the query (asked for one more than a page) found more.</summary>
    public void LinkNext(HttpContext http, int found)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (found <= Size)
        {
            return;
        }

        var query = http.Request.Query.Where(q => q.Key is not ("page" or "pageSize")).SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("page", (string?)(Number + 1).ToString(CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("pageSize", (string?)Size.ToString(CultureInfo.InvariantCulture)));
        var next = http.Request.PathBase + http.Request.Path + QueryString.Create(query).ToUriComponent();
        http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
    }
}
