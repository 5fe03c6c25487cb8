using System.Net;
using System.Text.Json;
using DailyPapers.Ingest;
using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Issue10;

/// <summary>
/// Issue 10, point 10, at render time: a row written before imports checked links (or by any other path) with
/// javascript: links and HTML in its text is drawn without those links, and its Markdown carries no raw HTML.
/// </summary>
public sealed class Issue10RenderedLinkTests : IAsyncLifetime
{
    private const string Id = "2405.00077";
    private const string Script = "<script>alert(1)</script>";
    private readonly DailyPapersFactory _factory = new();

    public async Task InitializeAsync()
    {
        var paper = new Paper
        {
            ArxivId = Id,
            Title = "Hostile " + Script + " title",
            Abstract = "An abstract with <img src=x onerror=alert(1)> inside, and x < y in math.",
            GithubRepo = "javascript:alert(1)",
            ProjectPage = "data:text/html,<b>x</b>",
            AiSummary = "<iframe src=//evil.example></iframe>",
            AiKeywords = ["<b>bold</b>"],
            JournalRef = "J. <a href=javascript:alert(1)>x</a>",
            Authors = [new PaperAuthor("Ada <svg onload=alert(1)>")],
        };
        var rejected = new List<string>();
        // Straight to the store, past the parser that would now drop the links: as rows imported before the fix.
        await new Importer(_factory.Services.GetRequiredService<PaperStore>(), rejected.Add)
            .ImportItemsAsync([ParsedItem.Ok(1, new ImportRecord(paper))], "issue 10 test");
        Assert.Empty(rejected);
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_paper_page_draws_no_link_that_is_not_http()
    {
        var r = await _factory.CreateClient().GetAsync("/papers/" + Id);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("Hostile", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(">Project page<", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_markdown_passes_no_html_through()
    {
        var r = await _factory.CreateClient().GetAsync($"/papers/{Id}.md");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var md = await r.Content.ReadAsStringAsync();
        Assert.StartsWith("# Hostile &lt;script>alert(1)&lt;/script> title\n", md, StringComparison.Ordinal);
        // No element can open anywhere: every "<" of the imported text is the entity.
        Assert.DoesNotContain("<", md, StringComparison.Ordinal);
        Assert.Contains("x &lt; y in math", md, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:alert(1)\n", md, StringComparison.Ordinal);
        Assert.DoesNotContain("**GitHub:**", md, StringComparison.Ordinal);
        Assert.DoesNotContain("**Project page:**", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_leaves_out_links_that_are_not_http()
    {
        var r = await _factory.CreateClient().GetAsync("/api/papers/" + Id);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.False(doc.RootElement.TryGetProperty("githubRepo", out _));
        Assert.False(doc.RootElement.TryGetProperty("projectPage", out _));
    }
}
