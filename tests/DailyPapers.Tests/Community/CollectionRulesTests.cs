using DailyPapers.Community;

namespace DailyPapers.Tests.Community;

public sealed class CollectionRulesTests
{
    [Theory]
    [InlineData("Reading list", "reading-list")]
    [InlineData("  Über LLMs & RL!  ", "uber-llms-rl")]
    [InlineData("GPT-4o -- evals", "gpt-4o-evals")]
    [InlineData("大型语言模型", "collection")]
    [InlineData("---", "collection")]
    public void Slugs(string title, string expected) => Assert.Equal(expected, CollectionRules.Slug(title));

    [Fact]
    public void Slugs_are_cut_at_the_limit_without_a_trailing_hyphen()
    {
        var slug = CollectionRules.Slug(string.Join(' ', Enumerable.Repeat("abcdefghi", 20)));
        Assert.True(slug.Length <= CollectionRules.SlugMaxChars, slug);
        Assert.False(slug.EndsWith('-'));
        Assert.True(CollectionRules.IsSlug(slug));
    }

    [Theory]
    [InlineData("  My\tlist \n ", "My list", null)]
    [InlineData("", null, "Give the collection a title.")]
    [InlineData("   ", null, "Give the collection a title.")]
    public void Titles(string raw, string? expected, string? problem)
    {
        Assert.Equal(expected, CollectionRules.Title(raw, out var why));
        Assert.Equal(problem, why);
    }

    [Fact]
    public void Limits_say_the_length_and_the_limit()
    {
        Assert.Null(CollectionRules.Title(new string('x', 101), out var why));
        Assert.Equal("The title is 101 characters long; the limit is 100.", why);
        Assert.NotNull(CollectionRules.Title(new string('x', 100), out _));
        Assert.Null(CollectionRules.Note(new string('n', 1001), out why));
        Assert.Equal("The note is 1001 characters long; the limit is 1000.", why);
        Assert.Equal("line 1\nline 2", CollectionRules.Note(" line 1\r\nline 2 ", out _));
    }

    [Theory]
    [InlineData("reading-list", true)]
    [InlineData("Reading-list", false)]
    [InlineData("a.bib", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void What_routes_accept_as_a_slug(string? s, bool ok) => Assert.Equal(ok, CollectionRules.IsSlug(s));
}
