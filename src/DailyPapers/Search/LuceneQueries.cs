using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace DailyPapers.Search;

/// <summary>A query built from free text: the Lucene query, its term lookups (<see cref="LuceneQueries.Clauses"/>) and the words left out to stay within <see cref="SearchBounds"/>.</summary>
public sealed record BuiltQuery(Query Query, int Clauses, IReadOnlyList<string> Dropped);

/// <summary>Turns <see cref="QueryPart"/>s into a Lucene query over the weighted text fields. Never throws on input.</summary>
public static class LuceneQueries
{
    /// <summary>Text fields and their weights: a match in the title says most about what a paper is.</summary>
    public static readonly IReadOnlyList<(string Field, float Boost)> TextFields =
    [
        (LuceneIndex.F.Title, 3f), (LuceneIndex.F.Abstract, 1f), (LuceneIndex.F.Keywords, 1.5f),
        (LuceneIndex.F.Summary, 1f), (LuceneIndex.F.Authors, 1f), (LuceneIndex.F.Categories, 0.5f), (LuceneIndex.F.Ids, 1f),
    ];

    private sealed record Tok(string Term, int Position, int Start, int End, string Type);

    /// <summary>Fields written by the HF AI pipeline (absent from most records outside HF).</summary>
    public static readonly IReadOnlySet<string> AiFields = new HashSet<string> { LuceneIndex.F.Keywords, LuceneIndex.F.Summary };

    /// <summary>The query for free text within the default bounds, or null when nothing in it is searchable.</summary>
    /// <param name="aiFields">False: leave the AI keywords and summary out (a known-item evaluation whose queries come from them).</param>
    public static Query? Build(Analyzer analyzer, string? text, bool aiFields = true) => Plan(analyzer, text, aiFields)?.Query;

    /// <summary>
    /// The query for free text, kept within <paramref name="bounds"/>, with what it costs and which words were left
    /// out; null when nothing in it is searchable. Words are taken in the order typed, searched words before
    /// exclusions, so the first words of a long query are the ones searched.
    /// </summary>
    public static BuiltQuery? Plan(Analyzer analyzer, string? text, bool aiFields = true, SearchBounds? bounds = null)
    {
        bounds ??= SearchBounds.Default;
        var parts = JoinPrefixWords(QueryText.Split(text));
        var positive = parts.Where(p => !p.Excluded).ToList();
        // Stop words in unquoted text only add noise ("the", "of"); keep them if they are all there is.
        var content = positive.Where(p => p.Phrase || p.Field is not null || !PaperAnalyzer.StopWords.Contains(p.Text.Trim('.', ',', ';', ':', '?', '!'))).ToList();
        if (content.Count > 0) positive = content;
        var q = new BooleanQuery();
        var dropped = new List<string>();
        var (terms, clauses) = (0, 0);
        bool Fits(Query pq)
        {
            var cost = Clauses(pq);
            if (terms >= bounds.MaxTerms || clauses + cost > bounds.MaxClauses) return false;
            (terms, clauses) = (terms + 1, clauses + cost);
            return true;
        }
        foreach (var p in positive)
        {
            var pq = PartQuery(analyzer, p, aiFields, bounds.MaxTokensPerTerm);
            if (pq is null) continue;
            if (Fits(pq)) q.Add(pq, p.Phrase || p.Field is not null ? Occur.MUST : Occur.SHOULD);
            else dropped.Add(Shown(p));
        }
        if (q.Clauses.Count == 0) return null;
        foreach (var p in parts.Where(p => p.Excluded))
        {
            if (PartQuery(analyzer, p, aiFields, bounds.MaxTokensPerTerm) is not { } ex) continue;
            if (Fits(ex)) q.Add(ex, Occur.MUST_NOT);
            else dropped.Add(Shown(p));
        }
        return new BuiltQuery(q, clauses, dropped);
    }

    /// <summary>Term lookups a query makes: one per term per field, every phrase position and alternative counted.</summary>
    public static int Clauses(Query query) => query switch
    {
        TermQuery => 1,
        MultiPhraseQuery mp => mp.GetTermArrays().Sum(a => a.Length),
        PhraseQuery ph => ph.GetTerms().Length,
        BooleanQuery b => b.Clauses.Sum(c => Clauses(c.Query)),
        _ => 1,
    };

    private static string Shown(QueryPart p) => QueryText.Join([p]);

