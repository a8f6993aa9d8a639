using System.Text.Json.Serialization;

namespace RecoveryWorker.Connectors.Stores.Shopify;

/// <summary>The order a fulfilment belongs to, as far as a promise needs it. Personal data (name, e-mail): never logged.</summary>
public sealed record ShopifyOrder
{
    public long Id { get; init; }

    /// <summary>The order's name as the customer knows it, e.g. "#1001".</summary>
    public string Name { get; init; } = "";

    public string? Email { get; init; }

    public string Currency { get; init; } = "";

    public decimal TotalPrice { get; init; }

    public decimal ShippingPrice { get; init; }

    public string? CustomerLocale { get; init; }

    public long? CustomerId { get; init; }

    public string? CustomerName { get; init; }

    /// <summary>The first shipping line's code and title (an order has one in practice).</summary>
    public string? ShippingCode { get; init; }

    public string? ShippingTitle { get; init; }
}

internal sealed class ShopifyOrderEnvelope
{
    [JsonPropertyName("order")]
    public ShopifyOrderJson? Order { get; set; }
}

internal sealed class ShopifyOrderJson
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("email")]
    public string? Email { get; set; }

    [JsonPropertyName("currency")]
    public string? Currency { get; set; }

    [JsonPropertyName("total_price")]
    public string? TotalPrice { get; set; }

    [JsonPropertyName("customer_locale")]
    public string? CustomerLocale { get; set; }

    [JsonPropertyName("customer")]
    public ShopifyCustomerJson? Customer { get; set; }

    [JsonPropertyName("shipping_lines")]
    public List<ShopifyShippingLineJson>? ShippingLines { get; set; }

    [JsonPropertyName("total_shipping_price_set")]
    public ShopifyPriceSetJson? TotalShippingPriceSet { get; set; }
}

internal sealed class ShopifyCustomerJson
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("email")]
    public string? Email { get; set; }

    [JsonPropertyName("first_name")]
    public string? FirstName { get; set; }

    [JsonPropertyName("last_name")]
    public string? LastName { get; set; }
}

internal sealed class ShopifyShippingLineJson
{
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("price")]
    public string? Price { get; set; }
}

internal sealed class ShopifyPriceSetJson
{
    [JsonPropertyName("shop_money")]
    public ShopifyMoneyJson? ShopMoney { get; set; }
}

internal sealed class ShopifyMoneyJson
{
    [JsonPropertyName("amount")]
    public string? Amount { get; set; }

    [JsonPropertyName("currency_code")]
    public string? CurrencyCode { get; set; }
}

/// <summary>A refund of an order, as far as the worker needs it: its id, and the note that names the case it is for.</summary>
public sealed record ShopifyRefund(long Id, string? Note);

internal sealed class ShopifyOrdersEnvelope
{
    [JsonPropertyName("orders")]
    public List<ShopifyOrderRefJson>? Orders { get; set; }
}

internal sealed class ShopifyOrderRefJson
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }
}

internal sealed class ShopifyRefundsEnvelope
{
    [JsonPropertyName("refunds")]
    public List<ShopifyRefundJson>? Refunds { get; set; }
}

internal sealed class ShopifyRefundEnvelope
{
    [JsonPropertyName("refund")]
    public ShopifyRefundJson? Refund { get; set; }
}

/// <summary>The Refund resource (and the calculate endpoint's answer, which has no id), cut to what is read.</summary>
internal sealed class ShopifyRefundJson
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("note")]
    public string? Note { get; set; }

    [JsonPropertyName("transactions")]
    public List<ShopifyTransactionJson>? Transactions { get; set; }
}

internal sealed class ShopifyTransactionJson
{
    [JsonPropertyName("parent_id")]
    public long? ParentId { get; set; }

    [JsonPropertyName("amount")]
    public string? Amount { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("gateway")]
    public string? Gateway { get; set; }
}
