using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DailyPapers.Accounts;

/// <summary>Validation of what people type when they sign up, and the random secrets accounts hand out.</summary>
public static partial class AccountRules
{
    public const int MinPasswordLength = 10;
    /// <summary>PBKDF2 pre-hashes long input, so this only stops absurd form posts.</summary>
    public const int MaxPasswordLength = 512;
    public const int MaxEmailLength = 254;
    public const string ApiTokenPrefix = "dp_";

    /// <summary>Handles that would read like site pages or staff, or clash with the "deleted-N" placeholders.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "administrator", "moderator", "mod", "root", "system", "api", "account", "accounts", "settings",
        "signin", "signup", "login", "logout", "papers", "users", "support", "help", "security", "dailypapers",
    };

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,37}[A-Za-z0-9])?$")]
    private static partial Regex HandlePattern();

    /// <summary>Lower-cased, trimmed address, or null with a reason when it is not one plain address.</summary>
    public static string? NormaliseEmail(string? input, out string? error)
    {
        error = null;
        var s = (input ?? "").Trim();
        if (s.Length == 0) { error = "Enter your email address."; return null; }
        if (s.Length > MaxEmailLength || !MailAddress.TryCreate(s, out var parsed) || parsed.Address != s || parsed.DisplayName.Length > 0
            || !parsed.Host.Contains('.'))
        {
            error = "Enter an email address such as name@example.org.";
            return null;
        }
        return s.ToLowerInvariant();
    }

    /// <summary>Null when the handle may be used; otherwise what is wrong with it.</summary>
    public static string? HandleProblem(string? handle)
    {
        if (string.IsNullOrWhiteSpace(handle)) return "Choose a user name.";
        if (!HandlePattern().IsMatch(handle))
            return "User names are 1–39 letters, digits, '-' or '_', starting and ending with a letter or digit.";
        if (Reserved.Contains(handle) || handle.StartsWith("deleted-", StringComparison.OrdinalIgnoreCase))
            return $"The user name \"{handle}\" is reserved; choose another.";
        return null;
    }

    /// <summary>Null when the password is acceptable; otherwise what is wrong with it.</summary>
    public static string? PasswordProblem(string? password, string? email = null, string? handle = null)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
            return $"Use at least {MinPasswordLength} characters for your password.";
        if (password.Length > MaxPasswordLength) return $"Use at most {MaxPasswordLength} characters for your password.";
        if ((email is { Length: > 0 } && password.Equals(email, StringComparison.OrdinalIgnoreCase))
            || (handle is { Length: > 0 } && password.Equals(handle, StringComparison.OrdinalIgnoreCase)))
            return "Your password must not be your email address or user name.";
        if (password.Distinct().Count() < 4) return "That password is too easy to guess; use more different characters.";
        return null;
    }

    /// <summary>A URL-safe random secret with 256 bits of entropy.</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewApiToken() => ApiTokenPrefix + NewSecret();

    /// <summary>
    /// What the database keeps of a token: its SHA-256 in hex. Tokens are 256-bit random, so a plain (unsalted)
    /// hash is safe, and it lets the lookup use the UNIQUE index.
    /// </summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
