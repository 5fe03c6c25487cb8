using DailyPapers.Ingest;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Ingest;

public class KaggleSnapshotParserTests
{
    [Fact]
    public void Parses_the_200_line_head()
    {
        var lines = File.ReadAllLines(Fixtures.Get(Fixtures.Kaggle));
        var items = lines.Select((l, i) => KaggleSnapshotParser.ParseLine(i + 1, l)).ToList();
        Assert.Equal(200, items.Count);
        Assert.All(items, i => Assert.Null(i.Error));
        Assert.Equal(200, items.Select(i => i.Record!.Paper.ArxivId).Distinct().Count());
        Assert.All(items, i => Assert.Null(i.Record!.Entry));

        var p = items[0].Record!.Paper;
        Assert.Equal("0704.0001", p.ArxivId);
        Assert.Equal(2, p.Version);
        Assert.Equal(new DateTimeOffset(2007, 4, 2, 19, 18, 42, TimeSpan.Zero), p.PublishedAt);
        Assert.Equal(new DateTimeOffset(2007, 7, 24, 20, 10, 27, TimeSpan.Zero), p.UpdatedAt);
        Assert.Equal([1, 2], p.Versions.Select(v => v.Version));
        Assert.Equal(["hep-ph"], p.Categories);
        Assert.Equal("10.1103/PhysRevD.76.013009", p.Doi);
        Assert.Equal("Phys.Rev.D76:013009,2007", p.JournalRef);
        Assert.Equal("37 pages, 15 figures; published version", p.Comments);
        Assert.Equal("Pavel Nadolsky", p.Submitter);
        Assert.Null(p.License);
        Assert.Equal(["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"], p.Authors.Select(a => a.Name));
        Assert.StartsWith("Calculation of prompt diphoton", p.Title);

        var second = items[1].Record!.Paper;
        Assert.Equal(["math.CO", "cs.CG"], second.Categories);
        Assert.Equal("http://arxiv.org/licenses/nonexclusive-distrib/1.0/", second.License);
    }

    [Fact]
    public void Takes_affiliations_and_unicode_names_from_authors_parsed()
    {
        var lines = File.ReadAllLines(Fixtures.Get(Fixtures.Kaggle));
        var byId = lines.Select((l, i) => KaggleSnapshotParser.ParseLine(i + 1, l).Record!.Paper).ToDictionary(p => p.ArxivId);
        Assert.Contains("Rastislav Šrámek", byId["0704.0062"].Authors.Select(a => a.Name));
        Assert.Contains("Mikkel Øbro", byId["0704.0049"].Authors.Select(a => a.Name));
        var brommer = byId["0704.0163"].Authors[0];
        Assert.Equal("Peter Brommer", brommer.Name);
        Assert.Equal("Institut für Theoretische und Angewandte Physik, Universität Stuttgart", brommer.Affiliation);
    }

    [Theory]
    [InlineData("""{"id":"hep-th/9901001","title":"T","abstract":"A","versions":[{"version":"v1","created":"Fri, 1 Jan 1999 00:00:00 GMT"}],"authors_parsed":[["G\\\"odel","Kurt",""],["Smith","John","Jr"]]}""",
        "hep-th/9901001", "Kurt Gödel|John Smith Jr")]
    [InlineData("""{"id":"2409.12192","title":"T","abstract":"A","authors":"Ana Mu\\~noz and B. Two"}""",
        "2409.12192", "Ana Muñoz|B. Two")]
    public void Maps_old_style_ids_and_latex_names(string json, string id, string authors)
    {
        var item = KaggleSnapshotParser.ParseLine(1, json);
        Assert.Null(item.Error);
        Assert.Equal(id, item.Record!.Paper.ArxivId);
        Assert.Equal(authors, string.Join('|', item.Record.Paper.Authors.Select(a => a.Name)));
    }

    [Theory]
    [InlineData("""{"title":"T","abstract":"A"}""", "missing \"id\"")]
    [InlineData("""{"id":"garbage","title":"T","abstract":"A"}""", "invalid \"id\": not an arXiv id: \"garbage\"")]
    [InlineData("""{"id":"0704.0001","title":null,"abstract":"A"}""", "0704.0001: missing \"title\"")]
    [InlineData("""{"id":"0704.0001","title":"T","abstract":"  "}""", "0704.0001: missing \"abstract\"")]
    [InlineData("""{"id":"0704.0001","title":"T","abstract":"A","versions":[{"version":"one"}]}""", "invalid version \"one\"")]
    [InlineData("""{"id":"0704.0001","title":"T","abstract":"A","versions":[{"version":"v1","created":"yesterday"}]}""", "\"created\" is not a date: \"yesterday\"")]
    [InlineData("""{"id":"0704.0001","title":""", "invalid JSON")]
    [InlineData("""[1,2]""", "not a JSON object")]
    public void Rejects_bad_lines_with_a_reason(string json, string reason)
    {
        var item = KaggleSnapshotParser.ParseLine(42, json);
        Assert.Null(item.Record);
        Assert.Equal(42, item.Line);
        Assert.Contains(reason, item.Error);
    }
}
