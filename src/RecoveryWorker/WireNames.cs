namespace RecoveryWorker;

/// <summary>snake_case wire names for enum values, as the API, tags and templates use them ("in_transit").</summary>
internal static class WireNames
{
    public static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static string Snake<T>(T value)
        where T : struct, Enum => Snake(value.ToString());
}
