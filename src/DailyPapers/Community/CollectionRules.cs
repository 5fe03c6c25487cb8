using System.Globalization;
using System.Text;

namespace DailyPapers.Community;

/// <summary>Limits and input rules of collections, shared by the pages and the API so both say the same thing.</summary>
public static class CollectionRules
{
    public const int TitleMaxChars = 100;
    public const int DescriptionMaxChars = 2000;
    public const int NoteMaxChars = 1000;
    /// <summary>A reading list, not a mirror of the corpus: keeps pages, exports and reorders cheap.</summary>
    public const int MaxItems = 1000;
    public const int MaxCollectionsPerUser = 200;
    public const int SlugMaxChars = 60;

    /// <summary>The trimmed title, or null with the reason it is refused.</summary>
    public static string? Title(string? raw, out string? problem)
    {
        var t = Clean(raw);
        problem = t.Length switch
        {
            0 => "Give the collection a title.",
            > TitleMaxChars => $"The title is {t.Length} characters long; the limit is {TitleMaxChars}.",
            _ => null,
        };
        return problem is null ? t : null;
    }

    public static string? Description(string? raw, out string? problem)
    {
        var d = (raw ?? "").Trim().Replace("\r\n", "\n");
        problem = d.Length > DescriptionMaxChars ? $"The description is {d.Length} characters long; the limit is {DescriptionMaxChars}." : null;
        return problem is null ? d : null;
    }

    public static string? Note(string? raw, out string? problem)
    {
        var n = (raw ?? "").Trim().Replace("\r\n", "\n");
        problem = n.Length > NoteMaxChars ? $"The note is {n.Length} characters long; the limit is {NoteMaxChars}." : null;
        return problem is null ? n : null;
    }

    public static string FullMessage => $"A collection holds at most {MaxItems} papers; remove some or start another collection.";
    public static string TooManyMessage => $"You have {MaxCollectionsPerUser} collections, the most one account may keep; delete one first.";

    /// <summary>
    /// The URL name of a title: ASCII letters and digits in lower case, accents folded, other runs turned into one
    /// hyphen ("Über LLMs & RL" → "uber-llms-rl"); "collection" when nothing is left (a title in another script).
    /// </summary>
    public static string Slug(string title)
    {
        var sb = new StringBuilder();
        foreach (var ch in title.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            var c = char.ToLowerInvariant(ch);
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
            if (sb.Length >= SlugMaxChars) break;
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "collection" : slug;
    }

    /// <summary>Whether a string could be a slug (what the routes accept).</summary>
    public static bool IsSlug(string? s) =>
        s is { Length: > 0 and <= SlugMaxChars + 8 } && s.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');

    // Titles are one line: collapse whitespace and drop control characters.
    private static string Clean(string? raw)
    {
        var sb = new StringBuilder();
        foreach (var ch in (raw ?? "").Trim())
        {
            if (char.IsWhiteSpace(ch)) { if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' '); }
            else if (!char.IsControl(ch)) sb.Append(ch);
        }
        return sb.ToString().TrimEnd();
    }
}
