using Xunit;
using DailyPapers.Search;

namespace DailyPapers.Tests.Search;

public class LuceneIndexTests
{
    // Any spelling of pretrain: pretraining, pre-trained, Pre-Training, pre training …
    private const string PretrainForms = @"pre[-\s]?train";

    [Theory]
    [InlineData("pretraining")]
    [InlineData("pre-training")]
    [InlineData("pre-trained")]
    [InlineData("Pretrained")]
    [InlineData("pre training")]
    public async Task Every_spelling_of_pretraining_finds_every_paper_with_any_spelling(string q)
    {
        await using var db = await SearchDb.CreateAsync();
        var (index, _) = await db.BuildIndexAsync();
        using var _i = index;
        var expected = await db.ArxivIdsMatchingAsync(PretrainForms);
        Assert.True(expected.Count >= 15, $"fixture holds {expected.Count} pretrain papers");
        var r = index.Search(new SearchQuery { Text = q, Limit = 100 });
        var found = r.Hits.Select(h => h.ArxivId).ToHashSet();
        if (q != "pre training") Assert.Equal(expected.Count, r.Total);
        Assert.Empty(expected.Except(found));
        Assert.All(r.Hits.Take(10), h => Assert.Contains(h.ArxivId, expected));
    }

    [Theory]
    [InlineData("pretraining visuo-motor dynamics", "2409.12192")]
    [InlineData("reinforcement active pretraining", "2512.03442")]
    public async Task Seed_queries_put_the_paper_in_the_first_three(string q, string arxivId)
    {
        await using var db = await SearchDb.CreateAsync();
        var (index, _) = await db.BuildIndexAsync();
        using var _i = index;
        var r = index.Search(new SearchQuery { Text = q, Limit = 3 });
        Assert.Contains(arxivId, r.Hits.Select(h => h.ArxivId));
    }

    [Fact]
    public async Task Self_supervised_matches_split_and_hyphenated_forms()
    {
        await using var db = await SearchDb.CreateAsync();
        var (index, _) = await db.BuildIndexAsync();
        using var _i = index;
        var expected = await db.ArxivIdsMatchingAsync(@"self[-\s]?supervis");
        Assert.NotEmpty(expected);
        foreach (var q in new[] { "self-supervised", "self supervised", "selfsupervised" })
        {
            var found = index.Search(new SearchQuery { Text = q, Limit = 100 }).Hits.Select(h => h.ArxivId).ToHashSet();
            Assert.Empty(expected.Except(found));
        }
    }

    [Fact]
    public async Task Highlights_mark_matched_words_and_encode_html()
    {
        await using var db = await SearchDb.CreateAsync();
        var (index, _) = await db.BuildIndexAsync();
        using var _i = index;
        var hit = index.Search(new SearchQuery { Text = "pretraining visuo-motor", Limit = 1 }).Hits.Single();
        Assert.Equal("2409.12192", hit.ArxivId);
        Assert.Contains("<mark>Pretraining</mark>", hit.TitleHtml);
        Assert.Contains("<mark>Visuo-Motor</mark>", hit.TitleHtml);
        Assert.DoesNotContain("<script", hit.AbstractHtml ?? "");
    }

    [Fact]
    public async Task Phrases_and_exclusions_are_honoured()
    {
        await using var db = await SearchDb.CreateAsync();
        var (index, _) = await db.BuildIndexAsync();
        using var _i = index;
        var all = index.Search(new SearchQuery { Text = "pretraining", Limit = 100 });
        var withoutDynamics = index.Search(new SearchQuery { Text = "pretraining -dynamics", Limit = 100 });
        Assert.True(withoutDynamics.Total < all.Total);
        Assert.DoesNotContain("2409.12192", withoutDynamics.Hits.Select(h => h.ArxivId));
        var phrase = index.Search(new SearchQuery { Text = "\"active pretraining\"", Limit = 100 });
        Assert.Contains("2512.03442", phrase.Hits.Select(h => h.ArxivId));
        Assert.True(phrase.Total < all.Total);
    }

    [Theory]
    [InlineData("\"(((")]
    [InlineData("title:")]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("the of and")]
    [InlineData("-pretraining")]
    [InlineData("⌘∆ 😀🙃 ∑∫ ﷽")]
    [InlineData("AND OR NOT ~ ^ [ ] { } \\ / ?")]
    public async Task Odd_queries_never_throw(string q)
    {
        await using var db = await SearchDb.CreateAsync();
        var (index, _) = await db.BuildIndexAsync();
        using var _i = index;
        var r = index.Search(new SearchQuery { Text = q });
        Assert.True(r.Useless || r.Total >= 0);
        if (q.Trim().Length == 0 || q is "*" or "\"(((" or "-pretraining") Assert.True(r.Useless);
        var junk = index.Search(new SearchQuery { Text = string.Concat(Enumerable.Repeat("x(y)*:z\"~ ", 40)) });
        Assert.NotNull(junk);
    }

    [Fact]
    public async Task Filters_and_sorts_apply()
    {
        await using var db = await SearchDb.CreateAsync();
        var (index, _) = await db.BuildIndexAsync();
        using var _i = index;
        var docs = (await db.Store.GetSearchDocsAsync(0, 1000)).ToDictionary(d => d.ArxivId);
        var q = new SearchQuery { Text = "pretraining", Limit = 100 };
        var code = index.Search(q with { HasCode = true });
        Assert.All(code.Hits, h => Assert.True(docs[h.ArxivId].HasCode));
        var popular = index.Search(q with { MinUpvotes = 10, Sort = SearchSort.Upvotes });
        Assert.All(popular.Hits, h => Assert.True(docs[h.ArxivId].Upvotes >= 10));
        Assert.Equal(popular.Hits.Select(h => docs[h.ArxivId].Upvotes).OrderDescending(), popular.Hits.Select(h => docs[h.ArxivId].Upvotes));
        var newest = index.Search(q with { Sort = SearchSort.Newest });
        Assert.Equal(newest.Hits.Select(h => docs[h.ArxivId].Published).OrderDescending(), newest.Hits.Select(h => docs[h.ArxivId].Published));
        var from = new DateOnly(2025, 6, 1);
        var recent = index.Search(q with { PublishedFrom = from });
        Assert.True(recent.Total > 0 && recent.Total < newest.Total);
        Assert.All(recent.Hits, h => Assert.True(docs[h.ArxivId].Published >= from));
        var feed = index.Search(q with { FeedFrom = new DateOnly(2024, 9, 25), FeedTo = new DateOnly(2024, 9, 25) });
        Assert.All(feed.Hits, h => Assert.Contains(new DateOnly(2024, 9, 25), docs[h.ArxivId].FeedDates));
        var cat = docs["2409.12192"].Categories.FirstOrDefault();
        var paged = index.Search(q with { Offset = 5, Limit = 5 });
        Assert.Equal(index.Search(q).Hits.Skip(5).Take(5).Select(h => h.ArxivId), paged.Hits.Select(h => h.ArxivId));
        _ = cat;
    }
}
