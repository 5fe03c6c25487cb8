using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace DailyPapers.Papers;

/// <summary>
/// A canonical arXiv identifier without its version: new style <c>2409.12192</c> (4+4 or 4+5 digits)
/// or old style <c>hep-th/9901001</c> / <c>math.GT/0309136</c> (archive[.subject]/YYMMNNN).
/// <see cref="Version"/> carries the version when the input named one.
/// </summary>
public readonly partial record struct ArxivId(string Id, int? Version)
{
    public override string ToString() => Id;

    /// <summary>The id with its version suffix when one is known (<c>2409.12192v3</c>).</summary>
    public string WithVersion => Version is { } v ? $"{Id}v{v}" : Id;

    public bool IsOldStyle => Id.Contains('/');

    public string AbsUrl => $"https://arxiv.org/abs/{Id}";
    public string PdfUrl => $"https://arxiv.org/pdf/{Id}";

    // New style: YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015+). The month is not checked: an id of the right shape
    // that names no paper (9999.99999) is "not found" for a caller, not "malformed" (issue 2 acceptance: 404, not 400).
    [GeneratedRegex(@"^(?<id>\d{4}\.\d{4,5})(v(?<v>\d{1,3}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex NewStyle();

    // Old style: archive(.SUBJECT)?/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136, quant-ph/0210005v1.
    [GeneratedRegex(@"^(?<id>(?<arch>[a-z]+(-[a-z]+)?)(?<subj>\.[A-Za-z]{2})?/\d{2}(0[1-9]|1[0-2])\d{3})(v(?<v>\d{1,3}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex OldStyle();

    /// <summary>
    /// Parses every form people paste: bare ids, <c>arXiv:</c> prefixes, abs/pdf/html URLs, <c>.pdf</c> suffixes,
    /// versions, the arXiv DOI (<c>10.48550/arXiv.2409.12192</c>, also as a doi.org link) and Hugging Face papers links.
    /// </summary>
    public static bool TryParse(string? input, out ArxivId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "an arXiv id is required (e.g. 2409.12192)";
            return false;
        }
        var s = input.Trim();
        if (s.Length > 200)
        {
            error = "not an arXiv id: input is too long";
            return false;
        }
        s = StripDoi(StripUrl(s));
        if (s.StartsWith("arxiv:", StringComparison.OrdinalIgnoreCase)) s = s[6..].Trim();
        if (s.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) s = s[..^4];
        s = s.TrimEnd('/');

        var m = NewStyle().Match(s);
        if (!m.Success)
        {
            // Old-style archive names are lower case; the optional subject class is upper case (math.GT).
            m = OldStyle().Match(s);
            if (!m.Success)
            {
                var lowered = LowerArchive(s);
                if (lowered != s) m = OldStyle().Match(lowered);
            }
        }
        if (!m.Success)
        {
            error = $"not an arXiv id: \"{Shorten(input.Trim())}\" (expected e.g. 2409.12192, 2409.12192v2, hep-th/9901001 or an arxiv.org link)";
            return false;
        }
        int? version = m.Groups["v"].Success ? int.Parse(m.Groups["v"].Value) : null;
        if (version == 0)
        {
            error = $"not an arXiv id: \"{Shorten(input.Trim())}\" (versions start at v1)";
            return false;
        }
        id = new ArxivId(m.Groups["id"].Value, version);
        error = null;
        return true;
    }

    public static ArxivId Parse(string input) =>
        TryParse(input, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>The DOI arXiv registers for every paper (DataCite prefix 10.48550), with or without "doi:".</summary>
    private const string DoiPrefix = "10.48550/arxiv.";

    private static string StripDoi(string s)
    {
        if (s.StartsWith("doi:", StringComparison.OrdinalIgnoreCase)) s = s[4..].Trim();
        return s.StartsWith(DoiPrefix, StringComparison.OrdinalIgnoreCase) ? s[DoiPrefix.Length..] : s;
    }

    /// <summary>
    /// A reading list: every id in <paramref name="text"/> (separated by spaces, newlines, commas or semicolons), in
    /// the order given, duplicates kept once; null unless every piece is an id (then the text is a search, not a list).
    /// </summary>
    public static IReadOnlyList<ArxivId>? TryParseList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 20_000) return null;
        // "arXiv: 2409.12192" and "doi: 10.48550/…" are one id each, though a space follows the prefix.
        var pieces = PrefixSpace().Replace(text.Trim(), "$1:")
            .Split([' ', '\t', '\r', '\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ids = new List<ArxivId>();
        foreach (var piece in pieces)
        {
            if (!TryParse(piece.Trim('<', '>', '(', ')', '[', ']'), out var id, out _)) return null;
            if (!ids.Any(x => x.Id == id.Id)) ids.Add(id);
        }
        return ids.Count > 0 ? ids : null;
    }

    [GeneratedRegex(@"\b(arxiv|doi):\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PrefixSpace();

    private static string StripUrl(string s)
    {
        if (!s.Contains("://") && !s.StartsWith("arxiv.org", StringComparison.OrdinalIgnoreCase)
            && !s.StartsWith("www.arxiv.org", StringComparison.OrdinalIgnoreCase)
            && !s.StartsWith("export.arxiv.org", StringComparison.OrdinalIgnoreCase)
            && !s.StartsWith("doi.org", StringComparison.OrdinalIgnoreCase))
            return s;
        var noScheme = s.Contains("://") ? s[(s.IndexOf("://", StringComparison.Ordinal) + 3)..] : s;
        var q = noScheme.IndexOfAny(['?', '#']);
        if (q >= 0) noScheme = noScheme[..q];
        var slash = noScheme.IndexOf('/');
        if (slash < 0) return s;
        var host = noScheme[..slash].ToLowerInvariant();
        var path = noScheme[(slash + 1)..];
        if (host is "doi.org" or "dx.doi.org" or "www.doi.org") return Uri.UnescapeDataString(path);
        if (host is not ("arxiv.org" or "www.arxiv.org" or "export.arxiv.org" or "huggingface.co" or "www.huggingface.co" or "hf.co"))
            return s;
        foreach (var prefix in new[] { "abs/", "pdf/", "html/", "papers/", "format/" })
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return path[prefix.Length..];
        return path;
    }

    private static string LowerArchive(string s)
    {
        var slash = s.IndexOf('/');
        if (slash <= 0) return s;
        var archive = s[..slash];
        var dot = archive.IndexOf('.');
        var lowered = dot < 0 ? archive.ToLowerInvariant() : archive[..dot].ToLowerInvariant() + archive[dot..];
        return lowered + s[slash..];
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
