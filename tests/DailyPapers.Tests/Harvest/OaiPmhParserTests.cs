using Xunit;
using DailyPapers.Ingest;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Harvest;

public class OaiPmhParserTests
{
    private static OaiPmhPage Parse(string fixture)
    {
        using var s = Fixtures.Open(fixture);
        return OaiPmhParser.ParsePage(s, fixture);
    }

    private static List<Paper> Papers(OaiPmhPage page)
    {
        Assert.All(page.Items, i => Assert.Null(i.Error));
        return page.Items.Select(i => i.Record!.Paper).ToList();
    }

    [Fact]
    public void ListRecords_hep_th_reads_all_three_records_and_their_fields()
    {
        var page = Parse("oai-pmh/oai-pmh_ListRecords_arXiv_set-physics-hep-th_2017-12-14.xml");
        var papers = Papers(page);
        Assert.Equal(["1412.8323", "1507.07790", "1607.01710"], papers.Select(p => p.ArxivId));
        Assert.Null(page.ResumptionToken);
        Assert.Null(page.ErrorCode);

        var first = papers[0];
        Assert.Equal("Toolbox for reconstructing quantum theory from rules on information acquisition", first.Title);
        Assert.Equal(["Philipp A Hoehn"], first.Authors.Select(a => a.Name));
        Assert.Equal(["quant-ph", "gr-qc", "hep-th", "math-ph", "math.MP", "physics.hist-ph"], first.Categories);
        Assert.Equal(new DateTimeOffset(2014, 12, 29, 0, 0, 0, TimeSpan.Zero), first.PublishedAt);
        Assert.Equal(new DateTimeOffset(2017, 12, 13, 0, 0, 0, TimeSpan.Zero), first.UpdatedAt);
        Assert.Equal("http://creativecommons.org/licenses/by/4.0/", first.License);
        Assert.StartsWith("We develop an operational approach", first.Abstract.TrimStart());
        Assert.Null(first.Doi);
        Assert.Null(first.Version); // the arXiv format does not say which version it describes
        Assert.StartsWith("78 pages, many figures, graphs and references. Version accepted for publication in Quantum", first.Comments);

        Assert.Equal("10.1088/1751-8121/aa9c53", papers[1].Doi);
        Assert.Equal("J. Phys. A: Math. Theor. 51 (2018) 035201", papers[1].JournalRef);
        Assert.Equal(["Luis B. Castro", "Edilberto O. Silva"], papers[1].Authors.Select(a => a.Name));
        Assert.Equal(["R. A. C. Correa", "D. M. Dantas", "P. H. R. S. Moraes", "A. de Souza Dutra", "C. A. S. Almeida"],
            papers[2].Authors.Select(a => a.Name));
    }

    [Fact]
    public void ListRecords_hep_ex_reads_report_numbers_dois_and_thirteen_authors()
    {
        var papers = Papers(Parse("oai-pmh/oai-pmh_ListRecords_arXiv_set-physics-hep-ex_2017-12-14.xml"));
        Assert.Equal(["1706.05371", "1706.09418", "1707.00874"], papers.Select(p => p.ArxivId));
        Assert.Equal("Evaluation of Silicon Photomultipliers for use as Photosensors in Liquid Xenon Detectors", papers[0].Title);
        Assert.Equal(13, papers[0].Authors.Count);
        Assert.Equal("Tyler Anderson", papers[0].Authors[0].Name);
        Assert.Equal("Mani Tripathi", papers[0].Authors[^1].Name);
        Assert.Equal("10.1140/epjc/s10052-017-5414-4", papers[1].Doi);
        Assert.Equal("R-Parity Violation at the LHC", papers[1].Title);
        Assert.Equal(["hep-ph", "astro-ph.CO", "hep-ex"], papers[2].Categories);
    }

    [Fact]
    public void GetRecord_single_reads_the_record()
    {
        var p = Assert.Single(Papers(Parse("oai-pmh/oai-pmh_GetRecord_arXiv_single.xml")));
        Assert.Equal("1401.2122", p.ArxivId);
        Assert.Equal("New integrable (3+1)-dimensional systems and contact geometry", p.Title);
        Assert.Equal(["A. Sergyeyev"], p.Authors.Select(a => a.Name));
        Assert.Equal("10.1007/s11005-017-1013-4", p.Doi);
        Assert.Equal(new DateTimeOffset(2017, 10, 23, 0, 0, 0, TimeSpan.Zero), p.UpdatedAt);
    }

