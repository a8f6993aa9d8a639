namespace RecoveryWorker.Connectors.Abstractions;

/// <summary>Where a parcel stands, normalized across carriers. Each connector maps every vendor code to one of these.</summary>
public enum TrackingStatus
{
    /// <summary>The carrier sent something we could not classify. Never treated as trouble on its own.</summary>
    Unknown,
    /// <summary>A label exists; the carrier has not accepted the parcel yet (pre-transit).</summary>
    LabelCreated,
    /// <summary>The carrier accepted the parcel (origin scan, pickup).</summary>
    PickedUp,
    InTransit,
    OutForDelivery,
    /// <summary>Waiting at a pickup point, locker or counter for the recipient.</summary>
    AvailableForPickup,
    Delivered,
    /// <summary>Something went wrong; <see cref="ExceptionReason"/> says what.</summary>
    Exception,
    ReturnedToSender,
    Cancelled,
}

/// <summary>Why a carrier flagged an exception.</summary>
public enum ExceptionReason
{
    Other,
    FailedAttempt,
    AddressIssue,
    Damaged,
    Lost,
    Refused,
    CustomsHold,
    WeatherOrDisaster,
    /// <summary>The carrier says the parcel is running late (e.g. FedEx derived code RL) without a harder problem.</summary>
    Delayed,
}
