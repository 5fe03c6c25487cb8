using System.Text.Json;
using DailyPapers.Storage;
using DailyPapers.Telemetry;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Metrics;

namespace DailyPapers.Web.Operations;

/// <summary>
/// What an operator's tools read: <c>/healthz</c> (liveness: the process serves), <c>/readyz</c> (readiness: see
/// <see cref="Readiness"/>), and, when <c>DailyPapers:Metrics:Enabled</c>, OpenTelemetry metrics in Prometheus text
/// format at <c>/metrics</c> for the allowed networks only. None of them is cached, rate-limited or behind antiforgery.
/// </summary>
public static class OperationsSetup
{
    public const string HealthPath = "/healthz", ReadyPath = "/readyz", MetricsPath = "/metrics";

    /// <summary>
    /// Meters exported at /metrics: ASP.NET Core's own (http.server.request.duration, Kestrel connections), the
    /// library's (search per voice, import records) and the database gauges (<see cref="OperationsGauges"/>).
    /// </summary>
    public static readonly string[] ExportedMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", DailyPapersMetrics.MeterName, DailyPapersMetrics.MeterName + ".Operations"];

    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OperationsStore>();
        services.AddSingleton<Readiness>();
        // Decided before the settings are bound (it changes which services exist); the same key is then validated.
        if (!configuration.GetValue<bool>($"{SettingsSetup.Section}:Metrics:Enabled")) return services;
        services.AddSingleton<OperationsGauges>();
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ExportedMeters).AddPrometheusExporter());
        return services;
    }

    /// <summary>
    /// The scrape endpoint, early in the pipeline but after forwarded headers (the client address is the real one).
    /// A request from outside <see cref="MetricsSettings.AllowedNetworks"/>, or any request while metrics are off, goes
    /// on to the routes and gets the site's 404.
    /// </summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<MetricsSettings>();
        if (!settings.Enabled) return app;
        app.Services.GetRequiredService<OperationsGauges>(); // registers the database gauges
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
            http.Request.Path == MetricsPath && settings.Allows(http.Connection.RemoteIpAddress));
        return app;
    }

    /// <summary>GET /healthz and /readyz.</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapGet(HealthPath, (HttpContext http) => WriteAsync(http, StatusCodes.Status200OK, "ok", null))
            .DisableRateLimiting().DisableAntiforgery().ExcludeFromDescription();
        app.MapGet(ReadyPath, async (HttpContext http, Readiness readiness) =>
        {
            var report = await readiness.CheckAsync(http.RequestAborted);
            await WriteAsync(http, report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
                report.Ready ? "ready" : "not ready", report.Checks);
        }).DisableRateLimiting().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    // {"status":"ready","checks":{"database":{"ok":true,"detail":"sqlite reachable"},…}} — written by hand: no
    // reflection-based serialisation in a trimmed or single-file build.
    private static async Task WriteAsync(HttpContext http, int status, string word, IReadOnlyList<ReadinessCheck>? checks)
    {
        var r = http.Response;
        r.StatusCode = status;
        r.ContentType = "application/json; charset=utf-8";
        r.Headers[HeaderNames.CacheControl] = "no-store";
        await using var json = new Utf8JsonWriter(r.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("status", word);
        if (checks is not null)
        {
            json.WriteStartObject("checks");
            foreach (var c in checks)
            {
                json.WriteStartObject(c.Name);
                json.WriteBoolean("ok", c.Ok);
                json.WriteString("detail", c.Detail);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }
}
