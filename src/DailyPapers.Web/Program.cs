using DailyPapers.Web;
using DailyPapers.Web.Cli;

// One executable: with a verb it runs that job once and exits (dailypapers import …); without, it serves the site.
if (CliApp.IsCommand(args)) return await CliApp.RunAsync(args);

var app = WebHost.Build(args);
await app.RunAsync();
return 0;

public partial class Program;
