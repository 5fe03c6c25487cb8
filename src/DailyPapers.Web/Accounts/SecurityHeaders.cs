namespace DailyPapers.Web.Accounts;

/// <summary>
/// Headers on every response. Scripts only from our own origin (no inline script anywhere: KaTeX and site.js are
/// files). Styles: files from our origin, plus inline style *attributes* (style-src-attr), because KaTeX sets
/// heights and margins on the spans it renders; inline &lt;style&gt; elements stay blocked. Browsers without
/// CSP level 3 fall back to style-src and lay math out less precisely, which is the safe way to fail.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            // A page may ask for less (the links with tokens say no-referrer), never for more.
            h.TryAdd("Referrer-Policy", "strict-origin-when-cross-origin");
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
