using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;

namespace RecoveryWorker.Intake;

/// <summary>
/// Shipments from a CSV file (a header row, then one shipment per row, the JSON fields flattened). Streams: rows are
/// read, checked by the same rules as JSON and registered in batches, so a file of a million rows needs the memory of
/// one batch. Unlike a JSON array, a file is not all or nothing: valid rows are registered, invalid ones reported by
/// line and column. Registering is idempotent, so importing the same file again registers nothing new.
/// </summary>
internal sealed class CsvShipmentImport(ShipmentIntake intake, AcceptedCarriers carriers, Domain.PromiseCalculator promises, TimeProvider time)
{
    /// <summary>Rows registered together: one look-up and one insert each.</summary>
    public const int BatchSize = 1_000;

    /// <summary>Invalid rows listed in a report; more are counted, not listed.</summary>
    public const int ListedProblems = 1_000;

    /// <summary>The columns, each with the JSON field it stands for (the JSON reader's error names).</summary>
    public static readonly IReadOnlyList<(string Column, string Field, bool Required)> Columns =
    [
        ("orderId", "orderId", true),
        ("carrier", "carrier", true),
        ("trackingNumber", "trackingNumber", true),
        ("service", "service", true),
        ("promisedBy", "promisedBy", false),
        ("promiseTimeZone", "promiseTimeZone", false),
        ("guaranteed", "guaranteed", false),
        ("shippedAt", "shippedAt", false),
        ("destinationCountry", "destination.country", false),
        ("destinationRegion", "destination.region", false),
        ("destinationPostalCode", "destination.postalCode", false),
        ("originCountry", "origin.country", false),
        ("originRegion", "origin.region", false),
        ("originPostalCode", "origin.postalCode", false),
        ("customerId", "customer.id", true),
        ("customerEmail", "customer.email", true),
        ("customerName", "customer.name", true),
        ("customerLocale", "customer.locale", false),
        ("orderValue", "order.value", true),
        ("shippingCost", "order.shippingCost", false),
        ("currency", "order.currency", true),
    ];

    private static readonly Dictionary<string, string> ColumnOfField = Columns.ToDictionary(c => c.Field, c => c.Column, StringComparer.Ordinal);

    /// <summary>Reads and registers every row of UTF-8 (or BOM-marked) CSV; <paramref name="progress"/> hears how far it got.</summary>
    /// <exception cref="CsvImportException">The header lacks a required column, or the input stops being CSV.</exception>
    public async Task<CsvImportReport> ImportAsync(Stream input, IProgress<CsvImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = new CsvReaderOptions
        {
            TrimWhitespace = true,
            TrackLineNumbers = true,           // problems are reported by the line a spreadsheet shows
            MaxRecordSize = 64 * 1024,         // an unclosed quote must not swallow the file into memory
            IncludeValuesInExceptions = false, // cells hold customer e-mails and names: never in an exception message
        };
        await using var csv = CsvReader.Create(input, options, leaveOpen: true);
        var (columns, ignored) = await ReadHeaderAsync(csv, cancellationToken);

        var report = new CsvImportReport { IgnoredColumns = ignored };
        var batch = new List<ShipmentRegistration>(BatchSize);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var reading = new ShipmentReading(carriers.Codes, promises, time.GetUtcNow());
        while (await ReadRowAsync(csv, cancellationToken))
        {
            report.Rows++;
            errors.Clear();
            using var row = ToJson(csv, columns);
            var registration = ShipmentRequestReader.Read(row.RootElement, "", reading, errors);
            if (registration is null)
            {
                report.Invalid(csv.LineNumber, errors.Select(e => (ColumnOfField.GetValueOrDefault(e.Key, e.Key), e.Value)));
            }
            else
            {
                batch.Add(registration);
            }

            if (batch.Count == BatchSize)
            {
                await RegisterAsync(batch, report, cancellationToken);
                progress?.Report(new CsvImportProgress(report.Rows, csv.ByteOffset));
            }
        }

        await RegisterAsync(batch, report, cancellationToken);
        progress?.Report(new CsvImportProgress(report.Rows, input.CanSeek ? input.Length : csv.ByteOffset));
        return report;
    }

