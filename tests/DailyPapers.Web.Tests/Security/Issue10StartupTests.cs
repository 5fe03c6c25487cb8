using System.Diagnostics;

namespace DailyPapers.Web.Tests.Security;

/// <summary>
/// Issue 10, point 11: a DataDir the service cannot write aborted start-up with an unhandled stack trace naming no
/// path. Now the process exits 1 with one line that names the folder and what to do.
/// </summary>
public sealed class Issue10StartupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-startup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Issue10_an_unwritable_DataDir_stops_the_site_with_one_line_naming_it()
    {
        // Root may write anywhere, so "unwritable" is made the portable way: a DataDir below a regular file.
        var blocker = Path.Combine(_dir, "a-file");
        await File.WriteAllTextAsync(blocker, "");
        var dataDir = Path.Combine(blocker, "data");

        var (code, stdout, stderr) = await RunSiteAsync("--DailyPapers:DataDir=" + dataDir, "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"dailypapers: cannot start: DataDir {dataDir} is not writable", line);
        Assert.Contains("DailyPapers:DataDir", line);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public async Task Issue10_listening_on_every_address_without_PublicUrl_stops_the_site_with_the_setting_to_set()
    {
        var (code, _, stderr) = await RunSiteAsync("--DailyPapers:DataDir=" + _dir, "--urls", "http://0.0.0.0:0");
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dailypapers: cannot start: DailyPapers:PublicUrl is not set", line);
    }

    /// <summary>Starts the site's own binary (Production environment, as an operator runs it) and waits for it to exit.</summary>
    private static async Task<(int Code, string Out, string Err)> RunSiteAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DailyPapers.Web.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["DailyPapers__DemoCorpus"] = "none";
        psi.Environment["DailyPapers__Embeddings"] = "off";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await p.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("the site did not stop by itself: " + await stdout);
        }
        return (p.ExitCode, await stdout, await stderr);
    }
}
