using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DailyPapers.Web.Tests;

/// <summary>/papers?q=…, /papers?similar_to=…, similar papers on paper pages and search by abstract, on the seeded fixtures (no vectors).</summary>
[Collection(SeededCollection.Name)]
public sealed partial class SearchPageTests(SeededApp app)
{
    [GeneratedRegex("<h2 class=\"card-title\"><a href=\"/papers/([^\"]+)\"")]
    private static partial Regex CardId();

    [GeneratedRegex("<span class=\"vote-n\">(\\d+)</span>")]
    private static partial Regex CardVotes();

    [GeneratedRegex("<span>Published <time datetime=\"([^\"]+)\"")]
    private static partial Regex CardPublished();

    private static readonly Lazy<Dictionary<string, JsonElement>> Fixture = new(() =>
    {
        var papers = new Dictionary<string, JsonElement>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var item in doc.RootElement.EnumerateArray()) papers[item.GetProperty("paper").GetProperty("id").GetString()!] = item.Clone();
        }
        foreach (var line in File.ReadLines(DailyPapersFactory.FixturePath("hf-daily-papers-2024-09-23_2024-09-25.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            papers[doc.RootElement.GetProperty("paper").GetProperty("id").GetString()!] = doc.RootElement.Clone();
        }
        return papers;
    });

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string url)
    {
        var r = await app.Client().GetAsync(url);
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    private static List<string> Ids(string body) => CardId().Matches(body).Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public async Task Search_shows_highlighted_results_with_the_total()
    {
        var (status, body) = await GetAsync("/papers?q=pretraining");
        Assert.Equal(HttpStatusCode.OK, status);
        var ids = Ids(body);
        Assert.Contains("2409.12192", ids); // DynaMo: In-Domain Dynamics Pretraining …
        Assert.Contains("2409.14988", ids); // … Continuous Pretraining
        Assert.Contains("<mark>Pretraining</mark>", body);
        Assert.Contains($"<strong>{ids.Count} papers</strong>", body);
        Assert.Contains("Results for <q class=\"search-q\">pretraining</q>", body);
        Assert.Contains("value=\"pretraining\"", body); // the header box keeps the query
        Assert.Contains("href=\"/papers/search-by-abstract\"", body);
    }

    [Fact]
    public async Task Search_text_is_encoded_never_echoed_raw()
    {
        var (status, body) = await GetAsync("/papers?q=" + Uri.EscapeDataString("<script>alert(1)</script> pretraining"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<script>alert(1)", body);
        Assert.Contains("&lt;script&gt;", body);
    }

    [Theory]
    [InlineData("\"(((")]
    [InlineData("title:")]
    [InlineData("*")]
    [InlineData("?")]
    [InlineData("-")]
    [InlineData("\"\"")]
    [InlineData("AND OR NOT")]
    [InlineData("title:(a OR b)^3 ~2 [x TO y] {z}")]
    [InlineData("\u0000\u0001\u001f")]
    [InlineData("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ∑∫√ 日本語の論文 ☃︎ 🤖🤖🤖 \u200b\u202e")]
    public async Task Junk_queries_are_answered_never_500(string q)
    {
        var (status, body) = await GetAsync("/papers?q=" + Uri.EscapeDataString(q));
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{q}: {status}");
        Assert.Contains("Search", body);
    }

    [Theory]
    [InlineData("%FF%FE")]
    [InlineData("%")]
    [InlineData("%%%25")]
    [InlineData("a&q=b")]
    public async Task Malformed_query_strings_are_answered_never_500(string raw)
    {
        var (status, _) = await GetAsync("/papers?q=" + raw);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{raw}: {status}");
    }

    [Fact]
    public async Task Junk_of_240_characters_is_answered_and_300_is_a_400_with_the_limit()
    {
        var rng = new Random(3);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ÄéΩж中😀";
        string Junk(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => alphabet[rng.Next(alphabet.Length)]));
        var (status, _) = await GetAsync("/papers?q=" + Uri.EscapeDataString(Junk(240)));
        Assert.Equal(HttpStatusCode.OK, status);
        var (longStatus, body) = await GetAsync("/papers?q=" + Uri.EscapeDataString(new string('x', 300)));
        Assert.Equal(HttpStatusCode.BadRequest, longStatus);
        Assert.Contains("the limit is 250", body);
    }

    [Theory]
    [InlineData("", "What are you looking for?")]
    [InlineData("?! ,.; ...", "can be searched")]
    [InlineData("-pretraining", "can be searched")]
    public async Task Empty_or_useless_query_says_so_kindly_with_suggestions(string q, string expected)
    {
        var (status, body) = await GetAsync("/papers?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(expected, body);
        Assert.Contains("href=\"/papers?q=pretraining\"", body); // a suggestion to click
        Assert.Empty(Ids(body));
    }

    [Fact]
    public async Task No_match_says_so_and_offers_a_way_out()
    {
        var (status, body) = await GetAsync("/papers?q=diffusion&category=zz.QQ");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("No papers match", body);
        Assert.Contains("href=\"/papers?q=diffusion\"", body); // search without filters
    }

    [Theory]
    [InlineData("sort=best")]
    [InlineData("page=0")]
    [InlineData("published_from=2025-02-30")]
    [InlineData("min_upvotes=-3")]
    [InlineData("has_code=maybe")]
    [InlineData("feed_from=2026-01-02&feed_to=2026-01-01")]
    public async Task Bad_filters_are_a_400_page_naming_the_problem(string qs)
    {
        var (status, body) = await GetAsync("/papers?q=model&" + qs);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Cannot search like that", body);
    }

    [Fact]
    public async Task Filters_keep_only_matching_papers()
    {
        var all = Ids((await GetAsync("/papers?q=model&sort=newest")).Body);
        Assert.True(all.Count >= 10, $"only {all.Count} results for 'model'");

        var code = Ids((await GetAsync("/papers?q=model&sort=newest&has_code=yes")).Body);
        Assert.NotEmpty(code);
        Assert.All(code, id => Assert.True(Fixture.Value[id].GetProperty("paper").TryGetProperty("githubRepo", out var g) && g.ValueKind == JsonValueKind.String, $"{id} has no code"));

        var popular = Ids((await GetAsync("/papers?q=model&min_upvotes=20")).Body);
        Assert.NotEmpty(popular);
        Assert.All(popular, id => Assert.True(Fixture.Value[id].GetProperty("paper").GetProperty("upvotes").GetInt32() >= 20, $"{id} has under 20 upvotes"));

        var recent = Ids((await GetAsync("/papers?q=model&published_from=2026-01-01")).Body);
        Assert.NotEmpty(recent);
        Assert.All(recent, id => Assert.StartsWith("26", id));

        var day = Ids((await GetAsync("/papers?q=model&feed_from=2025-06-16&feed_to=2025-06-16")).Body);
        Assert.NotEmpty(day);
        Assert.All(day, id => Assert.StartsWith("2506.", id));

        var google = Ids((await GetAsync("/papers?q=agent&org=google")).Body);
        Assert.Equal(["2608.19880"], google);
    }

    [Fact]
    public async Task Sorts_order_by_upvotes_and_by_publication()
    {
        var (_, byVotes) = await GetAsync("/papers?q=model&sort=upvotes");
        var votes = CardVotes().Matches(byVotes).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(votes.Count >= 10);
        Assert.Equal(votes.OrderByDescending(v => v), votes);
        Assert.Contains("aria-current=\"page\">Most upvoted", byVotes);

        var (_, byDate) = await GetAsync("/papers?q=model&sort=newest");
        // Newest orders by publication day (ties by relevance), so compare days.
        var dates = CardPublished().Matches(byDate).Select(m => m.Groups[1].Value[..10]).ToList();
        Assert.True(dates.Count >= 10);
        Assert.Equal(dates.OrderByDescending(d => d, StringComparer.Ordinal), dates);
        Assert.NotEqual(Ids(byVotes), Ids(byDate));
    }

    [Fact]
    public async Task Pages_follow_on_and_a_page_past_the_end_is_a_404()
    {
        var (_, first) = await GetAsync("/papers?q=model&sort=newest");
        var (status, second) = await GetAsync("/papers?q=model&sort=newest&page=2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("rel=\"next\" href=\"/papers?q=model&amp;sort=newest&amp;page=2\"", first);
        Assert.Empty(Ids(first).Intersect(Ids(second)));
        Assert.NotEmpty(Ids(second));
        var (far, body) = await GetAsync("/papers?q=model&sort=newest&page=400");
        Assert.Equal(HttpStatusCode.NotFound, far);
        Assert.Contains("No such page", body);
    }

    [Fact]
    public async Task Every_page_has_the_search_box()
    {
        foreach (var url in new[] { "/papers", "/papers/date/2025-06-16", "/papers/2409.12192", "/papers/search-by-abstract", "/no/such/page" })
        {
            var (_, body) = await GetAsync(url);
            Assert.Contains("<form class=\"site-search\" role=\"search\" method=\"get\" action=\"/papers\">", body);
            Assert.Contains("<label for=\"site-q\" class=\"visually-hidden\">Search papers</label>", body);
        }
    }

    [Fact]
    public async Task Paper_page_shows_similar_papers_without_itself()
    {
        // No vectors in tests: the section falls back to the title and AI keywords, and must not be empty.
        var (status, body) = await GetAsync("/papers/2409.12192");
        Assert.Equal(HttpStatusCode.OK, status);
        var section = body[body.IndexOf("<section class=\"similar\"", StringComparison.Ordinal)..];
        var links = Regex.Matches(section, "<a class=\"mini-title\" href=\"/papers/([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.InRange(links.Count, 1, 6);
        Assert.DoesNotContain("2409.12192", links);
        Assert.Contains("href=\"/papers?similar_to=2409.12192\"", section);
    }

    [Fact]
    public async Task Similar_to_lists_neighbours_and_refuses_bad_ids()
    {
        var (status, body) = await GetAsync("/papers?similar_to=2409.12192");
        Assert.Equal(HttpStatusCode.OK, status);
        var ids = Ids(body);
        Assert.NotEmpty(ids);
        Assert.DoesNotContain("2409.12192", ids);
        Assert.Contains("DynaMo", body);

        (status, body) = await GetAsync("/papers?similar_to=not-an-id");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Not an arXiv id", body);
        (status, body) = await GetAsync("/papers?similar_to=2409.99999");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("There is no paper 2409.99999", body);
        (status, _) = await GetAsync("/papers?similar_to=");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}
