using System.CommandLine;
using DailyPapers.Search;

namespace DailyPapers.Web.Cli;

/// <summary>
/// One command-line verb: its arguments and options (fields of the class, each defined once: parsing, per-verb
/// <c>--help</c> and the usage line all come from <see cref="Define"/>), and what it does with the services of the one
/// composition root (<see cref="CoreSetup"/>). Adding a verb: a class like this, and one line in <see cref="CliApp.Verbs"/>.
/// </summary>
public interface IVerb
{
    /// <summary>The verb's command: name, one-line summary, arguments and options. Called once per run.</summary>
    Command Define();

    /// <summary>Runs the verb: 0 ok, 1 failure; throw <see cref="CliUsageException"/> for bad usage (exit 2).</summary>
    Task<int> RunAsync(VerbContext cx);

    /// <summary>
    /// Whether the start-up steps migrate the schema before the verb runs. False for verbs that must not create or
    /// change a database (migrate --dry-run, backup, restore into an empty DataDir); they check what they need themselves.
    /// </summary>
    bool MigrateFirst => true;
}

/// <summary>What a running verb has: its parsed values, the services, its standard streams and the Ctrl+C token.</summary>
public sealed class VerbContext(ParseResult parse, IServiceProvider services, TextWriter output, TextWriter error, TextReader input, CancellationToken ct)
{
    public IServiceProvider Services => services;
    public TextWriter Out => output;
    public TextWriter Error => error;
    /// <summary>Standard input (secrets such as --password-stdin are read from it, never from arguments).</summary>
    public TextReader In => input;
    public CancellationToken Cancellation => ct;

    /// <summary>A service of the composition root (stores, settings, search …).</summary>
    public T Service<T>() where T : notnull => services.GetRequiredService<T>();
    public DailyPapersOptions Options => Service<DailyPapersOptions>();
    public TimeProvider Clock => Service<TimeProvider>();

    /// <summary>
    /// This node's search index, built when empty or damaged and caught up with the database — what the site's
    /// SearchIndexService keeps doing in the background, done once.
    /// </summary>
    public async Task<SearchService> SearchAsync()
    {
        var search = Service<SearchService>();
        await search.EnsureBuiltAsync(ct);
        await search.CatchUpAsync(ct);
        return search;
    }

    /// <summary>The option's value, or its default when it was not given.</summary>
    public T Value<T>(Option<T> option) => parse.GetValue(option)!;
    public T Value<T>(Argument<T> argument) => parse.GetValue(argument)!;
    /// <summary>Whether the option was written on the command line (not just defaulted).</summary>
    public bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
}

/// <summary>Bad usage found by a verb itself (a value the parser cannot judge): exit code 2, the message and the usage line.</summary>
public sealed class CliUsageException(string message) : Exception(message);
