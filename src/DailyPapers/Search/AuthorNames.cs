using System.Globalization;
using System.Text;

namespace DailyPapers.Search;

/// <summary>
/// Author names as keys the index can match exactly whichever way a reader writes a name (issue 14.2): accents and
/// case folded, "Pinto, Lerrel" read as "Lerrel Pinto", "L. Pinto" matching by initial. Each author of a paper is
/// indexed under <c>n:first last</c> and <c>n:all names</c>, <c>i:initial last</c> and <c>l:last</c>; a name asked
/// for looks up the most specific key it can.
/// </summary>
public static class AuthorNames
{
    /// <summary>Longest name read as a name (in words): longer text is a topic, not a person.</summary>
    public const int MaxWords = 5;

    /// <summary>The keys an author of a paper is indexed under.</summary>
    public static IEnumerable<string> IndexKeys(string name)
    {
        var w = Words(name);
        if (w.Count == 0) yield break;
        var last = w[^1];
        yield return "l:" + last;
        if (w.Count == 1) yield break;
        yield return "i:" + w[0][0] + " " + last;
        yield return "n:" + w[0] + " " + last;
        if (w.Count > 2) yield return "n:" + string.Join(' ', w);
    }

    /// <summary>
    /// The keys to look up for a name as typed ("Lerrel Pinto", "L. Pinto", "Pinto, Lerrel", "pinto"): any one
    /// matching means that author. Empty when the text holds no name.
    /// </summary>
    public static IReadOnlyList<string> QueryKeys(string name)
    {
        var w = Words(Reorder(name));
        if (w.Count == 0) return [];
        var last = w[^1];
        if (w.Count == 1) return ["l:" + last];
        if (w[0].Length == 1) return ["i:" + w[0] + " " + last];
        return w.Count == 2 ? ["n:" + w[0] + " " + last] : ["n:" + string.Join(' ', w), "n:" + w[0] + " " + last];
    }

    /// <summary>
    /// Whether free query text has the shape of a person's name: 2–5 words of letters (initials with a dot allowed,
    /// at most one comma for "Last, First"), no quotes, fields or exclusions. Only then is it looked up as a name.
    /// </summary>
    public static bool LooksLikeName(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 80) return false;
        if (text.Count(c => c == ',') > 1) return false;
        var words = text.Replace(",", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 2 or > MaxWords) return false;
        foreach (var word in words)
        {
            if (word[0] == '-' || !char.IsLetter(word[0])) return false;
            if (!word.All(c => char.IsLetter(c) || c is '.' or '-' or '\'' or '\u2019')) return false;
        }
        return true;
    }

    /// <summary>"Pinto, Lerrel" → "Lerrel Pinto" (one comma: surname first); anything else as it is.</summary>
    private static string Reorder(string name)
    {
        var comma = name.IndexOf(',');
        if (comma < 0 || name.IndexOf(',', comma + 1) >= 0) return name;
        var (surname, given) = (name[..comma].Trim(), name[(comma + 1)..].Trim());
        return given.Length == 0 ? surname : given + " " + surname;
    }

    /// <summary>Lower-case, accent-free words of a name; initials lose their dot, "J.-P." and "J.P." give two.</summary>
    public static List<string> Words(string name)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        void Flush()
        {
            if (sb.Length > 0) words.Add(sb.ToString());
            sb.Clear();
        }
        foreach (var c in Fold(name))
        {
            if (char.IsLetterOrDigit(c)) sb.Append(c);
            else if (c is '\'' or '\u2019' or '-' && sb.Length > 1) continue; // O'Brien, Jean-Pierre: one word
            else Flush();
        }
        Flush();
        return words;
    }

    /// <summary>Lower case without diacritics (é → e), plus the letters that do not decompose (ø, ł, ß, æ, đ).</summary>
    public static string Fold(string s)
    {
        var d = s.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var c in d)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(c switch
            {
                'ø' => "o", 'ł' => "l", 'ß' => "ss", 'æ' => "ae", 'œ' => "oe", 'đ' => "d", 'ı' => "i",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
