using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Carriers.Ups;

/// <summary>Checks "Carriers:Ups:TrackAlert" when it is enabled, every failure named by its key and reported at once.</summary>
internal sealed partial class UpsTrackAlertOptionsValidator : IValidateOptions<UpsOptions>
{
    /// <summary>A shorter shared secret could be guessed; it is the webhook's only protection.</summary>
    public const int MinCredentialLength = 16;

    private const string Section = UpsTrackAlertOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, UpsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var alert = options.TrackAlert;
        if (alert is not { Enabled: true })
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (!options.Enabled)
        {
            failures.Add($"{Section}:Enabled needs {UpsOptions.SectionName}:Enabled (Track Alert uses the UPS OAuth app)");
        }

        if (alert.WebhookUrl is not { IsAbsoluteUri: true } url || url.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{Section}:WebhookUrl must be the absolute https:// address of /webhooks/ups/track-alert as UPS reaches it");
        }

        if (string.IsNullOrWhiteSpace(alert.WebhookCredential) || alert.WebhookCredential.Trim().Length < MinCredentialLength)
        {
            failures.Add($"{Section}:WebhookCredential is required when {Section}:Enabled is true, at least {MinCredentialLength} characters (a secret: environment variable or mounted file)");
        }

        if (alert.RenewBefore < TimeSpan.FromHours(1) || alert.RenewBefore > TimeSpan.FromDays(13))
        {
            failures.Add($"{Section}:RenewBefore must be between 01:00:00 and 13.00:00:00 (a subscription lasts 14 days); it is {alert.RenewBefore}");
        }

        if (alert.ApiVersion is not ("v1" or "v2"))
        {
            failures.Add($"{Section}:ApiVersion must be v1 or v2; it is '{alert.ApiVersion}'");
        }

        if (!CountryPattern().IsMatch(alert.CountryCode ?? ""))
        {
            failures.Add($"{Section}:CountryCode must be an ISO 3166 alpha-2 code such as US; it is '{alert.CountryCode}'");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();
}
