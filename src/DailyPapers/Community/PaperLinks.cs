using System.Text.RegularExpressions;

namespace DailyPapers.Community;

/// <summary>
/// Validation and normal forms of the links an author, the submitter or an admin may set on a paper. Each returns
/// the stored value (null clears the link) or an error that says what was wrong with what.
/// </summary>
public static partial class PaperLinks
{
    /// <summary>Longest URL we store; longer ones are refused rather than cut.</summary>
    public const int MaxUrlLength = 500;

    /// <summary>
    /// A GitHub repository as <c>https://github.com/owner/repo</c>. Accepts the forms people paste (http, www., a
    /// trailing slash or .git, a deeper path such as /tree/main) and reduces them to the repository.
    /// </summary>
    public static (string? Value, string? Error) GithubRepo(string? input)
    {
        var s = input?.Trim();
        if (string.IsNullOrEmpty(s)) return (null, null);
        var m = GithubUrl().Match(s);
        if (!m.Success)
            return (null, $"GitHub repository \"{Short(s)}\" is not a link of the form https://github.com/owner/repo");
        var owner = m.Groups["owner"].Value;
        var repo = m.Groups["repo"].Value;
        if (repo.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) repo = repo[..^4];
        if (repo is "" or "." or "..")
            return (null, $"GitHub repository \"{Short(s)}\" names no repository: use a link of the form https://github.com/owner/repo");
        return ($"https://github.com/{owner}/{repo}", null);
    }

    /// <summary>A project page: an absolute http(s) URL without credentials.</summary>
    public static (string? Value, string? Error) ProjectPage(string? input)
    {
        var s = input?.Trim();
        if (string.IsNullOrEmpty(s)) return (null, null);
        if (s.Length > MaxUrlLength) return (null, $"project page link is longer than {MaxUrlLength} characters");
        if (!Uri.TryCreate(s, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host) || s.Any(char.IsWhiteSpace))
            return (null, $"project page \"{Short(s)}\" is not an http:// or https:// link");
        if (uri.UserInfo.Length > 0) return (null, $"project page \"{Short(s)}\" must not carry a user name or password");
        return (uri.AbsoluteUri, null);
    }

    /// <summary>An organisation name as HF writes them (letters, digits, '-', '_', '.'), or null to clear.</summary>
    public static (string? Value, string? Error) OrganizationName(string? input)
    {
        var s = input?.Trim();
        if (string.IsNullOrEmpty(s)) return (null, null);
        if (!OrgName().IsMatch(s))
            return (null, $"organisation \"{Short(s)}\" is not a valid name (letters, digits, '-', '_' and '.', at most 96 characters)");
        return (s, null);
    }

    private static string Short(string s) => s.Length > 80 ? s[..80] + "…" : s;

    // GitHub: owners are 1-39 letters, digits or single hyphens; repositories letters, digits, '.', '_' and '-'.
    [GeneratedRegex(@"^(?:https?://)?(?:www\.)?github\.com/(?<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?<repo>[A-Za-z0-9._-]{1,100})(?:[/?#].*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex GithubUrl();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")]
    private static partial Regex OrgName();
}
