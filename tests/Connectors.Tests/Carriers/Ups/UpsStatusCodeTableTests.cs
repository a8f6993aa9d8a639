using System.Text.Json;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Ups;

namespace RecoveryWorker.Connectors.Tests.Carriers.Ups;

/// <summary>
/// Walks the UPS Track API appendix (Conformance/carrier-codes/ups-tracking-appendix-codes.json) and fails on any code
/// the status map has no deliberate decision for. _field_hints in that file says which JSON field each table feeds.
/// </summary>
public sealed class UpsStatusCodeTableTests
{
    private static readonly Lazy<Dictionary<string, List<(string Code, string Text)>>> Tables = new(Load);

    private static List<(string Code, string Text)> Table(string name) => Tables.Value[name];

    [Fact]
    public void ActivityTypes_EveryAppendixType_HasADecision()
    {
        var missing = Table("Package Activity Types").Where(r => !UpsStatusMap.ActivityTypes.ContainsKey(r.Code)).Select(r => r.Code).ToList();

        Assert.Empty(missing);
        Assert.Equal(TrackingStatus.Delivered, UpsStatusMap.ActivityTypes["D"]);
        Assert.Equal(TrackingStatus.Exception, UpsStatusMap.ActivityTypes["X"]);
        Assert.Equal(TrackingStatus.LabelCreated, UpsStatusMap.ActivityTypes["M"]);
        // Not in the appendix but in real answers.
        Assert.Equal(TrackingStatus.PickedUp, UpsStatusMap.ActivityTypes["P"]);
        Assert.Equal(TrackingStatus.ReturnedToSender, UpsStatusMap.ActivityTypes["RS"]);
    }

    [Fact]
    public void StatusCodes_EveryAppendixCode_HasADecisionAndNoneIsInvented()
    {
        var appendix = Table("Status/Description Codes").Select(r => UpsStatusMap.NormalizeStatusCode(r.Code)!).ToHashSet(StringComparer.Ordinal);

        var missing = appendix.Where(c => !UpsStatusMap.StatusCodes.ContainsKey(c)).ToList();
        var invented = UpsStatusMap.StatusCodes.Keys.Where(c => !appendix.Contains(c)).ToList();

        Assert.Empty(missing);
        Assert.Empty(invented);
        Assert.Equal(160, appendix.Count);
    }

    [Fact]
    public void StatusCodes_EveryException_EndsWithAReason()
    {
        foreach (var (code, text) in Table("Status/Description Codes"))
        {
            var decision = UpsStatusMap.Resolve(new UpsStatus { Type = "I", StatusCode = code, Description = text });
            if (decision.Status == TrackingStatus.Exception)
            {
                Assert.True(decision.Reason is not null, $"status code {code} ({text}) is an Exception without a reason");
            }
        }
    }

    [Theory]
    [InlineData("011", TrackingStatus.Delivered, null)]
    [InlineData("3", TrackingStatus.LabelCreated, null)]
    [InlineData("006", TrackingStatus.OutForDelivery, null)]
    [InlineData("017", TrackingStatus.AvailableForPickup, null)]
    [InlineData("022", TrackingStatus.Exception, ExceptionReason.FailedAttempt)]
    [InlineData("050", TrackingStatus.Exception, ExceptionReason.AddressIssue)]
    [InlineData("059", TrackingStatus.Exception, ExceptionReason.Damaged)]
    [InlineData("064", TrackingStatus.Exception, ExceptionReason.Refused)]
    [InlineData("068", TrackingStatus.Exception, ExceptionReason.Lost)]
    [InlineData("052", TrackingStatus.Exception, ExceptionReason.WeatherOrDisaster)]
    [InlineData("126", TrackingStatus.Exception, ExceptionReason.CustomsHold)]
    [InlineData("046", TrackingStatus.Exception, ExceptionReason.Delayed)]
    [InlineData("034", TrackingStatus.ReturnedToSender, null)]
    [InlineData("007", TrackingStatus.Cancelled, null)]
    [InlineData("160", TrackingStatus.PickedUp, null)]
    public void Resolve_StatusCode_MapsAsDecided(string statusCode, TrackingStatus status, ExceptionReason? reason)
    {
        Assert.Equal(new UpsDecision(status, reason), UpsStatusMap.Resolve(new UpsStatus { StatusCode = statusCode }));
    }

