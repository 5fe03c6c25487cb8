using DailyPapers.Papers;

namespace DailyPapers.Tests.Papers;

public class PaperTextTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("Already clean", "Already clean")]
    [InlineData("Multimodal\n  Models", "Multimodal Models")]
    [InlineData("  leading and trailing \t", "leading and trailing")]
    [InlineData("a\r\n\r\nb", "a b")]
    [InlineData("tabs\tand\u00A0nbsp", "tabs and nbsp")]
    [InlineData("double  space", "double space")]
    public void CollapseWhitespace(string? input, string expected) =>
        Assert.Equal(expected, PaperText.CollapseWhitespace(input));

    [Fact]
    public void CollapseWhitespace_handles_text_longer_than_its_stack_buffer()
    {
        var input = string.Join("\n  ", Enumerable.Repeat("word", 2000));
        Assert.Equal(string.Join(' ', Enumerable.Repeat("word", 2000)), PaperText.CollapseWhitespace(input));
    }

    [Theory]
    // arXiv: hard wraps inside a paragraph, a new paragraph starts with a line break and indentation.
    [InlineData("  First line\nwraps here.\n  Second paragraph\nalso wraps.\n", new[] { "First line wraps here.", "Second paragraph also wraps." })]
    [InlineData("One\n\nTwo", new[] { "One", "Two" })]
    [InlineData("Single paragraph", new[] { "Single paragraph" })]
    [InlineData("", new string[0])]
    public void Paragraphs(string input, string[] expected) =>
        Assert.Equal(expected, PaperText.Paragraphs(input));

    [Fact]
    public void NormalizeAbstract_joins_paragraphs_with_a_blank_line_and_is_idempotent()
    {
        var once = PaperText.NormalizeAbstract("  We show\nthat.\n  Then we\nprove it.");
        Assert.Equal("We show that.\n\nThen we prove it.", once);
        Assert.Equal(once, PaperText.NormalizeAbstract(once));
    }

    [Theory]
    [InlineData("short text", 280, "short text")]
    [InlineData("one two three four five", 12, "one two…")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghij…")]
    [InlineData("cut, here, please", 10, "cut, here…")]
    public void Teaser(string input, int max, string expected) =>
        Assert.Equal(expected, PaperText.Teaser(input, max));
}
