using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace DailyPapers.Web.Tests.FirstRun;

/// <summary>
/// Issue 15, point 2: the README's run command served bare HTML (no CSS, scripts or KaTeX), and the published build
/// started from another directory served no static file and read no appsettings.json. These tests run what a newcomer
/// and an operator run — the README command from the repository root, and the published output from elsewhere — as
/// real processes, and fetch what a browser fetches. (Slow-ish: they build the Release configuration once.)
/// </summary>
[Collection(Name)]
public sealed partial class RunFromAnywhereTests : IDisposable
{
    public const string Name = "first run (builds Release)";
    private readonly string _tmp = Directory.CreateTempSubdirectory("dp-first-run-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_tmp, recursive: true); } catch (IOException) { }
    }

    /// <summary>The repository root: the folder above the test binaries that holds DailyPapers.slnx.</summary>
    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "DailyPapers.slnx"))) return d.FullName;
        throw new InvalidOperationException("no DailyPapers.slnx above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"<!-- (?<marker>[a-z-]+) -->\s*```sh\s*\n\s*(?<cmd>[^\n]+)\n")]
    private static partial Regex MarkedCommand();

    /// <summary>The command README.md gives in the ```sh block after <c>&lt;!-- marker --&gt;</c>: what a newcomer copies.</summary>
    public static string ReadmeCommand(string marker)
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        var m = MarkedCommand().Matches(readme).FirstOrDefault(x => x.Groups["marker"].Value == marker);
        Assert.True(m is not null, $"README.md has no command after a <!-- {marker} --> marker");
        return m.Groups["cmd"].Value.Trim();
    }

    [Fact]
    public async Task Issue15_the_README_run_command_from_the_repository_root_serves_styles_scripts_and_fonts()
    {
        var port = FreePort();
        await using var site = SiteProcess.Start("bash", ["-c", ReadmeCommand("run-command")], RepoRoot(), Env(port));
        await site.WaitReadyAsync($"http://127.0.0.1:{port}", TimeSpan.FromMinutes(6));
        await AssertServesStaticFilesAsync($"http://127.0.0.1:{port}", site);
    }

    [Fact]
    public async Task Issue15_the_published_build_started_from_another_directory_serves_static_files_and_reads_its_appsettings()
    {
        var publish = Path.Combine(_tmp, "publish");
        var (code, output) = await SiteProcess.RunAsync("dotnet", ["publish", "src/DailyPapers.Web", "-c", "Release", "-o", publish, "--nologo"], RepoRoot(), TimeSpan.FromMinutes(8));
        Assert.True(code == 0, output);
        // The operator's settings file beside the binary: a public URL is read from it (RSS links carry it).
        var settings = Path.Combine(publish, "appsettings.json");
        await File.WriteAllTextAsync(settings, (await File.ReadAllTextAsync(settings)).Replace("\"DataDir\": \"data\"",
            "\"DataDir\": \"data\", \"PublicUrl\": \"http://papers.test\"", StringComparison.Ordinal));

        var elsewhere = Directory.CreateDirectory(Path.Combine(_tmp, "elsewhere")).FullName;
        var port = FreePort();
        await using var site = SiteProcess.Start("dotnet", [Path.Combine(publish, "DailyPapers.Web.dll")], elsewhere, Env(port));
        await site.WaitReadyAsync($"http://127.0.0.1:{port}", TimeSpan.FromMinutes(2));
        await AssertServesStaticFilesAsync($"http://127.0.0.1:{port}", site);
        using var http = new HttpClient();
        var rss = await http.GetStringAsync($"http://127.0.0.1:{port}/papers/feed.rss");
        Assert.Contains("<link>http://papers.test/papers</link>", rss);
    }

    private Dictionary<string, string> Env(int port) => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["DailyPapers__DataDir"] = Path.Combine(_tmp, "data"),
        ["DailyPapers__DemoCorpus"] = "none",
        ["DailyPapers__Embeddings"] = "off",
    };

    /// <summary>The feed page, its stylesheet and script, and KaTeX's script and a font: 200 with the right type and a body.</summary>
    private static async Task AssertServesStaticFilesAsync(string baseUrl, SiteProcess site)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip, br"); // as a browser asks
        var page = await http.GetStringAsync("/papers");
        var css = Regex.Match(page, "href=\"(/css/site\\.css[^\"]*)\"");
        Assert.True(css.Success, "no site.css link in /papers");
        foreach (var (path, type) in new[]
        {
            (WebUtility.HtmlDecode(css.Groups[1].Value), "text/css"), ("/js/site.js", "text/javascript"),
            ("/lib/katex/katex.min.js", "text/javascript"), ("/lib/katex/katex.min.css", "text/css"),
            ("/lib/katex/fonts/KaTeX_Main-Regular.woff2", "font/woff2"),
        })
        {
            using var r = await http.GetAsync(path);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {(int)r.StatusCode}\n{site.Output}");
            Assert.Equal(type, r.Content.Headers.ContentType?.MediaType);
            Assert.True((await r.Content.ReadAsByteArrayAsync()).Length > 100, $"{path} is (nearly) empty");
        }
        Assert.DoesNotContain("WebRootPath was not found", site.Output);
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

[CollectionDefinition(RunFromAnywhereTests.Name, DisableParallelization = true)]
public sealed class RunFromAnywhereCollection;
