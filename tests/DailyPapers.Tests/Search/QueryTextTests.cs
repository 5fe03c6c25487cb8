using Xunit;
using DailyPapers.Search;

namespace DailyPapers.Tests.Search;

public class QueryTextTests
{
    [Theory]
    [InlineData("pretraining", "w:pretraining")]
    [InlineData("  two  words ", "w:two w:words")]
    [InlineData("\"masked language\" model", "p:masked language w:model")]
    [InlineData("diffusion -video", "w:diffusion -w:video")]
    [InlineData("robots -\"sim to real\"", "w:robots -p:sim to real")]
    [InlineData("pre-training", "w:pre-training")]
    [InlineData("\"unclosed phrase", "w:unclosed w:phrase")]
    [InlineData("\"(((", "w:(((")]
    [InlineData("title:", "w:title:")]
    [InlineData("- lonely dash", "w:- w:lonely w:dash")]
    [InlineData("“curly quotes”", "p:curly quotes")]
    [InlineData("", "")]
    public void Splits_words_phrases_and_exclusions(string text, string expected)
    {
        var parts = QueryText.Split(text).Select(p => (p.Excluded ? "-" : "") + (p.Phrase ? "p:" : "w:") + p.Text);
        Assert.Equal(expected, string.Join(' ', parts));
    }

    [Fact]
    public void Long_input_is_cut() =>
        Assert.True(QueryText.Split(new string('a', 2000)).Single().Text.Length <= QueryText.MaxChars);
}
