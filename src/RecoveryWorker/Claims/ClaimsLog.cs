namespace RecoveryWorker.Claims;

/// <summary>
/// Claim events, ids 2201-2299 (their own block, next to retention's 2101-2199). Claims are named by id, carrier and
/// tracking number only: never a customer's name, e-mail or address.
/// </summary>
internal static partial class ClaimsLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Claim {ClaimId} opened: {Carrier} {TrackingNumber} {Reason}, {Status}{Exclusion}, file by {FileBy}")]
    public static partial void ClaimOpened(this ILogger logger, Guid claimId, string carrier, string trackingNumber, string reason, string status, string exclusion, DateTimeOffset fileBy);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Claim {ClaimId} reassessed: {Carrier} {TrackingNumber} now {Status}{Exclusion}")]
    public static partial void ClaimReassessed(this ILogger logger, Guid claimId, string carrier, string trackingNumber, string status, string exclusion);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Claim {ClaimId} ({Carrier} {TrackingNumber}) recorded {Outcome} by {Actor}")]
    public static partial void ClaimOutcome(this ILogger logger, Guid claimId, string carrier, string trackingNumber, string outcome, string actor);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "Claim {ClaimId} expired unfiled: {Carrier} {TrackingNumber}, deadline {FileBy}")]
    public static partial void ClaimExpired(this ILogger logger, Guid claimId, string carrier, string trackingNumber, DateTimeOffset fileBy);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Claim {ClaimId} is due: file {Carrier} {TrackingNumber} by {FileBy}")]
    public static partial void ClaimDue(this ILogger logger, Guid claimId, string carrier, string trackingNumber, DateTimeOffset fileBy);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information, Message = "Claim deadlines checked: {Expired} expired, {Due} due within {Within}")]
    public static partial void ClaimDeadlinesChecked(this ILogger logger, int expired, int due, TimeSpan within);
}
