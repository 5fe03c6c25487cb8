using System.Diagnostics.CodeAnalysis;

namespace DailyPapers.Papers;

/// <summary>
/// Links that came from elsewhere (imports, older rows) and end up in an <c>href</c>: only absolute http(s) URLs with
/// a host. <c>javascript:alert(1)</c>, <c>data:…</c> and relative or protocol-relative values are not links.
/// </summary>
public static class WebLink
{
    public static bool IsHttp([NotNullWhen(true)] string? url) =>
        !string.IsNullOrEmpty(url)
        && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        && !url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) // browsers strip tabs and newlines out of URLs
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0;

    /// <summary>The value when it is an http(s) link, else null: an import drops the field rather than the paper.</summary>
    public static string? HttpOrNull(string? url) => IsHttp(url) ? url : null;
}
