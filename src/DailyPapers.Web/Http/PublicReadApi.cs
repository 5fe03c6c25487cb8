using Microsoft.Extensions.Primitives;

namespace DailyPapers.Web.Http;

/// <summary>
/// What the read API shares with other sites and clients, as huggingface.co does: cross-origin reads from any
/// origin, and HEAD wherever GET is mapped.
/// </summary>
public static class PublicReadApi
{
    public const string CorsPolicy = "public-read";

    /// <summary>
    /// Any origin may read, but only anonymously: no cookies (no Access-Control-Allow-Credentials, which "*" rules
    /// out anyway) and no Authorization header in a preflight, so another site's script can never act as one of
    /// our users, only see what everyone sees. Link carries the next page of /api/papers.
    /// </summary>
    public static IServiceCollection AddPublicReadApi(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Head)
            .WithHeaders("Accept", "Accept-Language", "Content-Language", "Cache-Control", "If-None-Match", "If-Modified-Since")
            .WithExposedHeaders("Link", "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));

    /// <summary>
    /// Before <c>UseRouting</c>: the CORS middleware answers preflights itself, and the GET endpoints would answer
    /// an OPTIONS request with 405. Writes (POST, PATCH, DELETE) never get CORS headers.
    /// </summary>
    public static IApplicationBuilder UsePublicReadApi(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api") && IsRead(c.Request), api => api.UseCors(CorsPolicy));

    private static bool IsRead(HttpRequest r) =>
        HttpMethods.IsGet(r.Method) || HttpMethods.IsHead(r.Method)
        || (HttpMethods.IsOptions(r.Method) && r.Headers.AccessControlRequestMethod is var m && (m == HttpMethods.Get || m == HttpMethods.Head || StringValues.IsNullOrEmpty(m)));

    /// <summary>
    /// After the route table: every endpoint mapped for GET alone answers HEAD as well (the server sends the
    /// headers and drops the body). Minimal API's MapGet maps GET only, so HEAD was a 405; pages already answer it.
    /// </summary>
    public static void AnswerHeadLikeGet(this IEndpointRouteBuilder routes)
    {
        var sources = routes.DataSources.ToList();
        routes.DataSources.Clear();
        foreach (var s in sources) routes.DataSources.Add(new HeadLikeGetDataSource(s));
    }

    private sealed class HeadLikeGetDataSource(EndpointDataSource inner) : EndpointDataSource
    {
        // One object, swapped whole, so a reader on another thread never pairs one list with another's widening.
        private sealed record Cache(IReadOnlyList<Endpoint> Source, IReadOnlyList<Endpoint> Widened);
        private volatile Cache? _cache;

        public override IReadOnlyList<Endpoint> Endpoints
        {
            get
            {
                var current = inner.Endpoints;
                var cache = _cache;
                if (cache is null || !ReferenceEquals(cache.Source, current)) _cache = cache = new Cache(current, Widen(current));
                return cache.Widened;
            }
        }

        public override IReadOnlyList<Endpoint> GetGroupedEndpoints(RouteGroupContext context) => Widen(inner.GetGroupedEndpoints(context));

        public override IChangeToken GetChangeToken() => inner.GetChangeToken();

        private static IReadOnlyList<Endpoint> Widen(IReadOnlyList<Endpoint> endpoints) => endpoints.Select(Widen).ToList();

        private static Endpoint Widen(Endpoint e)
        {
            if (e is not RouteEndpoint { RequestDelegate: { } run } route
                || e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { HttpMethods: [var only] } methods
                || !HttpMethods.IsGet(only))
                return e;
            var metadata = e.Metadata.Select(m => m == methods ? new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head], methods.AcceptCorsPreflight) : m);
            return new RouteEndpoint(run, route.RoutePattern, route.Order, new EndpointMetadataCollection(metadata), route.DisplayName);
        }
    }
}
