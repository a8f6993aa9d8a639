namespace RecoveryWorker.Domain.Claims;

/// <summary>Where a claim stands: <c>to_file -> filed -> credited | denied</c>, <c>to_file -> expired</c>; excluded claims stay as recorded.</summary>
internal static class ClaimStatuses
{
    public const string ToFile = "to_file";
    public const string Filed = "filed";
    public const string Credited = "credited";
    public const string Denied = "denied";
    public const string Expired = "expired";
    public const string Excluded = "excluded";

    public static readonly IReadOnlyList<string> All = [ToFile, Filed, Credited, Denied, Expired, Excluded];

    /// <summary>The outcomes a person records, and the status each one may follow.</summary>
    public static string? Before(string outcome) => outcome switch
    {
        Filed => ToFile,
        Credited or Denied => Filed,
        _ => null,
    };
}

/// <summary>Why the carrier owes the refund: the reason code on the refund request.</summary>
internal static class ClaimReasons
{
    /// <summary>Delivered after the commitment.</summary>
    public const string Late = "late";

    /// <summary>Not delivered at all by the commitment (still out there when we looked).</summary>
    public const string NotDelivered = "not_delivered";
}

/// <summary>Why a late guaranteed parcel is not claimable, in the order they are tested (the first that holds is recorded).</summary>
internal static class ClaimExclusions
{
    public const string ReturnedToSender = "returned_to_sender";
    public const string Weather = "weather";
    public const string BeyondControl = "beyond_control";
    public const string Customs = "customs";
    public const string AddressCorrection = "address_correction";
    public const string RecipientRequest = "recipient_request";
    public const string Hold = "hold";
    public const string Suspension = "suspension";

    public static readonly IReadOnlyList<string> All = [ReturnedToSender, Weather, BeyondControl, Customs, AddressCorrection, RecipientRequest, Hold, Suspension];
}
