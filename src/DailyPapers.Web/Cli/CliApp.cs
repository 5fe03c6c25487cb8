using System.CommandLine;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Cli;

/// <summary>
/// The command-line verbs. Each runs the same library code a background job runs, once, on the site's own services
/// and configuration (<see cref="VerbHost"/>), and exits with 0 on success, 1 on failure, 2 on bad usage, 130 when
/// interrupted. Arguments are parsed by System.CommandLine from each verb's definition; configuration switches
/// (<c>--DailyPapers:Smtp:Host=X</c>) are taken out first and mean for every verb what they mean for the site.
/// </summary>
public static class CliApp
{
    // The verb table, read top to bottom (the order of `dailypapers --help`). A new verb: its class, and one line here.
    public static IReadOnlyList<Func<IVerb>> Verbs { get; } =
    [
        () => new ServeVerb(),
        () => new MigrateVerb(),
        () => new ImportVerb(),
        () => new HarvestVerb(),
        () => new ReindexVerb(),
        () => new RecalcTrendingVerb(),
        () => new EmbedVerb(),
        () => new SearchVerb(),
        () => new EvalSearchVerb(),
        () => new DigestVerb(),
        () => new StatsVerb(),
        () => new UsersVerb(),
        () => new MigrateDataVerb(),
        () => new BackupVerb(),
        () => new RestoreVerb(),
    ];

    private static readonly string[] HelpSwitches = ["--help", "-h", "-?"];

    /// <summary>
    /// Whether <paramref name="args"/> name a verb (or ask for help). No arguments, switches only, or <c>serve</c>
    /// run the site; any other first word is a verb, and an unknown one is a usage error rather than a silent site start.
    /// </summary>
    public static bool IsCommand(string[] args) => args switch
    {
        [] => false,
        ["serve", .. var rest] => rest.Any(HelpSwitches.Contains),
        [var first, ..] when HelpSwitches.Contains(first) || first == "help" => true,
        [var first, ..] => !first.StartsWith('-') && !first.Contains('='),
    };

    /// <summary>The site's arguments: everything after an optional leading <c>serve</c>.</summary>
    public static string[] SiteArguments(string[] args) => args is ["serve", .. var rest] ? rest : args;

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, CancellationToken ct = default,
        TextReader? stdin = null)
    {
        var output = stdout ?? Console.Out;
        var error = stderr ?? Console.Error;
        if (args is ["help", .. var topic]) args = [.. topic, "--help"];

        var split = ConfigSwitches.Split(args);
        var verbs = Verbs.Select(v => v()).Select(v => (Verb: v, Command: v.Define())).ToList();
        var root = CliParsing.Root(verbs.Select(v => v.Command));
        if (split.Problem is { } switchProblem) return Usage(error, root, null, switchProblem);

        var parse = root.Parse(split.Rest, CliParsing.Configuration);
        var command = parse.CommandResult.Command;
        if (CliParsing.FirstError(parse, root) is { } problem) return Usage(error, root, command == root ? null : command, problem);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        if (stdout is null) Console.CancelKeyPress += onCancel;
        try
        {
            var verb = verbs.FirstOrDefault(v => v.Command == command).Verb;
            if (verb is null || parse.Action is System.CommandLine.Help.HelpAction)
                return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cts.Token);
            return await RunVerbAsync(verb, command, parse, split.Configuration, output, error, stdin ?? Console.In, root, cts.Token);
        }
        finally
        {
            if (stdout is null) Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> RunVerbAsync(IVerb verb, Command command, ParseResult parse, IReadOnlyList<string> configuration,
        TextWriter output, TextWriter error, TextReader input, Command root, CancellationToken ct)
    {
        var name = command.Name;
        try
        {
            // The generic host disposes asynchronously (it implements IAsyncDisposable, IHost does not say so).
            await using var host = (IAsyncDisposable)VerbHost.Build([.. configuration, .. CliParsing.ShortForms(parse, root)], error);
            var services = ((IHost)host).Services;
            // Settings checked and the schema migrated, as for the site; its background jobs are not even registered.
            await services.GetRequiredService<StartupSteps>().RunAsync(_ => { }, dataDirMustBeWritable: false, ct, migrate: verb.MigrateFirst);
            return await verb.RunAsync(new VerbContext(parse, services, output, error, input, ct));
        }
        catch (CliUsageException e)
        {
            return Usage(error, root, command, e.Message);
        }
        catch (Exception e) when (e is StartupException or OptionsValidationException or DailyPapers.Storage.SchemaTooNewException)
        {
            error.WriteLine($"dailypapers: cannot start: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"{name}: interrupted");
            return 130;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or ArgumentException or HttpRequestException or System.Data.Common.DbException)
        {
            error.WriteLine($"{name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>Bad usage: one line saying what is wrong, one with the usage, exit code 2.</summary>
    private static int Usage(TextWriter error, Command root, Command? command, string message)
    {
        error.WriteLine($"{command?.Name ?? "dailypapers"}: {message}");
        error.WriteLine("usage: " + CliParsing.Synopsis(root, command));
        return 2;
    }
}
