using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Community;

/// <summary>
/// BibTeX for arXiv papers, valid for BibTeX and biblatex: <c>@misc</c> entries with eprint/archivePrefix/
/// primaryClass, special characters escaped, math kept, capitals brace-protected, and keys unique within one
/// export (<c>lovelace2024dynamo</c>, then <c>…a</c>, <c>…b</c>).
/// </summary>
public static partial class BibTex
{
    public static string Export(IEnumerable<Paper> papers)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var p in papers)
        {
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(Entry(p, UniqueKey(BaseKey(p), used)));
        }
        return sb.ToString();
    }

    public static string Entry(Paper p, string? key = null)
    {
        key ??= BaseKey(p);
        var fields = new List<(string, string)>
        {
            ("title", "{" + Title(p.Title) + "}"),
            ("author", "{" + string.Join(" and ", p.Authors.Select(a => Author(a.Name))) + "}"),
        };
        if (p.PublishedAt is { } t) fields.Add(("year", "{" + t.Year.ToString(CultureInfo.InvariantCulture) + "}"));
        if (p.PublishedAt is { } m) fields.Add(("month", MonthMacro(m.Month)));
        fields.Add(("eprint", "{" + p.ArxivId + "}"));
        fields.Add(("archivePrefix", "{arXiv}"));
        if (p.Categories.Count > 0) fields.Add(("primaryClass", "{" + Escape(p.Categories[0]) + "}"));
        if (p.Doi is { } doi) fields.Add(("doi", "{" + EscapeVerbatim(doi) + "}"));
        if (p.JournalRef is { } jr) fields.Add(("note", "{" + Escape(jr) + "}"));
        fields.Add(("url", "{https://arxiv.org/abs/" + p.ArxivId + "}"));
        var width = fields.Max(f => f.Item1.Length);
        var sb = new StringBuilder();
        sb.Append("@misc{").Append(key).Append(",\n");
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            sb.Append("  ").Append(name.PadRight(width)).Append(" = ").Append(value).Append(i < fields.Count - 1 ? ",\n" : "\n");
        }
        return sb.Append("}\n").ToString();
    }

    private static string MonthMacro(int month) =>
        new[] { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" }[month - 1];

    /// <summary>firstauthorlastname + year + first significant title word, ASCII lower case.</summary>
    public static string BaseKey(Paper p)
    {
        var first = p.Authors.FirstOrDefault()?.Name ?? "anonymous";
        var last = SplitName(first).Last;
        var word = Words().Matches(p.Title).Select(m => m.Value)
            .FirstOrDefault(w => w.Length > 3 && !StopWords.Contains(w.ToLowerInvariant())) ?? "paper";
        var year = p.PublishedAt?.Year.ToString(CultureInfo.InvariantCulture) ?? "";
        var key = KeySafe(last) + year + KeySafe(word);
        return key.Length == 0 ? "arxiv" + KeySafe(p.ArxivId) : key;
    }

    private static string UniqueKey(string key, HashSet<string> used)
    {
        if (used.Add(key)) return key;
        for (var i = 0; ; i++)
        {
            var suffix = i < 26 ? ((char)('a' + i)).ToString() : (i - 25).ToString(CultureInfo.InvariantCulture);
            if (used.Add(key + suffix)) return key + suffix;
        }
    }

    private static readonly HashSet<string> StopWords = ["with", "from", "into", "towards", "toward", "about", "using", "via", "when", "what", "your", "that", "this", "their", "more", "less", "than"];

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();

    private static string KeySafe(string s)
    {
        var folded = new StringBuilder();
        foreach (var ch in s.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9') folded.Append(ch);
            else if (ch is >= 'A' and <= 'Z') folded.Append(char.ToLowerInvariant(ch));
        }
        return folded.ToString();
    }

    private static readonly HashSet<string> Particles = ["van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "ter", "ten", "dos", "das", "do", "zu", "af"];

    public static (string First, string Last) SplitName(string name)
    {
        var parts = PaperText.CollapseWhitespace(name).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length <= 1) return ("", parts.FirstOrDefault() ?? "");
        var lastStart = parts.Length - 1;
        while (lastStart > 1 && Particles.Contains(parts[lastStart - 1])) lastStart--;
        return (string.Join(' ', parts[..lastStart]), string.Join(' ', parts[lastStart..]));
    }

    /// <summary>"Last, First"; a one-word or corporate name is braced so BibTeX does not split it.</summary>
    public static string Author(string name)
    {
        var (first, last) = SplitName(name);
        if (first.Length == 0 || name.Contains(" and ", StringComparison.OrdinalIgnoreCase) || name.Contains(','))
            return "{" + Escape(PaperText.CollapseWhitespace(name)) + "}";
        return Escape(last) + ", " + Escape(first);
    }

    // $…$ math stays as written; words with capitals after the first letter (DynaMo, GPT, LLaMA) keep their case.
    [GeneratedRegex(@"(\$[^$]+\$)")]
    private static partial Regex MathSpans();

    [GeneratedRegex(@"\b[\p{L}\p{N}]*\p{Lu}[\p{L}\p{N}]*\p{Lu}[\p{L}\p{N}-]*|\b\p{L}[\p{L}\p{N}]*\p{N}[\p{L}\p{N}]*")]
    private static partial Regex ProtectWords();

    public static string Title(string title)
    {
        var parts = MathSpans().Split(PaperText.CollapseWhitespace(title));
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Length > 1 && part[0] == '$' && part[^1] == '$' && BracesBalanced(part)) { sb.Append(MathSpecials().Replace(part, @"\$1")); continue; }
            var escaped = Escape(part);
            sb.Append(ProtectWords().Replace(escaped, m => "{" + m.Value + "}"));
        }
        return sb.ToString();
    }

    // Inside math, % # & still end a line or break a table; their escaped forms work in math mode too.
    [GeneratedRegex(@"(?<!\\)([%#&])")]
    private static partial Regex MathSpecials();

    /// <summary>
    /// Escapes BibTeX/LaTeX special characters; balanced output whatever the input. BibTeX counts every brace,
    /// escaped or not, so <c>\{</c> is only used when the text's braces pair up; a stray one becomes
    /// <c>\textbraceleft{}</c> / <c>\textbraceright{}</c>, which cannot unbalance the entry.
    /// </summary>
    public static string Escape(string s)
    {
        var balanced = BracesBalanced(s);
        var sb = new StringBuilder(s.Length + 8);
        foreach (var ch in s)
        {
            sb.Append(ch switch
            {
                '\\' => @"\textbackslash{}",
                '{' => balanced ? @"\{" : @"\textbraceleft{}",
                '}' => balanced ? @"\}" : @"\textbraceright{}",
                '#' => @"\#",
                '$' => @"\$",
                '%' => @"\%",
                '&' => @"\&",
                '_' => @"\_",
                '~' => @"\textasciitilde{}",
                '^' => @"\textasciicircum{}",
                '\n' or '\r' or '\t' => " ",
                _ => ch.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>Whether every brace closes an earlier one and none is left open.</summary>
    public static bool BracesBalanced(string s)
    {
        var depth = 0;
        foreach (var ch in s)
        {
            if (ch == '{') depth++;
            else if (ch == '}' && --depth < 0) return false;
        }
        return depth == 0;
    }

    // DOIs and URLs are taken verbatim by biblatex; only braces would break the field.
    private static string EscapeVerbatim(string s) => s.Replace("{", "").Replace("}", "").Replace("%", @"\%");
}
