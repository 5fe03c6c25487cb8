using System.Text;
using DailyPapers.Papers;

namespace DailyPapers.Ingest;

public static partial class OaiPmhParser
{
    /// <summary>
    /// Splits arXivRaw's flat author string ("A. One, B. Two and C. Three") into names: on commas and the word
    /// "and", but never inside parentheses, where old records put affiliations ("A. One (1), B. Two ((1) MIT)");
    /// the parenthesised parts are dropped, since their numbering cannot be tied to a name reliably.
    /// </summary>
    public static IReadOnlyList<string> SplitAuthors(string? authors)
    {
        if (string.IsNullOrWhiteSpace(authors)) return [];
        var flat = PaperText.CollapseWhitespace(authors);
        var names = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < flat.Length; i++)
        {
            var c = flat[i];
            if (c == '(') { depth++; continue; }
            if (c == ')') { if (depth > 0) depth--; continue; }
            if (depth > 0) continue;
            if (c == ',')
            {
                Flush();
                continue;
            }
            if (c == ' ' && string.CompareOrdinal(flat, i, " and ", 0, 5) == 0)
            {
                Flush();
                i += 4; // with the loop's i++ this steps over " and "
                continue;
            }
            current.Append(c);
        }
        Flush();
        return names;

        void Flush()
        {
            var name = PaperText.CollapseWhitespace(current.ToString());
            current.Clear();
            // ", and" leaves a bare "and"; a trailing comma leaves nothing.
            if (name.StartsWith("and ", StringComparison.Ordinal)) name = name[4..].Trim();
            if (name.Length > 0 && name != "and") names.Add(name);
        }
    }
}
