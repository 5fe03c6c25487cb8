namespace DailyPapers.Web.Cli;

/// <summary>
/// Configuration switches on a verb's command line: any <c>--Key</c> whose key holds a ':' (<c>--DailyPapers:Smtp:Host=X</c>
/// or <c>--DailyPapers:Smtp:Host X</c>). They are taken out before parsing and handed to the host's configuration as the
/// site's command line, so they work for every verb exactly as for the site, with the same precedence (a switch beats an
/// environment variable, which beats appsettings.{Environment}.json, which beats appsettings.json).
/// </summary>
public static class ConfigSwitches
{
    /// <param name="Configuration">The switches as <c>--Key=Value</c>, for the host's command-line configuration.</param>
    /// <param name="Rest">Everything else, for the verb parser.</param>
    /// <param name="Problem">A switch without a value, or null.</param>
    public sealed record Result(IReadOnlyList<string> Configuration, IReadOnlyList<string> Rest, string? Problem);

    public static Result Split(IReadOnlyList<string> args)
    {
        var configuration = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                rest.AddRange(args.Skip(i)); // after "--" everything is an argument, even "--A:B"
                break;
            }
            var eq = a.IndexOf('=');
            var key = eq < 0 ? a : a[..eq];
            if (!a.StartsWith("--", StringComparison.Ordinal) || !key.Contains(':'))
            {
                rest.Add(a);
                continue;
            }
            if (eq > 0) configuration.Add(a);
            else if (i + 1 < args.Count && args[i + 1] != "--") configuration.Add($"{a}={args[++i]}");
            else return new Result(configuration, rest, $"{a} needs a value ({a}=VALUE or {a} VALUE)");
        }
        return new Result(configuration, rest, null);
    }
}
