using DailyPapers.Community;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Community;

public sealed class BibTexTests
{
    private static Paper P(string id, string title, params string[] authors) => new()
    {
        ArxivId = id,
        Title = title,
        Abstract = "",
        PublishedAt = DateTimeOffset.Parse("2024-09-18T17:59:00Z"),
        Categories = ["cs.RO", "cs.LG"],
        Authors = authors.Select(a => new PaperAuthor(a)).ToList(),
    };

    [Theory]
    [InlineData("Ada Lovelace", "Lovelace, Ada")]
    [InlineData("Ludwig van Beethoven", "van Beethoven, Ludwig")]
    [InlineData("Jean-Paul de la Fontaine", "de la Fontaine, Jean-Paul")]
    [InlineData("Plato", "{Plato}")]
    [InlineData("Smith and Jones Lab", "{Smith and Jones Lab}")]
    [InlineData("José Ñúñez", "Ñúñez, José")]
    [InlineData("A_B C%D", @"C\%D, A\_B")]
    public void Author_names(string name, string expected) => Assert.Equal(expected, BibTex.Author(name));

    [Theory]
    [InlineData("DynaMo: In-Domain Dynamics Pretraining", "{DynaMo}: In-Domain Dynamics Pretraining")]
    [InlineData("Scaling GPT-4 to 100% & beyond", @"Scaling {GPT-4} to 100\% \& beyond")]
    [InlineData("Bounds for $O(n^2)$ sorting_with {braces}", @"Bounds for $O(n^2)$ sorting\_with \{braces\}")]
    [InlineData("A ~ B ^ C \\ D # E", @"A \textasciitilde{} B \textasciicircum{} C \textbackslash{} D \# E")]
    public void Titles_escape_and_protect(string title, string expected) => Assert.Equal(expected, BibTex.Title(title));

    [Fact]
    public void Entry_has_arxiv_fields_and_balanced_braces()
    {
        var e = BibTex.Entry(P("2409.12192", "DynaMo: In-Domain Dynamics Pretraining for Visuo-Motor Control", "Zichen Jeff Cui", "Hengkai Pan") with { Doi = "10.1000/xyz_1" });
        Assert.StartsWith("@misc{cui2024dynamo,\n", e);
        Assert.Contains("eprint        = {2409.12192}", e);
        Assert.Contains("archivePrefix = {arXiv}", e);
        Assert.Contains("primaryClass  = {cs.RO}", e);
        Assert.Contains("author        = {Cui, Zichen Jeff and Pan, Hengkai}", e);
        Assert.Contains("year          = {2024}", e);
        Assert.Contains("month         = sep", e);
        Assert.Contains("doi           = {10.1000/xyz_1}", e);
        Assert.Equal(e.Count(c => c == '{') - e.Split(@"\{").Length + 1, e.Count(c => c == '}') - e.Split(@"\}").Length + 1);
    }

    [Fact]
    public void Keys_are_unique_within_an_export()
    {
        var same = P("2409.00001", "Dynamics of things", "Ada Lovelace");
        var bib = BibTex.Export([same, same with { ArxivId = "2409.00002" }, same with { ArxivId = "2409.00003" }]);
        Assert.Contains("@misc{lovelace2024dynamics,", bib);
        Assert.Contains("@misc{lovelace2024dynamicsa,", bib);
        Assert.Contains("@misc{lovelace2024dynamicsb,", bib);
    }

    [Fact]
    public void Authors_who_hid_the_paper_from_their_profile_are_still_cited_and_keys_fold_accents()
    {
        // HF's "hidden" means "not on my profile": the person is still an author of the paper.
        var p = P("2409.00004", "Über große Modelle", "Zoë Ærø", "Hidden Person") with
        {
            Authors = [new PaperAuthor("Ærø Zoë"), new PaperAuthor("Hidden Person") { Hidden = true }],
        };
        var e = BibTex.Entry(p);
        Assert.Contains("and Person, Hidden", e);
        Assert.StartsWith("@misc{zoe2024uber,", e);
    }
}
