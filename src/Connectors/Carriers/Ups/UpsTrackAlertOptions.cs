namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>
/// UPS Track Alert: UPS pushes the scans of subscribed parcels to our webhook, so they are polled rarely. Bound from
/// "Carriers:Ups:TrackAlert"; needs the UPS connector enabled (it uses the same OAuth app, which must have the
/// Track Alert product).
/// </summary>
public sealed class UpsTrackAlertOptions
{
    public const string SectionName = "Carriers:Ups:TrackAlert";

    /// <summary>Subscribe new UPS parcels and accept <c>POST /webhooks/ups/track-alert</c>. Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Where UPS delivers the scans: this service's public HTTPS address of <c>/webhooks/ups/track-alert</c>, sent with
    /// every subscription (the <c>destination.url</c> of the request).
    /// </summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>
    /// The shared secret UPS sends back with every delivery (<c>destination.credential</c> of the subscription), compared in
    /// constant time. A secret: from the environment variable <c>Carriers__Ups__TrackAlert__WebhookCredential</c> or a
    /// mounted secret file, never from appsettings; at least 16 characters. Changing it breaks deliveries of parcels
    /// subscribed with the old one until they are renewed.
    /// </summary>
    public string WebhookCredential { get; set; } = "";

    /// <summary>How long before a subscription's 14 days run out it is renewed (1 hour to 13 days).</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The Track Alert API version in the path (<c>v1</c>, or <c>v2</c> where webhook credentials are managed on UPS's portal).</summary>
    public string ApiVersion { get; set; } = "v1";

    /// <summary>The <c>countryCode</c> of the subscription request (ISO 3166 alpha-2 of the UPS account).</summary>
    public string CountryCode { get; set; } = "US";
}