    /// <summary>"pre training" typed as two words means the compound, as the index reads it in documents.</summary>
    private static List<QueryPart> JoinPrefixWords(IReadOnlyList<QueryPart> parts)
    {
        var list = new List<QueryPart>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            if (!p.Phrase && i + 1 < parts.Count && JoinFormsFilter.Prefixes.Contains(p.Text.ToLowerInvariant())
                && parts[i + 1] is { Phrase: false } next && next.Excluded == p.Excluded && next.Field == p.Field
                && next.Text.Length > 0 && char.IsLetter(next.Text[0]))
            {
                list.Add(new QueryPart(p.Text + "-" + next.Text, false, p.Excluded, p.Field));
                i++;
            }
            else list.Add(p);
        }
        return list;
    }

    private static Query? PartQuery(Analyzer analyzer, QueryPart part, bool aiFields, int maxTokens)
    {
        switch (part.Field)
        {
            case "org":
                var org = part.Text.Trim().ToLowerInvariant();
                return org.Length == 0 ? null : new TermQuery(new Term(LuceneIndex.F.Organization, org));
            case "author":
                return AuthorQuery(part.Text);
        }
        var toks = Analyze(analyzer, part.Text, maxTokens);
        if (toks.Count == 0) return null;
        var perField = new BooleanQuery();
        foreach (var (field, boost) in TextFields)
        {
            if (!aiFields && AiFields.Contains(field)) continue;
            if (part.Field == "title" && field != LuceneIndex.F.Title) continue;
            var fq = part.Phrase ? PhraseQuery(field, toks) : WordQuery(field, toks);
            fq.Boost = boost;
            perField.Add(fq, Occur.SHOULD);
        }
        return perField;
    }

    /// <summary>Papers by the author named (any way of writing the name: <see cref="AuthorNames"/>), or null when no name is in the text.</summary>
    public static Query? AuthorQuery(string name)
    {
        var keys = AuthorNames.QueryKeys(name);
        if (keys.Count == 0) return null;
        if (keys.Count == 1) return new TermQuery(new Term(LuceneIndex.F.AuthorKey, keys[0]));
        var q = new BooleanQuery();
        foreach (var k in keys) q.Add(new TermQuery(new Term(LuceneIndex.F.AuthorKey, k)), Occur.SHOULD);
        return q;
    }

    /// <summary>
    /// One unquoted word group. A compound ("pre-training") matches by its joined form, which the index holds
    /// for every hyphenated, split-with-prefix or joined spelling, or by its parts as a phrase.
    /// </summary>
    private static Query WordQuery(string field, List<Tok> toks)
    {
        var positions = toks.Select(t => t.Position).Distinct().Count();
        if (positions == 1) return Terms(field, toks.Select(t => t.Term));
        var q = new BooleanQuery();
        foreach (var j in toks.Where(t => t.Type == JoinFormsFilter.JoinedType).Select(t => t.Term).Distinct())
            q.Add(new TermQuery(new Term(field, j)), Occur.SHOULD);
        var parts = toks.Where(t => t.Type != JoinFormsFilter.JoinedType).ToList();
        var joined = q.Clauses.Count > 0;
        if (parts.Count > 0)
        {
            if (joined || parts.Count <= 4) q.Add(Phrase(field, parts.GroupBy(t => t.Position).Select(g => g.Select(t => t.Term).ToArray()).ToList()), Occur.SHOULD);
            else foreach (var t in parts) q.Add(new TermQuery(new Term(field, t.Term)), Occur.SHOULD);
        }
        return q;
    }

    /// <summary>A quoted phrase, with each compound replaced by its joined form so every spelling of it matches.</summary>
    private static Query PhraseQuery(string field, List<Tok> toks)
    {
        var joinedSpans = toks.Where(t => t.Type == JoinFormsFilter.JoinedType).Select(t => (t.Start, t.End)).ToHashSet();
        var kept = toks.Where(t => !(t.Type == JoinFormsFilter.PartType && joinedSpans.Contains((t.Start, t.End)))).ToList();
        var groups = kept.GroupBy(t => t.Position).OrderBy(g => g.Key).Select(g => g.Select(t => t.Term).Distinct().ToArray()).ToList();
        return groups.Count == 1 ? Terms(field, groups[0]) : Phrase(field, groups);
    }

    private static Query Terms(string field, IEnumerable<string> terms)
    {
        var list = terms.Distinct().ToList();
        if (list.Count == 1) return new TermQuery(new Term(field, list[0]));
        var q = new BooleanQuery();
        foreach (var t in list) q.Add(new TermQuery(new Term(field, t)), Occur.SHOULD);
        return q;
    }

    private static Query Phrase(string field, List<string[]> groups)
    {
        var q = new MultiPhraseQuery();
        foreach (var g in groups) q.Add(g.Select(t => new Term(field, t)).ToArray());
        return q;
    }

    private static List<Tok> Analyze(Analyzer analyzer, string text, int maxTokens)
    {
        var list = new List<Tok>();
        using var ts = analyzer.GetTokenStream("q", text);
        var term = ts.AddAttribute<ICharTermAttribute>();
        var pos = ts.AddAttribute<IPositionIncrementAttribute>();
        var off = ts.AddAttribute<IOffsetAttribute>();
        var type = ts.AddAttribute<ITypeAttribute>();
        ts.Reset();
        var p = -1;
        while (list.Count < maxTokens && ts.IncrementToken())
        {
            p += pos.PositionIncrement;
            list.Add(new Tok(term.ToString(), Math.Max(p, 0), off.StartOffset, off.EndOffset, type.Type));
        }
        ts.End();
        return list;
    }
}
