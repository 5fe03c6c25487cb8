using System.CommandLine;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>serve</c>: the web site, also what runs without a verb. Program.cs starts it directly (CliApp.IsCommand sends
/// <c>serve</c> there); it is in the verb table for <c>dailypapers --help</c> and <c>dailypapers serve --help</c>.
/// </summary>
public sealed class ServeVerb : IVerb
{
    private readonly Option<string?> _urls = CliOptions.Text("--urls", "URL", $"where the site listens (default {DailyPapersOptions.DefaultListenUrl}; also ASPNETCORE_URLS)");

    public Command Define() => new("serve", "run the web site (the default without a verb)") { _urls };

    public Task<int> RunAsync(VerbContext cx) =>
        throw new InvalidOperationException("the site is started by the program itself: run `dailypapers serve` (or no verb), not from another command");
}
