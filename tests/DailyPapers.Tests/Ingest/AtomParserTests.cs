using System.Text;
using DailyPapers.Ingest;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Ingest;

public class AtomParserTests
{
    private static AtomPage Parse(string fixture)
    {
        using var s = File.OpenRead(Fixtures.Get(fixture));
        return AtomParser.ParsePage(s);
    }

    [Fact]
    public void Parses_the_api_response()
    {
        var page = Parse(Fixtures.Atom);
        Assert.Equal(120839, page.Info.TotalResults);
        Assert.Equal(0, page.Info.StartIndex);
        Assert.Equal(10, page.Info.ItemsPerPage);
        Assert.Equal(10, page.Items.Count);
        Assert.All(page.Items, i => Assert.Null(i.Error));
        Assert.Equal(10, page.Items[0].Line);

        var first = page.Items[0].Record!.Paper;
        Assert.Equal("1501.05039", first.ArxivId);
        Assert.Equal(1, first.Version);
        Assert.Equal("Defining Data Science", first.Title);
        Assert.Equal(["Yangyong Zhu", "Yun Xiong"], first.Authors.Select(a => a.Name));
        Assert.Equal(["cs.DB", "cs.CY"], first.Categories);
        Assert.Equal(new DateTimeOffset(2015, 1, 21, 2, 41, 55, TimeSpan.Zero), first.PublishedAt);

        var second = page.Items[1].Record!.Paper;
        Assert.Equal("10.1007/s11191-014-9716-8", second.Doi);
        Assert.Equal("Science & Education, September 2014, 23(9): 1853-1873", second.JournalRef);
        Assert.Equal("physics.ed-ph", second.Categories[0]);
    }

    [Fact]
    public void Handles_old_style_ids_affiliations_and_non_arxiv_category_terms()
    {
        var papers = Parse(Fixtures.Atom).Items.Select(i => i.Record!.Paper).ToDictionary(p => p.ArxivId);
        Assert.Equal(1, papers["quant-ph/0210005"].Version);
        var physics = papers["physics/0507092"];
        Assert.Equal("physics.soc-ph", physics.Categories[0]);
        Assert.Contains(physics.Authors, a => a.Affiliation == "Bologna University and INFN");
        // MSC/ACM classes ("03B70, 68Q99", "F.4.1") are category terms too, but not arXiv categories.
        Assert.All(papers.Values.SelectMany(p => p.Categories), c => Assert.DoesNotContain(" ", c));
        Assert.All(papers.Values, p => Assert.NotEmpty(p.Categories));
        Assert.Contains(papers.Values, p => p.Comments is not null);
    }

    [Fact]
    public void Bad_entries_are_rejected_by_line_and_the_rest_parsed()
    {
        var page = Parse(Fixtures.AtomMalformed);
        Assert.Equal(10, page.Items.Count);
        var failed = page.Items.Where(i => i.Error is not null).ToList();
        Assert.Equal(2, failed.Count);
        Assert.Equal(33, failed[0].Line);
        Assert.Contains("entry without <id>", failed[0].Error);
        Assert.Equal(99, failed[1].Line);
        Assert.Contains("not an arXiv id", failed[1].Error);
    }

    [Fact]
    public void Truncated_xml_keeps_the_entries_before_the_break_and_reports_the_line()
    {
        var page = Parse(Fixtures.AtomTruncated);
        Assert.Equal(2, page.Items.Count(i => i.Record is not null));
        var last = page.Items[^1];
        Assert.Null(last.Record);
        Assert.Contains("invalid XML", last.Error);
        Assert.True(last.Line > 33, $"line {last.Line}");
    }

    [Fact]
    public void Api_error_entries_are_rejected_with_the_api_message()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <entry>
                <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
                <title>Error</title>
                <summary>incorrect id format for 1234.12345</summary>
              </entry>
            </feed>
            """;
        var page = AtomParser.ParsePage(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
        var item = Assert.Single(page.Items);
        Assert.Equal("arXiv API error: incorrect id format for 1234.12345", item.Error);
        Assert.Equal(3, item.Line);
    }

    [Fact]
    public void A_document_that_is_not_a_feed_is_rejected()
    {
        var page = AtomParser.ParsePage(new MemoryStream("<rss><channel/></rss>"u8.ToArray()));
        Assert.Contains("expected an Atom <feed>", Assert.Single(page.Items).Error);
    }
}
