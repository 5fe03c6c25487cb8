using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Pattern;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Util;

namespace DailyPapers.Search;

/// <summary>
/// The one analyzer for indexing and querying: Unicode word breaking, lower case, accents folded, English
/// possessives dropped, Porter stemming — plus <see cref="JoinFormsFilter"/> so hyphenated, split and joined
/// spellings meet (<c>pre-training</c>, <c>pre training</c>, <c>pretraining</c> and <c>Pretrained</c> all
/// index <c>pretrain</c>; <c>self-supervised</c> also indexes <c>self</c> and <c>supervis</c>).
/// No stop words are removed at index time, so quoted phrases with "of" or "to" still match exactly;
/// the query builder skips stop words in unquoted text instead.
/// </summary>
public sealed class PaperAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // A hyphen between two word characters becomes '_', which UAX#29 word breaking keeps inside a token, so
    // the tokenizer hands "pre_training" to JoinFormsFilter as one token. Capture groups, not look-arounds:
    // Lucene.NET's PatternReplaceCharFilter ignores look-arounds. One pass handles every other hyphen of
    // "state-of-the-art" (matches cannot overlap), so two passes are chained.
    private static readonly System.Text.RegularExpressions.Regex Hyphen =
        new(@"([\p{L}\p{N}])[-\u2010\u2011]([\p{L}\p{N}])", System.Text.RegularExpressions.RegexOptions.Compiled);

    protected override TextReader InitReader(string fieldName, TextReader reader) =>
        new PatternReplaceCharFilter(Hyphen, "$1_$2", new PatternReplaceCharFilter(Hyphen, "$1_$2", reader));

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream ts = new LowerCaseFilter(Version, source);
        ts = new ASCIIFoldingFilter(ts);
        ts = new EnglishPossessiveFilter(Version, ts);
        ts = new JoinFormsFilter(ts);
        ts = new PorterStemFilter(ts);
        return new TokenStreamComponents(source, ts);
    }

    /// <summary>English stop words, skipped in unquoted query text (they still match inside quoted phrases).</summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with", "we", "our", "from", "via", "using", "how", "what", "which", "can",
    };
}
