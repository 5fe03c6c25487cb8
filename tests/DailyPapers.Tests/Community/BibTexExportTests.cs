using System.Text;
using DailyPapers.Community;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Community;

/// <summary>
/// Collection exports read back the way BibTeX reads them: every brace counts (escaped or not), entries are
/// @type{key, field = {value}, …}, keys are unique, and the arXiv fields are there.
/// </summary>
public sealed class BibTexExportTests
{
    private static Paper P(string id, string title, string author, string year = "2024", params string[] categories) => new()
    {
        ArxivId = id,
        Title = title,
        Abstract = "",
        PublishedAt = DateTimeOffset.Parse($"{year}-03-01T00:00:00Z"),
        Categories = categories.Length > 0 ? categories : ["cs.CL"],
        Authors = [new PaperAuthor(author), new PaperAuthor("Second Author")],
    };

    /// <summary>A minimal BibTeX reader: entries with their key and fields; throws on anything BibTeX would reject.</summary>
    public static List<(string Type, string Key, Dictionary<string, string> Fields)> Parse(string bib)
    {
        var entries = new List<(string, string, Dictionary<string, string>)>();
        var i = 0;
        while ((i = bib.IndexOf('@', i)) >= 0)
        {
            var open = bib.IndexOf('{', i);
            var type = bib[(i + 1)..open];
            Assert.Matches("^[a-z]+$", type);
            var comma = bib.IndexOf(',', open);
            var key = bib[(open + 1)..comma].Trim();
            Assert.Matches("^[a-z0-9]+$", key);
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            i = comma + 1;
            while (true)
            {
                while (char.IsWhiteSpace(bib[i])) i++;
                if (bib[i] == '}') { i++; break; }
                var eq = bib.IndexOf('=', i);
                var name = bib[i..eq].Trim();
                Assert.Matches("^[A-Za-z]+$", name);
                i = eq + 1;
                while (char.IsWhiteSpace(bib[i])) i++;
                string value;
                if (bib[i] == '{')
                {
                    var depth = 0;
                    var start = i;
                    do
                    {
                        if (bib[i] == '{') depth++;
                        else if (bib[i] == '}') depth--;
                        i++;
                        Assert.True(i <= bib.Length, $"unbalanced braces in {name} of {key}");
                    } while (depth > 0);
                    value = bib[(start + 1)..(i - 1)];
                }
                else
                {
                    var start = i;
                    while (char.IsLetterOrDigit(bib[i])) i++;
                    value = bib[start..i];
                    Assert.True(value.Length > 0, $"empty macro value in {name} of {key}");
                }
                Assert.True(fields.TryAdd(name, value), $"field {name} twice in {key}");
                while (char.IsWhiteSpace(bib[i])) i++;
                if (bib[i] == ',') i++;
            }
            entries.Add((type, key, fields));
        }
        return entries;
    }

    [Fact]
    public void A_collection_exports_valid_entries_with_unique_keys_and_arxiv_fields()
    {
        Paper[] papers =
        [
            P("2401.00001", "Scaling laws", "Ada Lovelace"),
            P("2401.00002", "Scaling laws revisited", "Ada Lovelace"),
            P("2401.00003", "Scaling laws again", "Ada Lovelace"),
            P("2402.00004", "Costs of 100% & $5 # tags_x {set} ~ ^ \\ done", "Zoë Ærø-Núñez", "2024", "stat.ML", "cs.LG"),
            P("2402.00005", "An unbalanced { brace and a stray } one }", "Björk Guðmundsdóttir"),
            P("2402.00006", "Math $a_{i}^{2} % 100$ and $\\{x\\}$", "Li Wei"),
            P("hep-th/9901001", "Old style ids", "Ed Witten", "1999", "hep-th"),
        ];
        var bib = BibTex.Export(papers);
        var entries = Parse(bib);
        Assert.Equal(papers.Length, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.Key).Distinct().Count());
        Assert.Equal(["lovelace2024scaling", "lovelace2024scalinga", "lovelace2024scalingb"], entries.Take(3).Select(e => e.Key));
        for (var n = 0; n < papers.Length; n++)
        {
            var f = entries[n].Fields;
            Assert.Equal("misc", entries[n].Type);
            Assert.Equal(papers[n].ArxivId, f["eprint"]);
            Assert.Equal("arXiv", f["archivePrefix"]);
            Assert.Equal(papers[n].Categories[0], f["primaryClass"]);
            Assert.Equal("https://arxiv.org/abs/" + papers[n].ArxivId, f["url"]);
        }
        var special = entries[3].Fields;
        Assert.Equal(@"Costs of 100\% \& \$5 \# tags\_x \{set\} \textasciitilde{} \textasciicircum{} \textbackslash{} done", special["title"]);
        Assert.Equal("Ærø-Núñez, Zoë and Author, Second", special["author"]); // UTF-8 kept: biblatex and modern BibTeX read it
        Assert.Equal(@"An unbalanced \textbraceleft{} brace and a stray \textbraceright{} one \textbraceright{}", entries[4].Fields["title"]);
        Assert.Equal(@"Math $a_{i}^{2} \% 100$ and $\{x\}$", entries[5].Fields["title"]);
        Assert.True(Encoding.UTF8.GetByteCount(bib) > bib.Length); // non-ASCII stays as UTF-8, not mangled
    }

    [Theory]
    [InlineData("a{b}c", true)]
    [InlineData("}{", false)]
    [InlineData("{{}", false)]
    [InlineData("", true)]
    public void Brace_balance(string s, bool balanced) => Assert.Equal(balanced, BibTex.BracesBalanced(s));

    [Fact]
    public void Unbalanced_dollar_signs_are_escaped_as_text()
    {
        var e = BibTex.Entry(P("2403.00001", "From $5 to $10 {", "Ada Lovelace"));
        Assert.Single(Parse(e));
    }
}
