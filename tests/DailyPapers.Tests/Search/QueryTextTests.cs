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

    [Theory]
    [InlineData("author:\"Lerrel Pinto\" robot", "author:p:Lerrel Pinto w:robot")]
    [InlineData("AUTHOR:Pinto", "author:w:Pinto")]
    [InlineData("title:diffusion org:google", "title:w:diffusion org:w:google")]
    [InlineData("-author:\"L. Pinto\"", "-author:p:L. Pinto")]
    [InlineData("title: spaced", "w:title: w:spaced")]
    [InlineData("subtitle:x", "w:subtitle:x")]
    public void Fields_are_read_before_words_and_phrases_issue_14(string text, string expected)
    {
        var parts = QueryText.Split(text).Select(p => (p.Excluded ? "-" : "") + (p.Field is { } f ? f + ":" : "") + (p.Phrase ? "p:" : "w:") + p.Text);
        Assert.Equal(expected, string.Join(' ', parts));
    }

    [Theory]
    [InlineData("Lerrel Pinto", "n:lerrel pinto")]
    [InlineData("L. Pinto", "i:l pinto")]
    [InlineData("Pinto, Lerrel", "n:lerrel pinto")]
    [InlineData("Pinto, L.", "i:l pinto")]
    [InlineData("ANDRÉ Susano PINTO", "n:andre susano pinto n:andre pinto")]
    [InlineData("Pinto", "l:pinto")]
    [InlineData("Łukasz Kaiser", "n:lukasz kaiser")]
    public void Author_names_fold_to_the_keys_the_index_holds_issue_14(string name, string expected) =>
        Assert.Equal(expected, string.Join(' ', AuthorNames.QueryKeys(name)));

    [Fact]
    public void An_author_is_indexed_under_every_key_a_reader_may_ask_for_issue_14()
    {
        var keys = AuthorNames.IndexKeys("André Susano Pinto").ToList();
        foreach (var asked in new[] { "Andre Susano Pinto", "André Pinto", "A. Pinto", "Pinto, André", "pinto" })
            Assert.Contains(AuthorNames.QueryKeys(asked)[0], keys);
    }

    [Theory]
    [InlineData("Lerrel Pinto", true)]
    [InlineData("Pinto, Lerrel", true)]
    [InlineData("L. Pinto", true)]
    [InlineData("pretraining", false)]
    [InlineData("\"chain of thought\" reasoning", false)]
    [InlineData("author:Pinto x", false)]
    [InlineData("gpt-4 scaling laws", false)]
    public void Only_name_shaped_text_is_looked_up_as_a_name(string text, bool expected) =>
        Assert.Equal(expected, AuthorNames.LooksLikeName(text));

    [Fact]
    public void Long_input_is_cut() =>
        Assert.True(QueryText.Split(new string('a', 2000)).Single().Text.Length <= QueryText.MaxChars);
}
