using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace DailyPapers.Web.Accounts;

/// <summary>
/// Trusted reverse proxies ("DailyPapers:ForwardedHeaders" section). X-Forwarded-For, -Proto and -Host are honoured
/// only from a peer that is loopback (a proxy on the same machine) or listed here; from anyone else they are
/// ignored, so a client cannot pick the address its rate limits are counted under.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Addresses of the proxies in front of the site, e.g. "10.0.0.2". Items may also be comma-separated.</summary>
    public List<string> KnownProxies { get; set; } = [];
    /// <summary>Networks of proxies in CIDR form, e.g. "10.0.0.0/24" (a load balancer pool).</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>Forwarded headers, HSTS and the cookies' Secure flag for a site behind a reverse proxy.</summary>
public static class ProxySetup
{
    /// <summary>How long browsers remember to use HTTPS only; a year is what the HSTS preload list asks for.</summary>
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    /// <summary>Whether the configured public URL is https: then HSTS is sent and cookies are always Secure.</summary>
    public static bool PublicUrlIsHttps(DailyPapersOptions options) =>
        Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps;

    /// <summary>
    /// For the sign-in cookies: always Secure when the public URL is https (even if a proxy forgets
    /// X-Forwarded-Proto); otherwise Secure whenever the request — after forwarded headers — was HTTPS.
    /// </summary>
    public static CookieSecurePolicy CookiePolicy(DailyPapersOptions options) =>
        PublicUrlIsHttps(options) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    /// <summary>Forwarded headers from the trusted proxies (entries were checked at start-up: DailyPapersOptionsValidator).</summary>
    public static IServiceCollection AddProxySupport(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<DailyPapersOptions>((o, options) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // No fixed hop count: walk X-Forwarded-For from the right while the hop that added an entry is trusted,
            // and stop at the first untrusted one. A chain (CDN → nginx) then works once both are listed, and a
            // client's own made-up entries (left of the real ones) are never reached.
            o.ForwardLimit = null;
            // The defaults (127.0.0.0/8 and ::1) stay: a proxy on the same machine is trusted without settings.
            o.KnownIPNetworks.Add(new System.Net.IPNetwork(IPAddress.Loopback, 8));
            o.KnownProxies.Add(IPAddress.IPv6Loopback);
            foreach (var p in DailyPapersOptionsValidator.ProxyEntries(options.ForwardedHeaders.KnownProxies))
                if (IPAddress.TryParse(p, out var ip)) o.KnownProxies.Add(ip);
            foreach (var n in DailyPapersOptionsValidator.ProxyEntries(options.ForwardedHeaders.KnownNetworks))
                if (System.Net.IPNetwork.TryParse(n, out var net)) o.KnownIPNetworks.Add(net);
            // A forwarded Host must still be one of ours (host filtering only saw the proxy's Host).
            if (Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var pub)) o.AllowedHosts.Add(pub.IsDefaultPort ? pub.Host : pub.Authority);
        });
        // Only sent when PublicUrl is https (UseProxySupport).
        services.AddHsts(o =>
        {
            o.MaxAge = HstsMaxAge;
            // Other names under the operator's domain may not be on HTTPS; that is theirs to decide.
            o.IncludeSubDomains = false;
        });
        return services;
    }

    /// <summary>First in the pipeline, so every later step (rate limits, Secure cookies, HSTS, logs) sees the real client.</summary>
    public static WebApplication UseProxySupport(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!PublicUrlIsHttps(app.Services.GetRequiredService<DailyPapersOptions>())) return app;
        // Only adds the header to HTTPS requests (as the forwarded proto says), never on plain HTTP.
        app.UseHsts();
        // Plain HTTP from outside on an https site means a proxy that is not trusted or sends no X-Forwarded-Proto:
        // say so once, since every cookie it then gets is Secure and forms lose their antiforgery cookie.
        var warned = 0;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Proxy");
        app.Use((context, next) =>
        {
            if (!context.Request.IsHttps && context.Connection.RemoteIpAddress is { } peer && !IPAddress.IsLoopback(peer)
                && Interlocked.Exchange(ref warned, 1) == 0)
                log.LogWarning("proxy: a plain-HTTP request from {Peer} although PublicUrl is https: list the proxy in " +
                    "DailyPapers:ForwardedHeaders:KnownProxies (or KnownNetworks) and make it send X-Forwarded-Proto", peer);
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// The key a client's per-address limits are counted under: its IPv4 address, or the /64 of an IPv6 address
    /// (one subscriber usually gets a whole /64, so counting single addresses would give them billions of budgets).
    /// </summary>
    public static string ClientAddressKey(IPAddress? address)
    {
        if (address is null) return "ip:none";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return "ip:" + address;
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return "ip:" + new IPAddress(bytes) + "/64";
    }

}
