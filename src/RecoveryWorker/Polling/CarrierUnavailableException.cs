namespace RecoveryWorker.Polling;

/// <summary>Every number in a batch failed in a way that heals by itself: Hangfire retries the batch with backoff.</summary>
internal sealed class CarrierUnavailableException(string carrier, string reason)
    : Exception($"Carrier {carrier} is unavailable: {reason}");
