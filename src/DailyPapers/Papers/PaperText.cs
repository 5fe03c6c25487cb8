using System.Text;
using System.Text.RegularExpressions;

namespace DailyPapers.Papers;

/// <summary>Undoing arXiv's plain-text conventions: hard-wrapped lines, indented paragraph starts.</summary>
public static partial class PaperText
{
    // arXiv marks a new abstract paragraph with a line break followed by indentation ("\n  We propose...").
    [GeneratedRegex(@"\r?\n(?:[ \t]+|\s*\r?\n\s*)")]
    private static partial Regex ParagraphBreak();

    /// <summary>Collapses all runs of whitespace (including hard wraps) into one space.</summary>
    /// <remarks>A loop rather than <c>Regex.Replace</c>: it runs on every title, abstract and author name of an
    /// import, and text that is already clean (most names) comes back without an allocation.</remarks>
    public static string CollapseWhitespace(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        if (IsCollapsed(s)) return s;
        var buffer = s.Length <= 1024 ? stackalloc char[s.Length] : new char[s.Length];
        var n = 0;
        var pendingSpace = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) { pendingSpace = n > 0; continue; }
            if (pendingSpace) { buffer[n++] = ' '; pendingSpace = false; }
            buffer[n++] = c;
        }
        return new string(buffer[..n]);
    }

    private static bool IsCollapsed(string s)
    {
        if (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) return false;
        for (var i = 1; i < s.Length; i++)
            if (char.IsWhiteSpace(s[i]) && (s[i] != ' ' || s[i - 1] == ' ')) return false;
        return true;
    }

    /// <summary>The abstract's paragraphs with line wraps undone.</summary>
    public static IReadOnlyList<string> Paragraphs(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return ParagraphBreak().Split(text.Trim())
            .Select(CollapseWhitespace)
            .Where(p => p.Length > 0)
            .ToList();
    }

    /// <summary>Canonical stored form of an abstract: paragraphs joined by a blank line, no hard wraps.</summary>
    public static string NormalizeAbstract(string? text) => string.Join("\n\n", Paragraphs(text));

    /// <summary>A teaser of at most <paramref name="maxChars"/> characters, cut at a word boundary.</summary>
    public static string Teaser(string? text, int maxChars = 280)
    {
        var flat = CollapseWhitespace(text);
        if (flat.Length <= maxChars) return flat;
        var cut = flat.LastIndexOf(' ', maxChars);
        if (cut < maxChars / 2) cut = maxChars;
        var sb = new StringBuilder(flat, 0, cut, cut + 1);
        return sb.ToString().TrimEnd(',', ';', ':', ' ') + "…";
    }
}
