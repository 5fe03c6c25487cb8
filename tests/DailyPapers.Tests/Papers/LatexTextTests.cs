using DailyPapers.Papers;

namespace DailyPapers.Tests.Papers;

public class LatexTextTests
{
    [Theory]
    [InlineData("Bal\\'azs", "Balázs")]
    [InlineData("G\\\"odel", "Gödel")]
    [InlineData("Mu\\~noz", "Muñoz")]
    [InlineData("Fran\\c{c}ois", "François")]
    [InlineData("Fran\\c cois", "François")]
    [InlineData("{\\o}bro", "øbro")]
    [InlineData("Bj\\o rn", "Bjørn")]
    [InlineData("\\O stergaard", "Østergaard")]
    [InlineData("\\v{S}r\\'amek", "Šrámek")]
    [InlineData("Vina\\v{r}", "Vinař")]
    [InlineData("Tom\\`as", "Tomàs")]
    [InlineData("Erd\\H{o}s", "Erdős")]
    [InlineData("Pawe\\l{} Nowak", "Paweł Nowak")]
    [InlineData("Stra\\ss e", "Straße")]
    [InlineData("{\\'E}mile", "Émile")]
    [InlineData("\\'{E}mile", "Émile")]
    [InlineData("Mart\\'{\\i}nez", "Martínez")]
    [InlineData("Mart\\'\\i nez", "Martínez")]
    [InlineData("{\\AA}ngstr{\\\"o}m", "Ångström")]
    [InlineData("{M}\\\"{u}ller", "Müller")]
    [InlineData("Ho\\^ang", "Hoâng")]
    [InlineData("\\=a\\.z\\k{e}\\r{u}\\u{g}", "āżęůğ")]
    [InlineData("Smith \\& Sons", "Smith & Sons")]
    [InlineData("no macros here", "no macros here")]
    [InlineData("Bal\u00e1zs", "Balázs")]
    [InlineData("", "")]
    public void Turns_accent_macros_into_unicode(string input, string expected) =>
        Assert.Equal(expected, LatexText.ToUnicode(input));

    [Fact]
    public void Letters_without_a_precomposed_form_get_a_combining_accent() =>
        Assert.Equal("q\u0301", LatexText.ToUnicode("\\'q"));

    [Fact]
    public void Unknown_macros_and_letter_accents_without_argument_are_kept() =>
        // "\url" must not read as a breve accent on "rl".
        Assert.Equal("\\url x \\foo", LatexText.ToUnicode("\\url x \\foo"));
}
