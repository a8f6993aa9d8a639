using System.Text.RegularExpressions;

namespace RecoveryWorker.Storage;

/// <summary>
/// Quartz's own PostgreSQL schema for the Quartz version this build references (the script AdoJobStore ships for
/// itself): every statement creates only what is missing and nothing is ever dropped. The migrations run it, so the
/// clustered job store finds its tables without a hand-run script that would begin by dropping them.
/// </summary>
internal static partial class QuartzSchema
{
    /// <summary>Quartz's default prefix in the lower case PostgreSQL folds unquoted names to.</summary>
    public const string TablePrefix = "qrtz_";

    private const string Resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    /// <summary>The statements, in order, with the table prefix filled in.</summary>
    public static IReadOnlyList<string> Statements()
    {
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The Quartz assembly no longer carries {Resource}; check the Quartz upgrade notes for its schema.");
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd()
            .Split("\n--;;", StringSplitOptions.TrimEntries)
            .Select(s => s.Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal))
            .Where(s => s.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal)))];
    }

    /// <summary>The tables the statements create, for the migration's Down.</summary>
    public static IReadOnlyList<string> Tables() =>
        [.. Statements().Select(s => CreateTable().Match(s)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"CREATE TABLE IF NOT EXISTS (\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();
}
