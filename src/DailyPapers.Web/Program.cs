using DailyPapers.Web;
using DailyPapers.Web.Cli;

// One executable: with a verb it runs that job once and exits (dailypapers import …); without, it serves the site.
if (CliApp.IsCommand(args)) return await CliApp.RunAsync(args);

try
{
    var app = WebHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (StartupException e)
{
    // A setting or the environment is wrong: one line that says what to change, not a stack trace in a restart loop.
    Console.Error.WriteLine($"dailypapers: cannot start: {e.Message}");
    return 1;
}

public partial class Program;
