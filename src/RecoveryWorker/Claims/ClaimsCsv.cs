using System.Globalization;
using System.Text;
using RecoveryWorker.Api;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Claims;

/// <summary>
/// Claims as the carriers' refund requests ask for them (UPS and FedEx take a spreadsheet of these): tracking number,
/// ship date, service, scheduled and actual delivery, reason code, amount; then what we need to keep track. Days and times
/// are in the promise's zone, as the carrier printed them.
/// </summary>
internal static class ClaimsCsv
{
    public const string Header = "tracking_number,ship_date,service,scheduled_delivery,actual_delivery,reason_code,amount,currency,carrier,file_by,status,exclusion,claim_id";

    public static string Write(IEnumerable<ClaimRecord> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var c in claims)
        {
            var zone = Zone(c.TimeZone);
            csv.AppendJoin(',',
                Quote(c.TrackingNumber),
                Local(c.ShippedAt, zone, "yyyy-MM-dd"),
                Quote(c.ServiceCode),
                Local(c.Commitment, zone, "yyyy-MM-dd HH:mm"),
                c.ActualDelivery is { } delivered ? Local(delivered, zone, "yyyy-MM-dd HH:mm") : "",
                c.Reason,
                c.Amount.ToString("0.00", CultureInfo.InvariantCulture),
                c.Currency,
                c.Carrier,
                Local(c.FileBy, zone, "yyyy-MM-dd"),
                c.Status,
                c.Exclusion ?? "",
                c.Id.ToString()).Append("\r\n");
        }

        return csv.ToString();
    }

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static string Local(DateTimeOffset at, TimeZoneInfo zone, string format) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting, and a leading apostrophe for text a spreadsheet would run as a formula.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return CsvText.Field(value);
    }
}
