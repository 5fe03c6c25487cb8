using DailyPapers.Papers;

namespace DailyPapers.Tests.Papers;

public class ArxivIdTests
{
    [Theory]
    [InlineData("2409.12192", "2409.12192", null)]
    [InlineData("2409.12192v3", "2409.12192", 3)]
    [InlineData("arXiv:2409.12192", "2409.12192", null)]
    [InlineData("arxiv:2409.12192v2", "2409.12192", 2)]
    [InlineData("  2409.12192  ", "2409.12192", null)]
    [InlineData("https://arxiv.org/abs/2409.12192v2", "2409.12192", 2)]
    [InlineData("http://arxiv.org/abs/2409.12192", "2409.12192", null)]
    [InlineData("https://arxiv.org/pdf/2409.12192v2.pdf", "2409.12192", 2)]
    [InlineData("https://arxiv.org/pdf/2409.12192v2", "2409.12192", 2)]
    [InlineData("https://www.arxiv.org/abs/2409.12192?context=cs", "2409.12192", null)]
    [InlineData("arxiv.org/abs/2409.12192", "2409.12192", null)]
    [InlineData("https://huggingface.co/papers/2409.12192", "2409.12192", null)]
    [InlineData("0704.0001", "0704.0001", null)]
    [InlineData("9999.99999", "9999.99999", null)]
    [InlineData("hep-th/9901001", "hep-th/9901001", null)]
    [InlineData("quant-ph/0210005v1", "quant-ph/0210005", 1)]
    [InlineData("math.GT/0309136", "math.GT/0309136", null)]
    [InlineData("http://arxiv.org/abs/quant-ph/0210005v1", "quant-ph/0210005", 1)]
    [InlineData("https://arxiv.org/abs/physics/0507092v1", "physics/0507092", 1)]
    [InlineData("HEP-TH/9901001", "hep-th/9901001", null)]
    // Issue 14.1: the arXiv DOI, as text and as a link; html links; HF links without a scheme.
    [InlineData("10.48550/arXiv.2409.12192", "2409.12192", null)]
    [InlineData("doi:10.48550/arXiv.2409.12192", "2409.12192", null)]
    [InlineData("https://doi.org/10.48550/arXiv.2409.12192", "2409.12192", null)]
    [InlineData("https://dx.doi.org/10.48550/ARXIV.2409.12192", "2409.12192", null)]
    [InlineData("https://arxiv.org/html/2409.12192v1", "2409.12192", 1)]
    [InlineData("https://www.huggingface.co/papers/2409.12192", "2409.12192", null)]
    public void Parses_every_pasted_form(string input, string id, int? version)
    {
        Assert.True(ArxivId.TryParse(input, out var parsed, out var error), error);
        Assert.Equal(id, parsed.Id);
        Assert.Equal(version, parsed.Version);
        Assert.Equal(id, ArxivId.Parse(input).ToString());
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("2409.123")]
    [InlineData("2409.1219234")]
    [InlineData("24091.2192")]
    [InlineData("2409_12192")]
    [InlineData("hep-th/99010")]
    [InlineData("hep-th/9913001")]
    [InlineData("https://example.com/abs/2409.12192")]
    [InlineData("2409.12192v")]
    [InlineData("DROP TABLE papers")]
    public void Rejects_garbage_naming_the_input(string input)
    {
        Assert.False(ArxivId.TryParse(input, out _, out var error));
        Assert.Contains(input, error);
        var e = Assert.Throws<FormatException>(() => ArxivId.Parse(input));
        Assert.Contains(input, e.Message);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData("2409.12192v0", "versions start at v1")]
    public void Explains_empty_input_and_version_zero(string? input, string expected)
    {
        Assert.False(ArxivId.TryParse(input, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Shortens_very_long_input_in_the_message()
    {
        var input = new string('x', 150);
        Assert.False(ArxivId.TryParse(input, out _, out var error));
        Assert.True(error.Length < 200, error);
    }

    [Theory]
    [InlineData("2409.12192v3", "2409.12192v3", "https://arxiv.org/abs/2409.12192", "https://arxiv.org/pdf/2409.12192", false)]
    [InlineData("hep-th/9901001", "hep-th/9901001", "https://arxiv.org/abs/hep-th/9901001", "https://arxiv.org/pdf/hep-th/9901001", true)]
    public void Builds_links(string input, string withVersion, string abs, string pdf, bool oldStyle)
    {
        var id = ArxivId.Parse(input);
        Assert.Equal(withVersion, id.WithVersion);
        Assert.Equal(abs, id.AbsUrl);
        Assert.Equal(pdf, id.PdfUrl);
        Assert.Equal(oldStyle, id.IsOldStyle);
    }

    [Theory]
    [InlineData("2409.12192", "2409.12192")]
    [InlineData("2501.12948 2409.12192", "2501.12948 2409.12192")]
    [InlineData("2501.12948,2409.12192v2;hep-th/9901001", "2501.12948 2409.12192 hep-th/9901001")]
    [InlineData("https://arxiv.org/abs/2501.12948\n\nhttps://huggingface.co/papers/2409.12192\n", "2501.12948 2409.12192")]
    [InlineData("arXiv: 2501.12948, arXiv: 2409.12192, 2501.12948v1", "2501.12948 2409.12192")]
    public void A_reading_list_is_every_id_in_order_issue_14(string text, string expected)
    {
        var ids = ArxivId.TryParseList(text);
        Assert.NotNull(ids);
        Assert.Equal(expected, string.Join(' ', ids.Select(i => i.Id)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pretraining")]
    [InlineData("2409.12192 pretraining")]
    [InlineData("Lerrel Pinto")]
    public void Text_that_is_not_only_ids_is_a_search_issue_14(string text) => Assert.Null(ArxivId.TryParseList(text));
}