    [Fact]
    public void Hepcrawl_record_without_arXiv_namespace_still_parses()
    {
        var p = Assert.Single(Papers(Parse("oai-pmh/hepcrawl_sample_arxiv_record0.xml")));
        Assert.Equal("1601.03238", p.ArxivId);
        Assert.Equal("Irreversible degradation of quantum coherence under relativistic motion", p.Title);
        Assert.Equal(["Planck Collaboration", "Jieci Wang", "Zehua Tian", "Jiliang Jing", "Heng Fan"], p.Authors.Select(a => a.Name));
        // Three DOIs listed: the paper keeps the first.
        Assert.Equal("10.1103/PhysRevD.93.016005", p.Doi);
        Assert.Equal(["quant-ph", "gr-qc", "hep-th", "chao-dyn", "nlin.CD"], p.Categories);
        Assert.Equal(p.PublishedAt, p.UpdatedAt); // no <updated>: the created date stands for both
    }

    [Fact]
    public void ArXivRaw_reads_submitter_versions_and_the_flat_author_string()
    {
        var p = Assert.Single(Papers(Parse("oai-pmh/oai-pmh_GetRecord_arXivRaw_1304.4214_2013-04-16.xml")));
        Assert.Equal("1304.4214", p.ArxivId);
        Assert.Equal("John M. Tranquada", p.Submitter);
        Assert.Equal(["Igor A. Zaliznyak", "John M. Tranquada"], p.Authors.Select(a => a.Name));
        var v = Assert.Single(p.Versions);
        Assert.Equal(new PaperVersion(1, new DateTimeOffset(2013, 4, 15, 19, 33, 21, TimeSpan.Zero), "609kb"), v);
        Assert.Equal(1, p.Version);
        Assert.Equal(v.SubmittedAt, p.PublishedAt);
        Assert.Equal("Neutron Scattering and Its Application to Strongly Correlated Systems", p.Title);
        Assert.Contains("\"Strongly Correlated Systems: Experimental Techniques\"", p.Comments);
    }

    [Fact]
    public void ArXivRaw_with_several_versions_takes_v1_as_published_and_the_last_as_updated()
    {
        var page = Parse("oai-pmh/handmade/ListRecords_arXivRaw_from-kaggle-0704.xml");
        var papers = Papers(page);
        Assert.Null(page.ResumptionToken); // an empty token element marks the last page
        Assert.Equal(2, page.CompleteListSize);
        var p = papers[0];
        Assert.Equal("0704.0001", p.ArxivId);
        Assert.Equal(2, p.Version);
        Assert.Equal([1, 2], p.Versions.Select(v => v.Version));
        Assert.Equal(new DateTimeOffset(2007, 4, 2, 19, 18, 42, TimeSpan.Zero), p.PublishedAt);
        Assert.Equal(new DateTimeOffset(2007, 7, 24, 20, 10, 27, TimeSpan.Zero), p.UpdatedAt);
        Assert.Equal(["C. Bal\\'azs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"], p.Authors.Select(a => a.Name));
        Assert.Equal("Pavel Nadolsky", p.Submitter);
        Assert.Equal("10.1103/PhysRevD.76.013009", p.Doi);
        Assert.Equal(["Ileana Streinu", "Louis Theran"], papers[1].Authors.Select(a => a.Name));
        Assert.Equal(["math.CO", "cs.CG"], papers[1].Categories);
    }

    [Fact]
    public void Paged_responses_carry_token_and_list_size_and_skip_deleted_records()
    {
        var p1 = Parse("oai-pmh/handmade/ListRecords_page1.xml");
        Assert.Equal("4711|1001", p1.ResumptionToken);
        Assert.Equal(8, p1.CompleteListSize);
        var p3 = Parse("oai-pmh/handmade/ListRecords_page3.xml");
        Assert.Null(p3.ResumptionToken);
        Assert.Equal(8, p3.CompleteListSize);
        Assert.Equal(1, p3.DeletedCount);
        Assert.Equal(["1401.2122"], Papers(p3).Select(p => p.ArxivId));
    }