    /// <summary>Each known column's index in the file, and the header names that are not shipment fields.</summary>
    private static async Task<(List<(int Index, string Field)> Columns, List<string> Ignored)> ReadHeaderAsync(CsvReader csv, CancellationToken cancellationToken)
    {
        try
        {
            await csv.ReadHeaderAsync(cancellationToken);
        }
        catch (CsvFormatException ex)
        {
            throw new CsvImportException("header", "The first line is not a CSV header: " + ex.Message);
        }

        if (csv.Headers.Count == 0)
        {
            throw new CsvImportException("header", "The file is empty: the first line must name the columns, e.g. " + string.Join(",", Columns.Where(c => c.Required).Select(c => c.Column)) + ".");
        }

        var missing = Columns.Where(c => c.Required && !csv.TryGetFieldIndex(c.Column, out _)).Select(c => c.Column).ToList();
        if (missing.Count > 0)
        {
            throw new CsvImportException("header", $"The header lacks the column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; nothing was registered.");
        }

        var present = Columns.Select(c => (Found: csv.TryGetFieldIndex(c.Column, out var index), Index: index, c.Field)).Where(c => c.Found).Select(c => (c.Index, c.Field)).ToList();
        var known = Columns.Select(c => c.Column).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return (present, [.. csv.Headers.Select(h => h.Trim()).Where(h => !known.Contains(h))]);
    }

    private static async Task<bool> ReadRowAsync(CsvReader csv, CancellationToken cancellationToken)
    {
        try
        {
            return await csv.ReadAsync(cancellationToken);
        }
        catch (CsvFormatException ex)
        {
            throw new CsvImportException("body", $"The file stops being CSV after line {csv.LineNumber}: {ex.Message} The rows before it were registered.");
        }
    }

    /// <summary>The row as the JSON the API takes, so one set of rules judges both; cells are text, so numbers and booleans are read as such when they parse.</summary>
    private static JsonDocument ToJson(CsvReader csv, List<(int Index, string Field)> columns)
    {
        var root = new JsonObject();
        var customer = new JsonObject();
        var order = new JsonObject();
        var origin = new JsonObject();
        var destination = new JsonObject();
        foreach (var (index, field) in columns)
        {
            if (csv.IsEmpty(index))
            {
                continue;
            }

            var cell = csv.GetString(index);
            JsonNode value = field switch
            {
                "order.value" or "order.shippingCost" when decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) => JsonValue.Create(amount),
                "guaranteed" when bool.TryParse(cell, out var flag) => JsonValue.Create(flag),
                _ => JsonValue.Create(cell),
            };
            var (parent, name) = field.Split('.') switch
            {
                ["customer", var n] => (customer, n),
                ["order", var n] => (order, n),
                ["origin", var n] => (origin, n),
                ["destination", var n] => (destination, n),
                _ => (root, field),
            };
            parent[name] = value;
        }

        root["customer"] = customer;
        root["order"] = order;
        if (origin.Count > 0)
        {
            root["origin"] = origin; // optional: only when a cell of it was filled
        }

        if (destination.Count > 0)
        {
            root["destination"] = destination;
        }
        return JsonSerializer.SerializeToDocument(root);
    }

    private async Task RegisterAsync(List<ShipmentRegistration> batch, CsvImportReport report, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var results = await intake.RegisterAsync(batch, cancellationToken);
        var created = results.Count(r => r.Created);
        report.Registered += created;
        report.AlreadyKnown += results.Count - created;
        batch.Clear();
    }
}

/// <summary>What an import did: rows read, registered, known before, and each invalid row's line, column and problem.</summary>
internal sealed class CsvImportReport
{
    private readonly List<CsvRowProblem> _problems = [];

    public long Rows { get; set; }

    public long Registered { get; set; }

    public long AlreadyKnown { get; set; }

    public long InvalidRows { get; private set; }

    /// <summary>The problems of the first invalid rows, at most about <see cref="CsvShipmentImport.ListedProblems"/>; <see cref="InvalidRows"/> counts every invalid row.</summary>
    public IReadOnlyList<CsvRowProblem> Problems => _problems;

    /// <summary>Header columns that are not shipment fields (notes, internal ids): read past, never an error.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];

    public void Invalid(long line, IEnumerable<(string Column, string[] Messages)> problems)
    {
        InvalidRows++;
        if (_problems.Count < CsvShipmentImport.ListedProblems)
        {
            _problems.AddRange(problems.Select(p => new CsvRowProblem(line, p.Column, string.Join("; ", p.Messages))));
        }
    }
}

/// <summary>How far an import got: rows read, and bytes of the input behind them (for a progress bar over a file).</summary>
internal readonly record struct CsvImportProgress(long Rows, long Bytes);

/// <summary>One problem of one row: the file's line number (the header is line 1), the column, what is wrong.</summary>
internal sealed record CsvRowProblem(long Line, string Column, string Problem);

/// <summary>The file as a whole cannot be imported (no header, a missing column, not CSV): <see cref="Field"/> says where.</summary>
internal sealed class CsvImportException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
