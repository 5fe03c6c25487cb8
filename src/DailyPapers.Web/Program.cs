using DailyPapers.Web;
using DailyPapers.Web.Cli;
using Microsoft.Extensions.Options;

// One executable: with a verb it runs that job once and exits (dailypapers import …); without one, or with
// `serve`, it serves the site. Both build on the same services and configuration (CoreSetup, CliApp).
if (CliApp.IsCommand(args)) return await CliApp.RunAsync(args);

try
{
    var app = await WebHost.BuildAsync(CliApp.SiteArguments(args));
    await app.RunAsync();
    return 0;
}
// When this Main is not the process's entry point (WebApplicationFactory runs it inside a test), the caller sees the
// exception itself: returning 1 would look like a clean exit to the factory.
catch (Exception e) when (e is StartupException or OptionsValidationException && System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    // A setting or the environment is wrong: one line that says what to change, not a stack trace in a restart loop.
    Console.Error.WriteLine($"dailypapers: cannot start: {e.Message}");
    return 1;
}

public partial class Program;
