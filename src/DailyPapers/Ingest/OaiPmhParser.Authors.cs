using System.Text;
using DailyPapers.Papers;

namespace DailyPapers.Ingest;

public static partial class OaiPmhParser
{
    /// <summary>
    /// Splits arXivRaw's flat author string ("A. One, B. Two and C. Three") into names: on commas and the word
    /// "and", but never inside parentheses, where old records put affiliations ("A. One (1), B. Two ((1) MIT)").
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
            if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            if (depth == 0 && c == ',')
            {
                Flush();
                continue;
            }
            if (depth == 0 && c == ' ' && string.CompareOrdinal(flat, i, " and ", 0, 5) == 0)
            {
                Flush();
                i += 4; // skip "and " (the loop skips the last char)
                continue;
            }
            current.Append(c);
        }
        Flush();
        return names;

        void Flush()
        {
            var name = current.ToString().Trim();
            current.Clear();
            // ", and" leaves a bare "and"; a trailing comma leaves nothing.
            if (name.StartsWith("and ", StringComparison.Ordinal)) name = name[4..].Trim();
            if (name.Length > 0 && name != "and") names.Add(name);
        }
    }
}