    [Theory]
    [InlineData("oai-pmh/handmade/error_badResumptionToken.xml", "badResumptionToken", "invalid or expired")]
    [InlineData("oai-pmh/handmade/error_badArgument.xml", "badArgument", "Illegal date format")]
    public void Oai_errors_are_reported_on_the_page(string fixture, string code, string message)
    {
        var page = Parse(fixture);
        Assert.Empty(page.Items);
        Assert.Equal(code, page.ErrorCode);
        Assert.Contains(message, page.ErrorMessage);
    }

    [Fact]
    public void NoRecordsMatch_is_an_empty_page_not_an_error()
    {
        var page = Parse("oai-pmh/handmade/error_noRecordsMatch.xml");
        Assert.Empty(page.Items);
        Assert.Null(page.ErrorCode);
        Assert.Null(page.ResumptionToken);
        Assert.Null(page.XmlError);
    }

    [Theory]
    // The records before the break are kept; the break is reported at its line (end of file for the cut one).
    [InlineData("oai-pmh/handmade/malformed_truncated.xml", 1, 54, "malformed XML")]
    [InlineData("oai-pmh/handmade/malformed_mismatched-tag.xml", 1, 55, "malformed XML")]
    [InlineData("oai-pmh/handmade/malformed_not-oai.xml", 0, 1, "not an OAI-PMH response")]
    public void Malformed_xml_gives_a_failed_item_with_its_line(string fixture, int goodRecords, int line, string message)
    {
        var page = Parse(fixture);
        Assert.NotNull(page.XmlError);
        Assert.Contains(fixture, page.XmlError);
        Assert.Equal(goodRecords, page.Items.Count(i => i.Record is not null));
        var failed = Assert.Single(page.Items, i => i.Error is not null);
        Assert.Equal(line, failed.Line);
        Assert.Contains(message, failed.Error);
    }

    [Fact]
    public void A_record_without_title_is_rejected_with_its_identifier_and_the_rest_kept()
    {
        var xml = File.ReadAllText(Fixtures.Path("oai-pmh/oai-pmh_ListRecords_arXiv_set-physics-hep-ex_2017-12-14.xml"))
            .Replace("<title>R-Parity Violation at the LHC</title>", "");
        var page = OaiPmhParser.ParsePage(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml)), "edited");
        Assert.Null(page.XmlError);
        Assert.Equal(2, page.Items.Count(i => i.Record is not null));
        var bad = Assert.Single(page.Items, i => i.Error is not null);
        Assert.Equal("oai:arXiv.org:1706.09418: missing <title>", bad.Error);
        Assert.True(bad.Line > 1);
    }

    [Theory]
    [InlineData("Igor A. Zaliznyak and John M. Tranquada", new[] { "Igor A. Zaliznyak", "John M. Tranquada" })]
    [InlineData("C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan", new[] { "C. Bal\\'azs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan" })]
    [InlineData("A. One, B. Two, and C. Three", new[] { "A. One", "B. Two", "C. Three" })]
    [InlineData("Hongjun Pan", new[] { "Hongjun Pan" })]
    [InlineData("Alexander Andersen and\n  Bob Sand", new[] { "Alexander Andersen", "Bob Sand" })]
    [InlineData("A. S. Mishchenko (1 and 2) and N. Nagaosa (1 and 3) ((1) CREST, Japan\n  Science and Technology Agency, (2) Russian Research Centre ``Kurchatov\n  Institute'', (3) The University of Tokyo)",
        new[] { "A. S. Mishchenko", "N. Nagaosa" })]
    [InlineData("", new string[0])]
    public void SplitAuthors_splits_on_commas_and_and_outside_parentheses(string input, string[] expected) =>
        Assert.Equal(expected, OaiPmhParser.SplitAuthors(input));

    [Theory]
    [InlineData("Mon, 15 Apr 2013 19:33:21 GMT", "2013-04-15T19:33:21Z")]
    [InlineData("Mon, 2 Apr 2007 19:18:42 GMT", "2007-04-02T19:18:42Z")]
    [InlineData("Sat, 13 Dec 2008 17:26:00 GMT", "2008-12-13T17:26:00Z")]
    [InlineData("yesterday", null)]
    public void ParseRfc822_reads_arXiv_version_dates(string input, string? expected) =>
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), OaiPmhParser.ParseRfc822(input));
}
