using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HostFiltering;

namespace DailyPapers.Web;

/// <summary>
/// The site's public base URL, the one root of every absolute link the site writes: account and digest mails, feeds,
/// API paging links, collection exports, Markdown. It comes only from configuration — <c>DailyPapers:PublicUrl</c>, or
/// on the embedded default the loopback address the site listens on — never from a request's Host header, which an
/// attacker chooses (a forged Host on "forgot password" would otherwise mail the victim a link to the attacker's site).
/// </summary>
public sealed class SiteUrl
{
    private volatile string _base;

    private SiteUrl(string @base, bool fromListenAddress)
    {
        _base = @base;
        FromListenAddress = fromListenAddress;
    }

    /// <summary>Scheme, host, port and path base, without a trailing slash: <c>https://papers.example.org</c>.</summary>
    public string Base => _base;

    /// <summary>True when PublicUrl is unset and links use the address this node listens on.</summary>
    public bool FromListenAddress { get; }

    /// <summary>An absolute link: <paramref name="path"/> starts with '/' (or is empty for the site's root).</summary>
    public string Link(string path) => _base + path;

    /// <summary>A fixed URL (tests, verbs that know it).</summary>
    public static SiteUrl Fixed(string url) => new(url.TrimEnd('/'), false);

    /// <summary>
    /// Resolves the base from configuration: PublicUrl when set (it must be an absolute http(s) URL), else the first
    /// listen URL when it names one host. A wildcard listen address (0.0.0.0, *, +, [::]) names no host people can use,
    /// so outside Development it needs PublicUrl. Throws <see cref="StartupException"/> with the setting to change.
    /// </summary>
    public static SiteUrl Resolve(string? publicUrl, string listenUrls, bool development)
    {
        if (!string.IsNullOrWhiteSpace(publicUrl))
        {
            if (!Uri.TryCreate(publicUrl.Trim(), UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(u.Query) || !string.IsNullOrEmpty(u.Fragment))
                throw new StartupException($"DailyPapers:PublicUrl must be an absolute http or https URL without query, such as https://papers.example.org (it is \"{publicUrl}\")");
            return new SiteUrl(u.GetLeftPart(UriPartial.Path).TrimEnd('/'), false);
        }
        var first = listenUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:5000";
        var (scheme, host, port) = SplitListenUrl(first);
        if (host is "*" or "+" or "0.0.0.0" or "[::]" or "::")
        {
            if (!development)
                throw new StartupException($"DailyPapers:PublicUrl is not set and the site listens on every address ({first}): set it to the URL people open, " +
                    "e.g. --DailyPapers:PublicUrl=https://papers.example.org (links in mails are never built from a request's Host header)");
            host = "localhost";
        }
        return new SiteUrl($"{scheme}://{host}{(port is null ? "" : ":" + port)}", true);
    }

    /// <summary>
    /// With a listen port of 0 (tests) the real port is known only once the server runs: take it from the server's
    /// own addresses (still configuration, never a request). Without a bound address (in-memory test server): localhost.
    /// </summary>
    internal void UseBoundAddress(IServer server)
    {
        if (!FromListenAddress || !_base.EndsWith(":0", StringComparison.Ordinal)) return;
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => !a.TrimEnd('/').EndsWith(":0", StringComparison.Ordinal));
        _base = bound is null ? _base[.._base.LastIndexOf("://", StringComparison.Ordinal)] + "://localhost" : bound.TrimEnd('/');
    }

    private static (string Scheme, string Host, string? Port) SplitListenUrl(string url)
    {
        var sep = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = sep > 0 ? url[..sep].ToLowerInvariant() : "http";
        var rest = sep > 0 ? url[(sep + 3)..] : url;
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        var colon = rest.LastIndexOf(':');
        return colon > 0 && !rest.EndsWith(']') ? (scheme, rest[..colon], rest[(colon + 1)..]) : (scheme, rest, null);
    }

    /// <summary>
    /// With PublicUrl set and no AllowedHosts configured, answer only to PublicUrl's host (and loopback names, so a local
    /// health check still works): requests with a forged Host get 400 before any page runs.
    /// </summary>
    internal static void RestrictHosts(IServiceCollection services, IConfiguration config)
    {
        if (!string.IsNullOrWhiteSpace(config["AllowedHosts"])) return;
        services.AddOptions<HostFilteringOptions>().PostConfigure<SiteUrl>((o, site) =>
        {
            if (!site.FromListenAddress) o.AllowedHosts = [new Uri(site.Base).Host, "localhost", "127.0.0.1", "[::1]"];
        });
    }
}

public static class SiteUrlExtensions
{
    /// <summary>The configured base URL (<see cref="SiteUrl.Base"/>) for absolute links in a response.</summary>
    public static string SiteBase(this HttpContext http) => http.RequestServices.GetRequiredService<SiteUrl>().Base;
}

/// <summary>A configuration or environment problem that stops start-up; its message is the one line the operator reads.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
