using System.Diagnostics;
using System.Text;

namespace DailyPapers.Web.Tests.FirstRun;

/// <summary>A command run as its own process (a site, a build) with its output kept for failure messages.</summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiteProcess(Process process) => _process = process;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>
    /// Starts <paramref name="file"/> in <paramref name="workingDirectory"/>. The test runner's MSBuild variables are
    /// removed so a nested `dotnet run`/`publish` behaves as in a newcomer's shell.
    /// </summary>
    public static SiteProcess Start(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                     || k is "DOTNET_HOST_PATH" or "VSTEST_HOST_DEBUG" or "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT").ToList())
            psi.Environment.Remove(key);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var p = new Process { StartInfo = psi };
        var site = new SiteProcess(p);
        p.OutputDataReceived += (_, e) => site.Append(e.Data);
        p.ErrorDataReceived += (_, e) => site.Append(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return site;
    }

    /// <summary>Runs a command to its end: exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IDictionary<string, string>? env = null)
    {
        await using var p = Start(file, args, workingDirectory, env);
        using var cts = new CancellationTokenSource(timeout);
        await p._process.WaitForExitAsync(cts.Token);
        p._process.WaitForExit(); // drains the output events
        return (p._process.ExitCode, p.Output);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Polls <paramref name="baseUrl"/><paramref name="path"/> until it answers 200 (the process exiting first fails the test).</summary>
    public async Task WaitReadyAsync(string baseUrl, TimeSpan timeout, string path = "/papers")
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the site exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync(baseUrl + path)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException($"{baseUrl} did not answer within {timeout}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
