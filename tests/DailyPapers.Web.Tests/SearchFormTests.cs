using DailyPapers.Search;
using DailyPapers.Web.Pages;

namespace DailyPapers.Web.Tests;

/// <summary>The search page's query string: accepted forms and the 400 message for each bad one.</summary>
public sealed class SearchFormTests
{
    private static Func<string, string?> Query(string qs)
    {
        var pairs = qs.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
        return k => pairs.GetValueOrDefault(k);
    }

    [Theory]
    [InlineData("q=pretraining", "pretraining", 0, SearchSort.Relevance, 1)]
    [InlineData("q=%20diffusion%20&sort=newest&page=3", "diffusion", 0, SearchSort.Newest, 3)]
    [InlineData("q=x&sort=UPVOTES", "x", 0, SearchSort.Upvotes, 1)]
    [InlineData("q=x&published_from=&published_to=&category=&org=&has_code=&min_upvotes=", "x", 0, SearchSort.Relevance, 1)] // a blank GET form
    [InlineData("q=x&published_from=2025-01-01&feed_to=2026-08-21&category=cs.CL&org=google&has_code=yes&min_upvotes=10", "x", 6, SearchSort.Relevance, 1)]
    [InlineData("q=x&has_code=any&min_upvotes=0", "x", 0, SearchSort.Relevance, 1)]
    [InlineData("", "", 0, SearchSort.Relevance, 1)]
    public void Accepts(string qs, string text, int filters, SearchSort sort, int page)
    {
        Assert.True(SearchForm.TryParse(Query(qs), out var form, out var error), error);
        Assert.Equal(text, form.Q);
        Assert.Equal(filters, form.FilterCount);
        Assert.Equal(sort, form.Sort);
        Assert.Equal(page, form.Page);
        Assert.Equal((page - 1) * SearchForm.PageSize, form.ToQuery().Offset);
    }

    [Theory]
    [InlineData("sort=best", "invalid sort \"best\"")]
    [InlineData("page=0", "invalid page \"0\"")]
    [InlineData("page=two", "invalid page \"two\"")]
    [InlineData("page=501", "from 1 to 500")]
    [InlineData("published_from=2025-13-01", "invalid published_from \"2025-13-01\"")]
    [InlineData("feed_to=yesterday", "invalid feed_to \"yesterday\"")]
    [InlineData("published_from=2026-01-02&published_to=2026-01-01", "published date range is reversed")]
    [InlineData("feed_from=2026-01-02&feed_to=2026-01-01", "feed date range is reversed")]
    [InlineData("category=cs%20CL!", "invalid category")]
    [InlineData("has_code=maybe", "invalid has_code \"maybe\"")]
    [InlineData("min_upvotes=-1", "invalid min_upvotes \"-1\"")]
    [InlineData("min_upvotes=lots", "invalid min_upvotes \"lots\"")]
    public void Refuses_with_a_message_naming_the_parameter(string qs, string expected)
    {
        Assert.False(SearchForm.TryParse(Query("q=x&" + qs), out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Refuses_search_text_over_the_limit_and_takes_it_at_the_limit()
    {
        Assert.True(SearchForm.TryParse(Query("q=" + new string('a', SearchForm.MaxQueryChars)), out _, out _));
        Assert.False(SearchForm.TryParse(Query("q=" + new string('a', SearchForm.MaxQueryChars + 1)), out _, out var error));
        Assert.Contains("the limit is 250", error);
    }

    [Theory]
    [InlineData("q=a%20b", null, 1, true, "/papers?q=a%20b")]
    [InlineData("q=x&sort=newest&category=cs.CL", null, 2, true, "/papers?q=x&category=cs.CL&sort=newest&page=2")]
    [InlineData("q=x&sort=newest&category=cs.CL", SearchSort.Relevance, 1, true, "/papers?q=x&category=cs.CL")]
    [InlineData("q=x&has_code=no&min_upvotes=5&org=a%26b", null, 1, false, "/papers?q=x")]
    [InlineData("q=x&has_code=no&min_upvotes=5&org=a%26b", null, 1, true, "/papers?q=x&org=a%26b&has_code=no&min_upvotes=5")]
    public void Links_keep_the_search_and_leave_defaults_out(string qs, SearchSort? sort, int page, bool withFilters, string expected)
    {
        Assert.True(SearchForm.TryParse(Query(qs), out var form, out var error), error);
        Assert.Equal(expected, form.Link(sort, page, withFilters));
    }

    [Theory]
    [InlineData("A <mark>pretraining</mark> method for robots.", "A pretraining method for robots.", "A <mark>pretraining</mark> method for robots.")]
    [InlineData("<mark>pretraining</mark> method", "We propose a pretraining method for robots.", "…<mark>pretraining</mark> method…")]
    [InlineData("Ok &amp; <mark>fine</mark>", "Ok & fine, and more text follows here.", "Ok &amp; <mark>fine</mark>…")]
    public void Fragments_cut_inside_the_abstract_get_ellipses(string fragment, string abstractText, string expected) =>
        Assert.Equal(expected, SearchCards.Ellipsize(fragment, abstractText));

    [Fact]
    public void Similar_fallback_query_is_plain_words_from_title_and_keywords()
    {
        var paper = new DailyPapers.Papers.Paper
        {
            ArxivId = "2409.12192", Title = "DynaMo: \"In-Domain\" Dynamics\n -Pretraining", Abstract = "x",
            AiKeywords = ["visuo-motor control", "self-supervised"],
        };
        Assert.Equal("DynaMo: In-Domain Dynamics Pretraining visuo-motor control self-supervised", SimilarPapers.FallbackQuery(paper));
    }
}
