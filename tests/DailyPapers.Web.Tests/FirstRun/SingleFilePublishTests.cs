using System.Net;
using System.Text.RegularExpressions;

namespace DailyPapers.Web.Tests.FirstRun;

/// <summary>
/// Issue 15, point 8: the README's self-contained single-file publish command (linux-x64) is run as written (only
/// its output folder moved to a temp folder), and the executable it makes, started from another directory with the
/// settings an operator has, answers /readyz 200 and serves its styles.
/// </summary>
[Collection(RunFromAnywhereTests.Name)]
public sealed partial class SingleFilePublishTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("dp-single-file-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_tmp, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"\s-o\s+\S+")]
    private static partial Regex OutputSwitch();

    [Fact]
    public async Task Issue15_the_README_single_file_publish_command_makes_one_executable_that_starts_from_anywhere_and_gets_ready()
    {
        var command = RunFromAnywhereTests.ReadmeCommand("publish-command");
        Assert.Contains("PublishSingleFile=true", command);
        Assert.Contains("-r linux-x64", command);
        Assert.Matches(OutputSwitch(), command);
        var publish = Path.Combine(_tmp, "publish");
        var (code, output) = await SiteProcess.RunAsync("bash", ["-c", OutputSwitch().Replace(command, $" -o {publish}")],
            RunFromAnywhereTests.RepoRoot(), TimeSpan.FromMinutes(8));
        Assert.True(code == 0, output);

        // One executable: no managed assemblies beside it (the web root and the settings file are meant to be there).
        var exe = Path.Combine(publish, "DailyPapers.Web");
        Assert.True(File.Exists(exe), "no DailyPapers.Web executable in the publish folder:\n" + string.Join("\n", Directory.GetFiles(publish)));
        Assert.DoesNotContain(Directory.GetFiles(publish, "*.dll"), f => !Path.GetFileName(f).StartsWith("onnxruntime", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(publish, "appsettings.json")));

        var elsewhere = Directory.CreateDirectory(Path.Combine(_tmp, "elsewhere")).FullName;
        var port = RunFromAnywhereTests.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var site = SiteProcess.Start(exe, [], elsewhere, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = baseUrl,
            ["DailyPapers__DataDir"] = Path.Combine(_tmp, "data"),
            ["DailyPapers__DemoCorpus"] = "none",
            ["DailyPapers__Embeddings"] = "off",
        });
        await site.WaitReadyAsync(baseUrl, TimeSpan.FromMinutes(2), "/readyz");
        using var http = new HttpClient();
        using var css = await http.GetAsync(baseUrl + "/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }
}
