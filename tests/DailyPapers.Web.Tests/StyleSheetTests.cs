namespace DailyPapers.Web.Tests;

/// <summary>
/// The style sheet is one file several features append to; a lost brace (easy in a merge) silently swallows every
/// rule after it, so the structure is checked here rather than noticed on a page.
/// </summary>
public sealed class StyleSheetTests
{
    private static string SiteCss()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir.FullName, "src", "DailyPapers.Web", "wwwroot", "css", "site.css"));
    }

    [Fact]
    public void Every_block_in_site_css_is_closed_and_at_rules_hold_only_rules()
    {
        var css = System.Text.RegularExpressions.Regex.Replace(SiteCss(), @"/\*.*?\*/", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        var depth = 0;
        var line = 1;
        var atRuleDepths = new Stack<int>();
        var pendingAt = false;
        foreach (var ch in css)
        {
            switch (ch)
            {
                case '\n': line++; break;
                case '@': pendingAt = true; break;
                case '{':
                    depth++;
                    if (pendingAt) { atRuleDepths.Push(depth); pendingAt = false; }
                    // Plain rules do not nest in this sheet: a rule opened inside a rule means a '}' went missing above.
                    else Assert.True(depth == 1 || atRuleDepths.Contains(depth - 1), $"site.css line {line}: a rule opens inside another rule (a missing '}}' above?)");
                    break;
                case '}':
                    if (atRuleDepths.Count > 0 && atRuleDepths.Peek() == depth) atRuleDepths.Pop();
                    depth--;
                    Assert.True(depth >= 0, $"site.css line {line}: '}}' without a block to close");
                    break;
                case ';': pendingAt = false; break;
            }
        }
        Assert.Equal(0, depth);
    }
}