    [Fact]
    public void MovementAndManifestCodes_EveryAppendixCode_HasADecision()
    {
        Assert.Empty(Table("Movement Scans").Where(r => !UpsStatusMap.MovementScans.ContainsKey(r.Code)).Select(r => r.Code));
        Assert.Empty(Table("Manifest Codes").Where(r => !UpsStatusMap.ManifestCodes.ContainsKey(r.Code)).Select(r => r.Code));
        // Without a status code, the movement code decides (I/P) and the manifest code (M).
        Assert.Equal(TrackingStatus.OutForDelivery, UpsStatusMap.Resolve(new UpsStatus { Type = "I", Code = "OT" }).Status);
        Assert.Equal(TrackingStatus.PickedUp, UpsStatusMap.Resolve(new UpsStatus { Type = "I", Code = "OR" }).Status);
        Assert.Equal(TrackingStatus.Cancelled, UpsStatusMap.Resolve(new UpsStatus { Type = "M", Code = "VP" }).Status);
        Assert.Equal(TrackingStatus.LabelCreated, UpsStatusMap.Resolve(new UpsStatus { Type = "I", Code = "VP" }).Status);
    }

    [Fact]
    public void Updates_TypeU_IsNotAMovement()
    {
        // UP/UT/PX (updated date, updated time, photo) arrive with type U: no status of their own.
        Assert.Equal(3, Table("Updates").Count);
        foreach (var (code, text) in Table("Updates"))
        {
            Assert.Equal(TrackingStatus.Unknown, UpsStatusMap.Resolve(new UpsStatus { Type = "U", Code = code, Description = text }).Status);
        }
    }

    /// <summary>
    /// The 687 package exception codes (X activities) have no structure beyond their text, so the reason is a keyword
    /// rule with Other as the explicit fallback. Every code must end on Exception with a reason, each rule must
    /// catch something, and the number of codes left to Other is pinned: a change to the rules or the table shows up here.
    /// </summary>
    [Fact]
    public void PackageExceptions_EveryCode_LandsOnADeliberateReason()
    {
        var rows = Table("Package Exceptions");
        Assert.Equal(687, rows.Count);

        var byReason = new Dictionary<ExceptionReason, List<string>>();
        foreach (var (code, text) in rows)
        {
            var decision = UpsStatusMap.Resolve(new UpsStatus { Type = "X", Code = code, StatusCode = "013", Description = text });
            Assert.Equal(TrackingStatus.Exception, decision.Status);
            var reason = Assert.NotNull(decision.Reason);
            var ruled = UpsStatusMap.MatchException(text) is not null || UpsStatusMap.MissedCommitmentCodes.Contains(code);
            Assert.True(ruled || reason == ExceptionReason.Other, $"exception {code} got {reason} from no rule");
            if (!byReason.TryGetValue(reason, out var codes))
            {
                byReason[reason] = codes = [];
            }

            codes.Add(code);
        }

        foreach (var reason in Enum.GetValues<ExceptionReason>())
        {
            Assert.True(byReason.ContainsKey(reason), $"no package exception code maps to {reason}");
        }

        var fallback = byReason[ExceptionReason.Other];
        Assert.True(fallback.Count == ExpectedOtherCount, $"{fallback.Count} codes fall back to Other (expected {ExpectedOtherCount}): {string.Join(' ', fallback)}");
    }

    /// <summary>Codes whose text names no problem we classify (scans, claims, labels, special handling...).</summary>
    private const int ExpectedOtherCount = 240;

