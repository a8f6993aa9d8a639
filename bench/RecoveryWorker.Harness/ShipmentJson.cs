using System.Text.Json;

namespace RecoveryWorker.Harness;

/// <summary>One shipment as a caller registers it.</summary>
internal readonly record struct ShipmentSpec(string TrackingNumber, string Service, DateTimeOffset PromisedBy, string TimeZone, DateTimeOffset ShippedAt, int Customer);

/// <summary>The intake API's request body: a JSON array of shipments, written once before the clock starts.</summary>
internal static class ShipmentJson
{
    public static byte[] Array(IEnumerable<ShipmentSpec> shipments)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var s in shipments)
            {
                json.WriteStartObject();
                json.WriteString("orderId", "order-" + s.TrackingNumber);
                json.WriteString("carrier", "sandbox");
                json.WriteString("trackingNumber", s.TrackingNumber);
                json.WriteString("service", s.Service);
                json.WriteString("promisedBy", s.PromisedBy);
                json.WriteString("promiseTimeZone", s.TimeZone);
                json.WriteString("shippedAt", s.ShippedAt);
                json.WriteStartObject("customer");
                json.WriteString("id", Text.Invariant($"cust-{s.Customer}"));
                json.WriteString("email", Text.Invariant($"customer{s.Customer}@example.com"));
                json.WriteString("name", "Ada Lovelace");
                json.WriteString("locale", "en");
                json.WriteEndObject();
                json.WriteStartObject("order");
                json.WriteNumber("value", 80m);
                json.WriteNumber("shippingCost", 9.95m);
                json.WriteString("currency", "USD");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>Posts the shipments in arrays of 1,000 (the API's maximum), <paramref name="parallel"/> requests at a time.</summary>
    public static async Task RegisterAsync(ServiceHost host, IReadOnlyList<byte[]> arrays, int parallel, CancellationToken cancellationToken)
    {
        using var client = host.CreateClient();
        await Parallel.ForEachAsync(arrays, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (array, token) => await ServiceHost.PostShipmentsAsync(client, array, token));
    }

    public static List<byte[]> Arrays(IReadOnlyList<ShipmentSpec> shipments) => [.. shipments.Chunk(1000).Select(Array)];
}
