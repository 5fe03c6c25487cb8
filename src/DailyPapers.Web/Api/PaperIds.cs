using System.Text.RegularExpressions;

namespace DailyPapers.Web.Api;

public static partial class PaperIds
{
    [GeneratedRegex(@"^\d{4}\.\d{4,5}(v\d{1,3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex NewStyleShape();

    /// <summary>
    /// ArxivId.TryParse rejects ids with an impossible month (9999.99999). To a user such an id is well formed but
    /// names no paper, so pages and the API answer 404 for it rather than 400 (issue 2's acceptance list).
    /// </summary>
    public static bool IsIdShaped(string? s) => s is not null && NewStyleShape().IsMatch(s.Trim());
}
