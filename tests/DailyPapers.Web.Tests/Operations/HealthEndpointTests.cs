using System.Net;
using System.Text.Json;
using Dapper;
using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Web.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Web.Tests.Operations;

/// <summary>
/// Issue 15, point 3: /healthz says the process serves; /readyz answers 200 only when every check passes and 503 with
/// the failing check's detail otherwise. Each test has its own database, since some put it in a state that is not ready.
/// </summary>
public sealed class HealthEndpointTests : IDisposable
{
    private readonly DailyPapersFactory _root = new();

    public void Dispose() => _root.Dispose();

    /// <summary>No lag is tolerated, so one unapplied change makes the node not ready.</summary>
    private WebApplicationFactory<Program> Strict() => _root.WithWebHostBuilder(b =>
    {
        b.UseSetting("DailyPapers:Health:MaxIndexLagRows", "0");
        b.UseSetting("DailyPapers:Health:MaxIndexLagSeconds", "0");
    });

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> GetJsonAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement, response);
    }

    private static JsonElement Check(JsonElement body, string name) => body.GetProperty("checks").GetProperty(name);

    [Fact]
    public async Task Healthz_answers_ok_and_is_never_cached()
    {
        using var http = _root.CreateClient();
        var (status, body, response) = await GetJsonAsync(http, "/healthz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Readyz_is_ready_on_an_empty_database_without_a_demo_corpus_and_lists_every_check()
    {
        using var http = _root.CreateClient();
        // The first-start check runs in the background: wait for it, as a load balancer would by probing again.
        await _root.Services.GetRequiredService<DemoCorpusStatus>().Settled.WaitAsync(TimeSpan.FromSeconds(30));
        var (status, body, response) = await GetJsonAsync(http, "/readyz");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        foreach (var name in new[] { "database", "schema", "demo_import", "search_index", "vectors" })
            Assert.True(Check(body, name).GetProperty("ok").GetBoolean(), $"{name}: {Check(body, name)}");
        Assert.Contains("nothing to import", Check(body, "demo_import").GetProperty("detail").GetString());
        Assert.Equal($"version {Migrator.KnownVersion(Dialect.Sqlite)}", Check(body, "schema").GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Readyz_is_503_while_the_search_index_is_behind_the_change_log_and_200_once_it_caught_up()
    {
        using var app = Strict();
        using var http = app.CreateClient();
        await DailyPapersFactory.SeedAsync(app.Services); // imports, then brings this host's index up to date
        var search = app.Services.GetRequiredService<SearchService>();
        await app.Services.GetRequiredService<DemoCorpusStatus>().Settled.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        // Stop this node's follower, then another node (or a vote) changes a paper an hour ago: the index is behind.
        await app.Services.GetServices<IHostedService>().OfType<SearchIndexService>().Single().StopAsync(CancellationToken.None);
        await using (var c = await app.Services.GetRequiredService<Database>().OpenAsync())
            await c.ExecuteAsync("INSERT INTO paper_changes (paper_id, changed_at) SELECT MIN(id), @t FROM papers",
                new { t = SqlTime.Ts(DateTimeOffset.UtcNow.AddHours(-1)) });
        var (status, body, _) = await GetJsonAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("not ready", body.GetProperty("status").GetString());
        Assert.False(Check(body, "search_index").GetProperty("ok").GetBoolean());
        Assert.Contains("1 changes behind", Check(body, "search_index").GetProperty("detail").GetString());
        Assert.True(Check(body, "database").GetProperty("ok").GetBoolean());

        await search.CatchUpAsync();
        var (after, afterBody, _) = await GetJsonAsync(http, "/readyz");
        Assert.True(after == HttpStatusCode.OK, afterBody.ToString());
    }

    [Fact]
    public async Task Readyz_is_503_when_the_schema_is_not_the_one_this_build_knows()
    {
        using var http = _root.CreateClient();
        await _root.Services.GetRequiredService<DemoCorpusStatus>().Settled.WaitAsync(TimeSpan.FromSeconds(30));
        var known = Migrator.KnownVersion(Dialect.Sqlite);
        var db = _root.Services.GetRequiredService<Database>();
        await using (var c = await db.OpenAsync())
            await c.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (@v, 'from_a_newer_build', @t)",
                new { v = known + 1, t = SqlTime.Ts(DateTimeOffset.UtcNow) });
        var (status, body, _) = await GetJsonAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal($"version {known + 1}, this build expects {known}", Check(body, "schema").GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Readyz_refuses_other_methods_and_a_probe_with_a_query_string_is_still_answered()
    {
        using var http = _root.CreateClient();
        var post = await http.PostAsync("/readyz", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        var (status, body, _) = await GetJsonAsync(http, "/healthz?verbose=1&x=%00");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
    }
}
