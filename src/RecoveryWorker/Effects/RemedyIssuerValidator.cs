using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Stores.Shopify;
using RecoveryWorker.Domain.Remedies;

namespace RecoveryWorker.Effects;

/// <summary>Remedies:Issuer=Shopify issues through the intake's store: without its address and token, stop at start.</summary>
internal sealed class RemedyIssuerValidator(IOptions<ShopifyOptions> shopify) : IValidateOptions<RemedyOptions>
{
    public ValidateOptionsResult Validate(string? name, RemedyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Issuer == RemedyIssuer.Shopify && string.IsNullOrWhiteSpace(shopify.Value.AccessToken)
            ? ValidateOptionsResult.Fail("Remedies:Issuer=Shopify issues refunds through the store of Intake:Shopify: set Intake:Shopify:BaseUrl and Intake:Shopify:AccessToken (an Admin API token with write_orders).")
            : ValidateOptionsResult.Success;
    }
}