    [Theory]
    [InlineData("13", ExceptionReason.Damaged)]
    [InlineData("24", ExceptionReason.Damaged)]
    [InlineData("45", ExceptionReason.Damaged)]
    [InlineData("48", ExceptionReason.FailedAttempt)]
    [InlineData("55", ExceptionReason.FailedAttempt)]
    [InlineData("56", ExceptionReason.Delayed)]
    [InlineData("59", ExceptionReason.Delayed)]
    [InlineData("5", ExceptionReason.CustomsHold)]
    [InlineData("OI", ExceptionReason.CustomsHold)]
    [InlineData("A5", ExceptionReason.WeatherOrDisaster)]
    [InlineData("2A", ExceptionReason.WeatherOrDisaster)]
    [InlineData("AG", ExceptionReason.AddressIssue)]
    [InlineData("A8", ExceptionReason.AddressIssue)]
    [InlineData("KT", ExceptionReason.Refused)]
    [InlineData("S9", ExceptionReason.Lost)]
    [InlineData("UO", ExceptionReason.Lost)]
    [InlineData("6", ExceptionReason.Delayed)]
    [InlineData("8Y", ExceptionReason.Delayed)]
    public void PackageExceptions_KnownCodes_GetTheirReason(string code, ExceptionReason reason)
    {
        var text = Table("Package Exceptions").Single(r => r.Code == code).Text;

        Assert.Equal(reason, UpsStatusMap.Resolve(new UpsStatus { Type = "X", Code = code, StatusCode = "013", Description = text }).Reason);
    }

    [Fact]
    public void DeliveryCodes_UnderExceptionAndDelivered_LandOnDeliberateValues()
    {
        foreach (var (code, text) in Table("Delivery Codes"))
        {
            var asException = UpsStatusMap.Resolve(new UpsStatus { Type = "X", Code = code, Description = text });
            Assert.Equal(TrackingStatus.Exception, asException.Status);
            Assert.NotNull(asException.Reason);

            // On a D activity the DIALS code says where it was left: still Delivered.
            Assert.Equal(TrackingStatus.Delivered, UpsStatusMap.Resolve(new UpsStatus { Type = "D", Code = code, StatusCode = "011", Description = text }).Status);
        }
    }

    [Theory]
    [InlineData("D", "161", TrackingStatus.AvailableForPickup)]   // delivered to an Access Point: the receiver must collect it
    [InlineData("D", "034", TrackingStatus.ReturnedToSender)]     // delivered back to the shipper
    [InlineData("D", "005", TrackingStatus.Delivered)]
    [InlineData("X", "003", TrackingStatus.Exception)]            // a type X keeps its exception over a progress code
    [InlineData("X", "034", TrackingStatus.ReturnedToSender)]
    [InlineData("X", "017", TrackingStatus.AvailableForPickup)]
    [InlineData("I", "046", TrackingStatus.Exception)]
    [InlineData("I", "154", TrackingStatus.InTransit)]            // "Updated Delivery Date" has no status: the type decides
    [InlineData("ZZ", null, TrackingStatus.Unknown)]
    public void Resolve_TypeAndStatusCode_CombineAsDocumented(string type, string? statusCode, TrackingStatus expected)
    {
        Assert.Equal(expected, UpsStatusMap.Resolve(new UpsStatus { Type = type, StatusCode = statusCode }).Status);
    }

    private static Dictionary<string, List<(string Code, string Text)>> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(UpsPayloads.Conformance("carrier-codes", "ups-tracking-appendix-codes.json")));
        var tables = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        foreach (var table in document.RootElement.GetProperty("tables").EnumerateObject())
        {
            tables[table.Name] = table.Value.GetProperty("rows").EnumerateArray()
                .Select(row => (row[0].GetString()!.Trim(), row[row.GetArrayLength() - 1].GetString() ?? ""))
                .ToList();
        }

        return tables;
    }
}
