using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DailyPapers.Web.Tests;

[Collection(SeededCollection.Name)]
public sealed partial class PageTests(SeededApp app)
{
    [GeneratedRegex("<li class=\"card\">")]
    private static partial Regex Card();

    private static IReadOnlyList<string> RawSampleIds(string date)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(DailyPapersFactory.FixturePath(date + ".json")));
        return doc.RootElement.EnumerateArray().Select(i => i.GetProperty("paper").GetProperty("id").GetString()!).ToList();
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string url)
    {
        var r = await app.Client().GetAsync(url);
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/papers")]
    public async Task Feed_without_date_shows_the_newest_feed_day(string url)
    {
        var (status, body) = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Friday, August 21, 2026", body);
        Assert.Equal(17, Card().Matches(body).Count);
        Assert.Contains("href=\"/papers/date/2025-06-16\"", body); // previous day with papers, skipping the empty ones
        Assert.Contains("rel=\"alternate\" type=\"application/rss+xml\"", body);
    }

    [Fact]
    public async Task Day_page_lists_the_papers_of_the_raw_sample()
    {
        var (status, body) = await GetAsync("/papers/date/2025-06-16");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(9, Card().Matches(body).Count);
        foreach (var id in RawSampleIds("2025-06-16")) Assert.Contains($"href=\"/papers/{id}\"", body);
        // Previous and next skip the days without papers.
        Assert.Contains("rel=\"prev\" href=\"/papers/date/2024-09-25\"", body);
        Assert.Contains("rel=\"next\" href=\"/papers/date/2026-08-21\"", body);
    }

    [Fact]
    public async Task Day_page_sorted_by_upvotes_starts_with_the_most_upvoted()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(DailyPapersFactory.FixturePath("2026-08-21.json")));
        var top = doc.RootElement.EnumerateArray().MaxBy(i => i.GetProperty("paper").GetProperty("upvotes").GetInt32())
            .GetProperty("paper").GetProperty("id").GetString();
        var (status, body) = await GetAsync("/papers/date/2026-08-21?sort=upvotes");
        Assert.Equal(HttpStatusCode.OK, status);
        var first = Regex.Match(body, "<h2 class=\"card-title\"><a href=\"/papers/([^\"]+)\"").Groups[1].Value;
        Assert.Equal(top, first);
    }

    [Fact]
    public async Task Week_and_month_pages_gather_their_days()
    {
        var (status, body) = await GetAsync("/papers/week/2024-W39"); // Mon 2024-09-23 … Sun 09-29
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(42, Card().Matches(body).Count);
        Assert.Contains("Week 39 of 2024", body);
        Assert.Contains("rel=\"prev\" href=\"/papers/week/2024-W22\"", body);

        (status, body) = await GetAsync("/papers/month/2024-09");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(42, Card().Matches(body).Count);
        Assert.Contains("rel=\"next\" href=\"/papers/month/2025-06\"", body);
    }

    [Fact]
    public async Task Day_without_papers_shows_the_empty_state()
    {
        var (status, body) = await GetAsync("/papers/date/2020-01-01");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("No papers on this day", body);
        Assert.Contains("rel=\"next\" href=\"/papers/date/2024-05-27\"", body);
    }

    [Fact]
    public async Task Date_picker_redirects_to_the_canonical_day()
    {
        var r = await app.Client(followRedirects: false).GetAsync("/papers?date=2025-06-16");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/papers/date/2025-06-16", r.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/papers/date/2025-02-30", "invalid date \"2025-02-30\"")]
    [InlineData("/papers/date/yesterday", "invalid date \"yesterday\"")]
    [InlineData("/papers/week/2025-W60", "2025 has weeks W01 to W52")]
    [InlineData("/papers/week/2025-25", "invalid week")]
    [InlineData("/papers/month/2025-13", "invalid month \"2025-13\"")]
    [InlineData("/papers?sort=hot", "invalid sort \"hot\"")]
    [InlineData("/papers/date/2025-06-16?page=zero", "invalid page")]
    [InlineData("/papers?date=2025-99-01", "invalid date")]
    public async Task Bad_feed_input_is_a_400_that_says_what_was_wrong(string url, string message)
    {
        var (status, body) = await GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(WebUtility.HtmlEncode(message), body);
    }

    [Fact]
    public async Task Page_past_the_end_is_a_404()
    {
        var (status, _) = await GetAsync("/papers/date/2025-06-16?page=2");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Paper_page_shows_title_abstract_authors_and_links()
    {
        var (status, body) = await GetAsync("/papers/2409.12192");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("DynaMo: In-Domain Dynamics Pretraining for Visuo-Motor Control", body);
        Assert.Contains("Imitation learning has proven to be a powerful tool", body);
        Assert.Contains("Lerrel Pinto", body);
        Assert.Contains("href=\"https://arxiv.org/abs/2409.12192\"", body);
        Assert.Contains("href=\"https://arxiv.org/pdf/2409.12192\"", body);
        Assert.Contains("href=\"/papers/date/2024-09-25\"", body); // the feed day it appeared on
        Assert.Contains("/lib/katex/katex.min.js", body);
        Assert.DoesNotContain("<script>", body); // no inline script: a strict CSP can follow
    }

    [Fact]
    public async Task Paper_page_marks_verified_authors_and_shows_the_ai_summary()
    {
        var (status, body) = await GetAsync("/papers/2506.09600");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("AI-generated summary", body);
        Assert.Contains("multi-agent red-teaming", body); // an AI keyword

        (status, body) = await GetAsync("/papers/2405.15738");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("<li class=\"author is-verified\">\\s*<a[^>]*>Chunjiang Ge</a>", body);
    }

    [Fact]
    public async Task Versioned_id_redirects_to_the_canonical_page()
    {
        var r = await app.Client(followRedirects: false).GetAsync("/papers/2409.12192v2");
        Assert.Equal(HttpStatusCode.MovedPermanently, r.StatusCode);
        Assert.Equal("/papers/2409.12192", r.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/papers/9999.99999")]
    [InlineData("/papers/2401.00001")]
    [InlineData("/papers/hep-th/9901001")] // old-style ids route (catch-all), then are unknown
    public async Task Unknown_paper_is_a_404_page(string url)
    {
        var (status, body) = await GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Paper not found", body);
    }

    [Fact]
    public async Task Malformed_paper_id_is_a_400_page_naming_the_input()
    {
        var (status, body) = await GetAsync("/papers/not-an-id");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(WebUtility.HtmlEncode("not an arXiv id: \"not-an-id\""), body);
    }

    [Fact]
    public async Task Markdown_of_a_paper_page()
    {
        var r = await app.Client().GetAsync("/papers/2409.12192.md");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/markdown", r.Content.Headers.ContentType?.MediaType);
        var md = await r.Content.ReadAsStringAsync();
        Assert.StartsWith("# DynaMo: In-Domain Dynamics Pretraining for Visuo-Motor Control\n", md);
        Assert.Contains("## Abstract", md);

        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client().GetAsync("/papers/not-an-id.md")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/papers/2401.00001.md")).StatusCode);
    }

    [Fact]
    public async Task Unknown_path_is_a_404_page()
    {
        var (status, body) = await GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Not found", body);
    }

    [Fact]
    public async Task Feed_page_is_served_from_the_output_cache_on_repeat()
    {
        var client = app.Client();
        await client.GetAsync("/papers/date/2024-05-27?sort=publishedAt");
        var again = await client.GetAsync("/papers/date/2024-05-27?sort=publishedAt");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(again.Headers.Age.HasValue, "the second response should come from the output cache (Age header)");
    }
}
