using System.Text;

namespace DailyPapers.Search;

/// <summary>
/// One piece of a reader's query: a word group or a quoted phrase, possibly excluded with '-', possibly limited to
/// a field (<c>author:"Lerrel Pinto"</c>, <c>title:diffusion</c>, <c>org:google</c>; <see cref="QueryText.Fields"/>).
/// </summary>
public sealed record QueryPart(string Text, bool Phrase, bool Excluded, string? Field = null);

/// <summary>
/// Splits free query text into words, "quoted phrases" and -exclusions. Everything else (brackets, field
/// syntax, wildcards, junk) stays as text and is later tokenised by the analyzer, which drops what it cannot
/// use — so no input can make searching throw.
/// </summary>
public static class QueryText
{
    /// <summary>Longer input is cut: nobody types more, and it bounds the query's cost.</summary>
    public const int MaxChars = 500;

    /// <summary>Field prefixes a reader can type (documented at /search/help): author:, title:, org:.</summary>
    public static readonly IReadOnlyList<string> Fields = ["author", "title", "org"];

    public static IReadOnlyList<QueryPart> Split(string? text)
    {
        var parts = new List<QueryPart>();
        if (string.IsNullOrWhiteSpace(text)) return parts;
        var s = text.Length > MaxChars ? text[..MaxChars] : text;
        var i = 0;
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i])) { i++; continue; }
            var excluded = false;
            if (s[i] == '-' && i + 1 < s.Length && !char.IsWhiteSpace(s[i + 1]))
            {
                excluded = true;
                i++;
            }
            string? field = null;
            foreach (var f in Fields)
                if (string.Compare(s, i, f + ":", 0, f.Length + 1, StringComparison.OrdinalIgnoreCase) == 0
                    && i + f.Length + 1 < s.Length && !char.IsWhiteSpace(s[i + f.Length + 1]))
                {
                    field = f;
                    i += f.Length + 1;
                    break;
                }
            if (IsQuote(s[i]))
            {
                var close = FindQuote(s, i + 1);
                if (close > i)
                {
                    var phrase = s[(i + 1)..close].Trim();
                    if (phrase.Length > 0) parts.Add(new QueryPart(phrase, true, excluded, field));
                    i = close + 1;
                    continue;
                }
                i++; // an unmatched quote is ignored: the rest reads as plain words
                if (excluded && (i >= s.Length || char.IsWhiteSpace(s[i]))) continue;
            }
            var sb = new StringBuilder();
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && !IsQuote(s[i])) sb.Append(s[i++]);
            if (sb.Length > 0) parts.Add(new QueryPart(sb.ToString(), false, excluded, field));
        }
        return parts;
    }

    /// <summary>The text back from its parts (quotes, exclusions and fields kept), e.g. after <c>org:</c> was taken out.</summary>
    public static string Join(IEnumerable<QueryPart> parts) => string.Join(' ', parts.Select(p =>
        (p.Excluded ? "-" : "") + (p.Field is { } f ? f + ":" : "") + (p.Phrase ? $"\"{p.Text}\"" : p.Text)));

    private static bool IsQuote(char c) => c is '"' or '\u201C' or '\u201D';

    private static int FindQuote(string s, int from)
    {
        for (var j = from; j < s.Length; j++)
            if (IsQuote(s[j])) return j;
        return -1;
    }
}
