using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DailyPapers.Web.Tests;

/// <summary>Issue 14 points 1–3 on the search page and API: ids resolve, authors link and rank first, totals agree with paging.</summary>
[Collection(SeededCollection.Name)]
public sealed partial class Issue14SearchPageTests(SeededApp app)
{
    [GeneratedRegex("<h2 class=\"card-title\"><a href=\"/papers/([^\"]+)\"")]
    private static partial Regex CardId();

    [GeneratedRegex("<strong>([\\d,]+) papers?</strong>")]
    private static partial Regex TotalShown();

    private static List<string> Ids(string html) => CardId().Matches(html).Select(m => m.Groups[1].Value).ToList();

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string url)
    {
        var r = await app.Client().GetAsync(url);
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    public static TheoryData<string> IdForms => new()
    {
        "2409.12192", "2409.12192v2", "arXiv:2409.12192", "arxiv:2409.12192v1", "https://arxiv.org/abs/2409.12192",
        "https://arxiv.org/abs/2409.12192v2", "https://arxiv.org/pdf/2409.12192v1.pdf", "https://arxiv.org/pdf/2409.12192",
        "https://arxiv.org/html/2409.12192v1", "10.48550/arXiv.2409.12192", "https://doi.org/10.48550/arXiv.2409.12192",
        "https://huggingface.co/papers/2409.12192", " 2409.12192 ",
    };

    [Theory]
    [MemberData(nameof(IdForms))]
    public async Task Every_id_form_redirects_the_page_to_the_paper(string q)
    {
        var r = await app.Client(followRedirects: false).GetAsync("/papers?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/papers/2409.12192", r.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(IdForms))]
    public async Task Every_id_form_is_the_first_api_hit(string q)
    {
        var r = await app.Client().GetAsync("/api/papers/search?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("2409.12192", doc.RootElement[0].GetProperty("paper").GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_unknown_well_formed_id_offers_to_fetch_and_submit_it()
    {
        foreach (var q in new[] { "2409.99999", "hep-th/9901001" })
        {
            var (status, body) = await GetAsync("/papers?q=" + Uri.EscapeDataString(q));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains($"href=\"/papers/submit?paper={Uri.EscapeDataString(q)}\"", body);
        }
    }

    [Fact]
    public async Task A_pasted_reading_list_lists_every_paper_in_the_order_given()
    {
        var list = "https://arxiv.org/abs/2409.13598\n2409.12192, arXiv:2409.99999 2409.13346v1";
        var (status, body) = await GetAsync("/papers?q=" + Uri.EscapeDataString(list));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["2409.13598", "2409.12192", "2409.13346"], Ids(body));
        var missing = body.IndexOf("data-missing-id=\"2409.99999\"", StringComparison.Ordinal);
        Assert.True(missing > body.IndexOf("/papers/2409.12192\"", StringComparison.Ordinal) && missing < body.IndexOf("/papers/2409.13346\"", StringComparison.Ordinal));

        using var doc = JsonDocument.Parse(await app.Client().GetStringAsync("/api/papers/search?q=" + Uri.EscapeDataString(list)));
        Assert.Equal(["2409.13598", "2409.12192", "2409.13346"], doc.RootElement.EnumerateArray().Select(i => i.GetProperty("paper").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_reading_list_longer_than_a_search_is_accepted_but_long_text_is_not()
    {
        var ids = new[] { "2409.13598", "2409.12192", "2409.13346" };
        var list = string.Join("\n", Enumerable.Range(0, 8).SelectMany(_ => ids).Select(id => "https://arxiv.org/abs/" + id + "v1"));
        Assert.True(list.Length > 250);
        var (status, body) = await GetAsync("/papers?q=" + Uri.EscapeDataString(list));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ids, Ids(body));
        var api = await app.Client().GetAsync("/api/papers/search?q=" + Uri.EscapeDataString(list));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        var (tooLong, _) = await GetAsync("/papers?q=" + Uri.EscapeDataString(list + " and some words"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong);
    }

    [Theory]
    [InlineData("Lerrel Pinto")]
    [InlineData("L. Pinto")]
    [InlineData("Pinto, Lerrel")]
    [InlineData("Lérrel Pintô")]
    [InlineData("author:\"Lerrel Pinto\"")]
    public async Task An_author_name_ranks_the_authors_paper_first(string q)
    {
        var (status, body) = await GetAsync("/papers?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2409.12192", Ids(body)[0]);
    }

    [Fact]
    public async Task Author_names_on_cards_and_paper_pages_link_to_their_results()
    {
        var link = "href=\"/papers?q=author%3A%22Lerrel%20Pinto%22\"";
        var (_, paper) = await GetAsync("/papers/2409.12192");
        Assert.Contains(link, paper);
        var (_, results) = await GetAsync("/papers?q=author%3A%22Zichen%20Jeff%20Cui%22");
        Assert.Contains("href=\"/papers?q=author%3A%22Zichen%20Jeff%20Cui%22\"", results);
        Assert.Equal("2409.12192", Ids(results)[0]);
    }

    [Fact]
    public async Task The_help_page_documents_the_syntax_and_the_search_form_links_it()
    {
        var (status, help) = await GetAsync("/search/help");
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var s in new[] { "author:", "title:", "org:", "10.48550/arXiv" }) Assert.Contains(s, help);
        var (_, page) = await GetAsync("/papers?q=robot");
        Assert.Contains("href=\"/search/help\"", page);
    }

    [Fact]
    public async Task Junk_gets_zero_results()
    {
        var (status, body) = await GetAsync("/papers?q=zzqxqzz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Ids(body));
        Assert.Contains("<strong>0 papers</strong>", body);
    }

    [Theory]
    [InlineData("model")]
    [InlineData("model&has_code=yes")]
    [InlineData("model&sort=newest")]
    [InlineData("learning&min_upvotes=5")]
    [InlineData("robot&published_from=2024-09-01&published_to=2024-12-31")]
    public async Task The_total_shown_is_what_paging_reaches_and_no_page_lies_beyond(string qs)
    {
        var (_, first) = await GetAsync("/papers?q=" + qs);
        var total = int.Parse(TotalShown().Match(first).Groups[1].Value.Replace(",", ""));
        Assert.True(total > 0);
        var seen = new List<string>();
        var page = 1;
        for (; ; page++)
        {
            var (status, body) = await GetAsync($"/papers?q={qs}&page={page}");
            if (status == HttpStatusCode.NotFound) break;
            Assert.Equal(HttpStatusCode.OK, status);
            var ids = Ids(body);
            Assert.NotEmpty(ids);
            seen.AddRange(ids);
        }
        Assert.Equal(total, seen.Count);
        Assert.Equal((total + 19) / 20, page - 1);
    }

    [Fact]
    public async Task The_category_filter_is_not_offered_when_no_paper_has_a_category()
    {
        var (_, body) = await GetAsync("/papers?q=model");
        Assert.DoesNotContain("name=\"category\"", body);
    }
}
