using Xunit;
using DailyPapers.Search;
using Lucene.Net.Search;

namespace DailyPapers.Tests.Search;

/// <summary>
/// Issue 10, point 4: 125 one-letter words cost 0.8–2 s of CPU per query. The query built from any text stays
/// within <see cref="SearchBounds"/> (asserted on the query itself, never on time), and what was left out is reported.
/// </summary>
public class Issue10SearchCostTests
{
    /// <summary>125 one-letter words, as in the probe: b c d … (a is a stop word), cycling through the alphabet.</summary>
    private static readonly string OneLetterAttack = string.Join(' ', Enumerable.Range(0, 125).Select(i => (char)('b' + i % 25)));

    [Fact]
    public void One_hundred_twenty_five_one_letter_words_build_a_bounded_query()
    {
        using var analyzer = new PaperAnalyzer();
        var unbounded = LuceneQueries.Plan(analyzer, OneLetterAttack, bounds: SearchBounds.Unbounded)!;
        var plan = LuceneQueries.Plan(analyzer, OneLetterAttack)!;

        Assert.True(unbounded.Clauses > 800, $"the attack makes {unbounded.Clauses} term lookups without bounds");
        Assert.Equal(LuceneQueries.Clauses(plan.Query), plan.Clauses);
        Assert.True(plan.Clauses <= SearchBounds.Default.MaxClauses, $"{plan.Clauses} term lookups");
        var top = Assert.IsType<BooleanQuery>(plan.Query);
        Assert.True(top.Clauses.Count <= SearchBounds.Default.MaxTerms, $"{top.Clauses.Count} words kept");
        Assert.Equal(125, top.Clauses.Count + plan.Dropped.Count);
        Assert.Equal("b", ((BooleanQuery)top.Clauses[0].Query).Clauses.Select(c => ((TermQuery)c.Query).Term.Text).Distinct().Single());
        Assert.Equal(OneLetterAttack.Split(' ')[^plan.Dropped.Count..], plan.Dropped);
    }

    [Theory]
    [InlineData(3, 10_000, 3)]     // the word limit
    [InlineData(100, 15, 2)]       // the lookup limit: each word costs 7 lookups (one per field)
    public void Either_bound_stops_adding_words(int maxTerms, int maxClauses, int kept)
    {
        using var analyzer = new PaperAnalyzer();
        var bounds = new SearchBounds { MaxTerms = maxTerms, MaxClauses = maxClauses };
        var plan = LuceneQueries.Plan(analyzer, "diffusion transformer video robot agent", bounds: bounds)!;
        Assert.Equal(kept, ((BooleanQuery)plan.Query).Clauses.Count);
        Assert.Equal(new[] { "diffusion", "transformer", "video", "robot", "agent" }[kept..], plan.Dropped);
    }

    [Fact]
    public void Exclusions_count_after_the_searched_words_and_are_dropped_first()
    {
        using var analyzer = new PaperAnalyzer();
        var plan = LuceneQueries.Plan(analyzer, "-robot diffusion \"video model\"", bounds: new SearchBounds { MaxTerms = 2 })!;
        var clauses = ((BooleanQuery)plan.Query).Clauses;
        Assert.Equal([Occur.SHOULD, Occur.MUST], clauses.Select(c => c.Occur));
        Assert.Equal(["-robot"], plan.Dropped);
    }

    [Fact]
    public void A_long_hyphenated_word_keeps_a_bounded_number_of_tokens()
    {
        using var analyzer = new PaperAnalyzer();
        var chain = string.Join('-', Enumerable.Range(0, 60).Select(i => "w" + i));
        var unbounded = LuceneQueries.Plan(analyzer, chain, bounds: SearchBounds.Unbounded)!;
        var plan = LuceneQueries.Plan(analyzer, chain, bounds: new SearchBounds { MaxTokensPerTerm = 4 })!;
        // Per field at most 4 tokens (+ nothing joined: only known prefixes join), over 7 fields.
        Assert.True(plan.Clauses <= 4 * LuceneQueries.TextFields.Count, $"{plan.Clauses} lookups");
        Assert.True(unbounded.Clauses > plan.Clauses * 5, $"{unbounded.Clauses} lookups unbounded");
    }

    [Fact]
    public async Task A_search_past_the_bounds_answers_and_names_the_words_left_out()
    {
        await using var db = await SearchDb.CreateAsync();
        var (index, _) = await db.BuildIndexAsync();
        using var _i = index;
        index.Bounds = new SearchBounds { MaxTerms = 1 };
        var r = index.Search(new SearchQuery { Text = "pretraining zebra", Limit = 5 });
        Assert.NotEmpty(r.Hits);
        Assert.Equal(["zebra"], r.DroppedTerms);
        Assert.Empty(index.Search(new SearchQuery { Text = "pretraining", Limit = 5 }).DroppedTerms);
    }

    [Fact]
    public async Task Hits_past_the_highlight_bound_come_back_plain()
    {
        await using var db = await SearchDb.CreateAsync();
        var (index, _) = await db.BuildIndexAsync();
        using var _i = index;
        index.Bounds = new SearchBounds { MaxHighlightedHits = 2 };
        var r = index.Search(new SearchQuery { Text = "model", Limit = 6 });
        Assert.Equal(6, r.Hits.Count);
        Assert.All(r.Hits.Take(2), h => Assert.Contains("<mark>", h.TitleHtml + h.AbstractHtml));
        Assert.All(r.Hits.Skip(2), h => Assert.Null(h.TitleHtml ?? h.AbstractHtml));
        var marked = index.Highlight(r.Hits.Select(h => h.PaperId).ToList(), "model");
        Assert.Equal(4, r.Hits.Skip(2).Count(h => marked[h.PaperId].AbstractHtml is null && marked[h.PaperId].TitleHtml is null));
    }
}
