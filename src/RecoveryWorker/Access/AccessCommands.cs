using Microsoft.AspNetCore.Identity;

namespace RecoveryWorker.Access;

/// <summary>
/// <c>hash-password [USER [ROLE]]</c> and <c>create-api-key NAME SCOPE...</c>: print the settings that let a person
/// sign in or a program call, ready for an env file or a secret file. Neither starts the service or needs a database.
/// </summary>
internal static class AccessCommands
{
    public static bool TryRun(string[] args, TextReader input, TextWriter output, TextWriter error, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        exitCode = 0;
        switch (args)
        {
            case [var c, .. var rest] when Is(c, "hash-password"):
                exitCode = HashPassword(rest, input, output, error);
                return true;
            case [var c, .. var rest] when Is(c, "create-api-key"):
                exitCode = CreateApiKey(rest, output, error);
                return true;
            default:
                return false;
        }
    }

    private static int HashPassword(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Length > 2 || (args.Length == 2 && !Roles.All.Contains(args[1])))
        {
            error.WriteLine($"usage: RecoveryWorker hash-password [USER [{string.Join("|", Roles.All)}]]   (the password is read from standard input)");
            return 2;
        }

        var password = ReadPassword(input, error);
        if (string.IsNullOrEmpty(password) || password.Length < 12)
        {
            error.WriteLine("The password must have at least 12 characters.");
            return 2;
        }

        var hash = new PasswordHasher<AccessUser>().HashPassword(new AccessUser(), password);
        if (args.Length == 0)
        {
            output.WriteLine(hash);
            return 0;
        }

        output.WriteLine($"Auth__Users__{args[0]}__PasswordHash={hash}");
        output.WriteLine($"Auth__Users__{args[0]}__Role={(args.Length == 2 ? args[1] : Roles.Viewer)}");
        return 0;
    }

    private static int CreateApiKey(string[] args, TextWriter output, TextWriter error)
    {
        if (args is not [var name, _, ..] || name.Contains("__", StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal))
        {
            error.WriteLine($"usage: RecoveryWorker create-api-key NAME SCOPE...   scopes: {string.Join(" ", Scopes.All)}");
            return 2;
        }

        var scopes = args[1..];
        if (scopes.FirstOrDefault(s => !Scopes.All.Contains(s)) is { } unknown)
        {
            error.WriteLine($"'{unknown}' is not a scope; use {string.Join(", ", Scopes.All)}.");
            return 2;
        }

        var key = DevelopmentAccess.NewApiKey();
        error.WriteLine($"API key '{name}': give it to the program now; it is shown only this once and only its hash is kept.");
        output.WriteLine(key);
        error.WriteLine("Settings (environment variables, or files of these names under /run/secrets):");
        output.WriteLine($"Auth__ApiKeys__{name}__Hash={DevelopmentAccess.HashKey(key)}");
        for (var i = 0; i < scopes.Length; i++)
        {
            output.WriteLine($"Auth__ApiKeys__{name}__Scopes__{i}={scopes[i]}");
        }

        return 0;
    }

    /// <summary>From a pipe as is (one line); at a terminal without echo, twice.</summary>
    private static string? ReadPassword(TextReader input, TextWriter error)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return input.ReadLine();
        }

        error.Write("Password: ");
        var first = ReadHidden();
        error.Write("Again: ");
        var second = ReadHidden();
        if (first != second)
        {
            error.WriteLine("The two passwords differ.");
            return null;
        }

        return first;
    }

    private static string ReadHidden()
    {
        var chars = new List<char>();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                if (chars.Count > 0)
                {
                    chars.RemoveAt(chars.Count - 1);
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                chars.Add(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return new string([.. chars]);
    }

    private static bool Is(string arg, string command) => string.Equals(arg, command, StringComparison.OrdinalIgnoreCase);
}
