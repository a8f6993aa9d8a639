namespace RecoveryWorker.Harness;

/// <summary>What to measure and how big: the defaults are the full run, <c>--smoke</c> shrinks everything.</summary>
internal sealed record Sizes
{
    public required IReadOnlySet<string> Modes { get; init; }

    public bool Smoke { get; init; }

    public bool WriteDocs { get; init; } = true;

    public TimeSpan DetectorDuration { get; init; } = TimeSpan.FromSeconds(5);

    public int IntakeShipments { get; init; } = 20_000;

    public int ApplyShipments { get; init; } = 20_000;

    public int WeekShipments { get; init; } = 100_000;

    /// <summary>The fixed 30-minute poller's size; the comparison is per shipment when it differs from <see cref="WeekShipments"/>.</summary>
    public int? BaselineShipments { get; init; }

    public int WeekDays { get; init; } = 7;

    public int Seed { get; init; } = 20261109;

    /// <summary>Shipments in the console's store (PostgreSQL): the 1,000,000 at full size.</summary>
    public int ConsoleShipments { get; init; } = 1_000_000;

    public static readonly string[] AllModes = ["detector", "intake", "apply", "week", "console"];

    public static Sizes Parse(IReadOnlyList<string> args)
    {
        var modes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var sizes = new Sizes { Modes = modes };
        if (args.Contains("--smoke"))
        {
            // Tiny sizes first, so explicit sizes given with --smoke still win.
            sizes = sizes with
            {
                Smoke = true, DetectorDuration = TimeSpan.FromSeconds(1), IntakeShipments = 1_000, ApplyShipments = 1_000,
                WeekShipments = 300, WeekDays = 1, ConsoleShipments = 10_000,
            };
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            int Number() => ++i < args.Count && int.TryParse(args[i].Replace("_", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new ArgumentException($"{arg} needs a positive number");
            sizes = arg switch
            {
                "--smoke" => sizes,
                "--no-docs" => sizes with { WriteDocs = false },
                "--shipments" => sizes with { WeekShipments = Number() },
                "--baseline-shipments" => sizes with { BaselineShipments = Number() },
                "--days" => sizes with { WeekDays = Number() },
                "--intake-shipments" => sizes with { IntakeShipments = Number() },
                "--apply-shipments" => sizes with { ApplyShipments = Number() },
                "--seed" => sizes with { Seed = Number() },
                "--console-shipments" => sizes with { ConsoleShipments = Number() },
                "all" => sizes,
                _ when AllModes.Contains(arg, StringComparer.OrdinalIgnoreCase) => sizes,
                _ => throw new ArgumentException($"unknown argument '{arg}'. Usage: [all|detector|intake|apply|week|console]... [--smoke] [--no-docs] " +
                    "[--shipments N] [--baseline-shipments N] [--days N] [--intake-shipments N] [--apply-shipments N] [--console-shipments N] [--seed N]"),
            };
            if (AllModes.Contains(arg, StringComparer.OrdinalIgnoreCase))
            {
                modes.Add(arg.ToLowerInvariant());
            }
        }

        if (modes.Count == 0)
        {
            modes.UnionWith(AllModes);
        }

        return sizes;
    }
}
