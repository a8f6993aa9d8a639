namespace RecoveryWorker;

/// <summary>Access events: who signed in and out (staff names, never customers'), refused attempts by address.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "{User} signed in ({Method})")]
    public static partial void SignedIn(this ILogger logger, string user, string method);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Warning, Message = "Sign-in refused from {RemoteAddress}: wrong user name or password")]
    public static partial void SignInRefused(this ILogger logger, string remoteAddress);

    [LoggerMessage(EventId = 1803, Level = LogLevel.Information, Message = "{User} signed out")]
    public static partial void SignedOut(this ILogger logger, string user);
}
