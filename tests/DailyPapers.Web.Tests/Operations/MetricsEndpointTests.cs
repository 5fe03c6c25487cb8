using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using DailyPapers.Ingest;
using DailyPapers.Mail;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Operations;

/// <summary>
/// Issue 15, point 4: /metrics in Prometheus text format, read by the real Prometheus parser (Debian's
/// python3-prometheus-client, which ./test installs): off by default, answered on loopback when on, refused to
/// clients outside DailyPapers:Metrics:AllowedNetworks (also when they come through the site's own proxy).
/// </summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private readonly DailyPapersFactory _root = new();

    public void Dispose() => _root.Dispose();

    /// <summary>The site on a real loopback port (the allowed-network check needs a real client address).</summary>
    private (WebApplicationFactory<Program> App, HttpClient Http) Serve(params (string Key, string Value)[] settings)
    {
        var app = _root.WithWebHostBuilder(b =>
        {
            b.UseSetting("DailyPapers:Metrics:Enabled", "true");
            b.UseSetting("DailyPapers:Metrics:GaugeCacheSeconds", "0"); // every scrape reads the database afresh
            b.UseSetting("DailyPapers:Mail:SendInBackground", "false"); // a queued mail stays queued
            foreach (var (k, v) in settings) b.UseSetting(k, v);
        });
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    /// <summary>Parses a scrape with prometheus_client's parser; fails on anything it rejects.</summary>
    private static async Task<(Dictionary<string, string> Types, List<Sample> Samples)> ParseAsync(string scrape)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, scrape);
        try
        {
            const string script = """
                import sys, json, math
                from prometheus_client.parser import text_string_to_metric_families
                types, samples = {}, []
                for f in text_string_to_metric_families(open(sys.argv[1]).read()):
                    types[f.name] = f.type
                    for s in f.samples:
                        samples.append([s.name, dict(s.labels), repr(float(s.value))])
                print(json.dumps({"types": types, "samples": samples}))
                """;
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-c", script, file }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, $"the Prometheus parser rejected the scrape: {await stderr}\n{scrape}");
            var doc = JsonDocument.Parse(await stdout).RootElement;
            var types = doc.GetProperty("types").EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetString()!);
            var samples = doc.GetProperty("samples").EnumerateArray().Select(s => new Sample(s[0].GetString()!,
                s[1].EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!),
                double.Parse(s[2].GetString()!, CultureInfo.InvariantCulture))).ToList();
            return (types, samples);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task Metrics_are_off_by_default()
    {
        using var http = _root.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_scrape_parses_and_carries_http_search_import_outbox_index_embedding_and_lease_figures()
    {
        var (app, http) = Serve();
        using var _ = app;
        using var __ = http;
        await DailyPapersFactory.SeedAsync(app.Services); // an import (fixtures), then the index catches up
        var papers = (await app.Services.GetRequiredService<PaperStore>().CountAsync()).Papers;
        Assert.True(papers > 0);
        var search = await http.GetAsync("/api/papers/search?q=diffusion");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        await app.Services.GetRequiredService<DigestStore>().EnqueueMailAsync(
            new OutgoingMail("account", MailPriority.Account, "someone@example.org", "Confirm", "text", null, "<m1@localhost>"));
        var lease = new JobLease(app.Services.GetRequiredService<Database>());
        Assert.True(await lease.TryAcquireAsync("metrics-test", 0x4450_7E57, "testhost:4242:abcdef", TimeSpan.FromMinutes(10)));

        var response = await http.GetAsync("/metrics");
        var scrape = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, scrape);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var (types, samples) = await ParseAsync(scrape);
        double One(string name, Func<Sample, bool>? where = null)
        {
            var found = samples.Where(s => s.Name == name && (where?.Invoke(s) ?? true)).ToList();
            Assert.True(found.Count == 1, $"{found.Count} samples of {name} in:\n{scrape}");
            return found[0].Value;
        }

        // HTTP server durations (ASP.NET Core's own meter): the search request above is counted under its route.
        Assert.Equal("histogram", types["http_server_request_duration_seconds"]);
        Assert.True(One("http_server_request_duration_seconds_count", s => s.Labels.GetValueOrDefault("http_route") == "/api/papers/search"
            && s.Labels.GetValueOrDefault("http_response_status_code") == "200") >= 1);
        // Search latency per voice: a relevance search runs BM25, the vector voice and the fused hybrid.
        Assert.Equal("histogram", types["dailypapers_search_duration_seconds"]);
        foreach (var voice in new[] { "bm25", "vector", "hybrid" })
        {
            Assert.True(One("dailypapers_search_duration_seconds_count", s => s.Labels.GetValueOrDefault("voice") == voice) >= 1, voice);
            Assert.True(One("dailypapers_search_duration_seconds_sum", s => s.Labels.GetValueOrDefault("voice") == voice) >= 0, voice);
        }
        // Import records: the fixture import wrote every paper at least once as new (the counter is process-wide).
        Assert.Equal("counter", types["dailypapers_import_records"]);
        Assert.True(One("dailypapers_import_records_total", s => s.Labels.GetValueOrDefault("outcome") == "new") >= papers);
        // The outbox: the one queued mail, queued moments ago.
        Assert.Equal(1, One("dailypapers_outbox_depth"));
        var age = One("dailypapers_outbox_oldest_age_seconds");
        Assert.InRange(age, 0, 600);
        // This node's index has applied every change; no vectors are computed here (Embeddings off): all papers wait.
        Assert.Equal(0, One("dailypapers_search_index_lag"));
        Assert.Equal(papers, One("dailypapers_embedding_backlog"));
        // The lease: one series for the job, the holder without the per-start random part.
        Assert.Equal(1, One("dailypapers_job_lease_holder", s => s.Labels.GetValueOrDefault("job") == "metrics-test"));
        Assert.Equal("testhost:4242", samples.Single(s => s.Name == "dailypapers_job_lease_holder" && s.Labels["job"] == "metrics-test").Labels["holder"]);
    }

    [Fact]
    public async Task Clients_outside_the_allowed_networks_are_refused()
    {
        var (app, http) = Serve(("DailyPapers:Metrics:AllowedNetworks", "10.0.0.0/8, 192.168.0.0/16"));
        using var _ = app;
        using var __ = http;
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
        // The rest of the site is unaffected.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_scraper_outside_coming_through_the_sites_own_proxy_is_refused_and_an_allowed_one_is_answered()
    {
        var (app, http) = Serve(("DailyPapers:Metrics:AllowedNetworks", "127.0.0.0/8, ::1/128, 10.1.2.0/24"));
        using var _ = app;
        using var __ = http;
        // A proxy on loopback is trusted: the client is the one it names, not the loopback peer.
        using var outside = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        outside.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(outside)).StatusCode);
        using var inside = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        inside.Headers.Add("X-Forwarded-For", "10.1.2.3");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(inside)).StatusCode);
    }

    [Fact]
    public void An_allowed_network_that_is_not_CIDR_stops_start_up_with_the_key_named()
    {
        using var app = _root.WithWebHostBuilder(b =>
        {
            b.UseSetting("DailyPapers:Metrics:Enabled", "true");
            b.UseSetting("DailyPapers:Metrics:AllowedNetworks", "127.0.0.0/8, prometheus.internal");
        });
        var e = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains("DailyPapers:Metrics:AllowedNetworks", e.ToString());
    }
}
