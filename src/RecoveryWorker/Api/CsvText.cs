namespace RecoveryWorker.Api;

/// <summary>What every CSV the service writes shares: one field, quoted as RFC 4180 asks.</summary>
internal static class CsvText
{
    /// <summary>The text as one CSV field: in double quotes (inner quotes doubled) when it holds a comma, quote or line break; empty for null.</summary>
    public static string Field(string? text) =>
        text is null ? "" : text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
