using MimeKit;

namespace DailyPapers.Digests;

/// <summary>Subscriber addresses are stored normalised so one mailbox is one subscriber.</summary>
public static class EmailAddress
{
    /// <summary>RFC 5321 caps a forward path at 256 octets including the angle brackets.</summary>
    public const int MaxLength = 254;

    /// <summary>
    /// Trims and lower-cases the address (mail providers treat local parts case-insensitively, and a
    /// case-sensitive list would let one mailbox subscribe many times); null with a reason when it is not one
    /// plain address.
    /// </summary>
    public static string? Normalize(string? input, out string error)
    {
        error = "";
        var s = input?.Trim() ?? "";
        if (s.Length == 0) { error = "enter an email address"; return null; }
        if (s.Length > MaxLength) { error = $"an email address has at most {MaxLength} characters"; return null; }
        var at = s.LastIndexOf('@');
        if (at <= 0 || at == s.Length - 1 || s.IndexOf('@') != at || s.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')'))
        {
            error = $"\"{Short(s)}\" is not an email address (expected name@example.org)";
            return null;
        }
        var domain = s[(at + 1)..];
        if (domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            error = $"\"{Short(s)}\" has an invalid domain";
            return null;
        }
        if (!MailboxAddress.TryParse(s, out var parsed) || parsed.Address != s)
        {
            error = $"\"{Short(s)}\" is not an email address (expected name@example.org)";
            return null;
        }
        return s.ToLowerInvariant();
    }

    private static string Short(string s) => s.Length > 60 ? s[..57] + "..." : s;
}
