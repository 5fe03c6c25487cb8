using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace DailyPapers.Web.Cli;

/// <summary>The root command, the parser's settings, and the wording of usage errors and usage lines.</summary>
public static class CliParsing
{
    public const string DataOption = "--data";
    public const string DatabaseOption = "--database";

    /// <summary>Arguments are taken literally: "@file" is a file name, not a response file.</summary>
    public static ParserConfiguration Configuration { get; } = new() { ResponseFileTokenReplacer = null };

    /// <summary><c>dailypapers</c> with its verbs and the switches every verb takes.</summary>
    public static Command Root(IEnumerable<Command> verbs)
    {
        var root = new Command("dailypapers",
            "Self-hosted research-paper feed. Without a verb (or with serve) it runs the web site.\n" +
            "Every verb reads the site's configuration: appsettings.json beside the binary, appsettings.{Environment}.json,\n" +
            "environment variables (DailyPapers__Smtp__Host=…) and switches (--DailyPapers:Smtp:Host=… or --DailyPapers:Smtp:Host …),\n" +
            "in that order of increasing precedence.")
        {
            new Option<string?>(DataOption) { Description = "folder of the database file, search index and models (DailyPapers:DataDir; default ./data)", HelpName = "DIR", Recursive = true },
            new Option<string?>(DatabaseOption) { Description = "a file path, sqlite:PATH or postgres:CONNSTR (DailyPapers:Database; default DIR/dailypapers.db)", HelpName = "LOCATION", Recursive = true },
            new HelpOption { Recursive = true },
        };
        foreach (var verb in verbs) root.Add(verb);
        return root;
    }

    /// <summary>--data and --database as the configuration keys the site reads (data, database).</summary>
    public static IEnumerable<string> ShortForms(ParseResult parse, Command root)
    {
        foreach (var option in root.Options.OfType<Option<string?>>())
            if (parse.GetValue(option) is { } value)
                yield return $"--{option.Name.TrimStart('-')}={value}";
    }

    /// <summary>The first thing wrong with the command line, worded for one line; null when it parsed cleanly.</summary>
    public static string? FirstError(ParseResult parse, Command root)
    {
        if (parse.CommandResult.Command == root && parse.Tokens.FirstOrDefault() is { Type: TokenType.Argument } word)
            return $"unknown verb \"{word.Value}\" (dailypapers --help lists them)";
        // System.CommandLine lets an option take the next word as its value even when that word is another option
        // ("--role --database x"): that is a missing value.
        var names = parse.CommandResult.Command.Options.Concat(root.Options).SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        foreach (var option in parse.CommandResult.Children.Concat(parse.RootCommandResult.Children).OfType<OptionResult>())
            if (option.Tokens.Any(t => names.Contains(t.Value)))
                return $"{option.Option.Name} needs a value";
        // A verb that takes free arguments (import FILE…) is handed "--bogus" as one: an option nobody defined.
        var tokens = parse.Tokens.ToList();
        var end = tokens.FindIndex(t => t.Type == TokenType.DoubleDash);
        foreach (var argument in parse.CommandResult.Children.OfType<ArgumentResult>())
            foreach (var t in argument.Tokens)
                if (t.Value.Length > 1 && t.Value.StartsWith('-') && (end < 0 || tokens.FindIndex(x => ReferenceEquals(x, t)) < end))
                    return $"unknown option \"{t.Value}\"";
        if (parse.UnmatchedTokens.FirstOrDefault() is { } unmatched)
            return unmatched.StartsWith('-') ? $"unknown option \"{unmatched}\"" : $"unexpected argument \"{unmatched}\"";
        if (parse.Errors.FirstOrDefault() is not { } error) return null;
        return error.SymbolResult switch
        {
            // A required option that was not written at all, and one written without its value.
            OptionResult { IdentifierToken: null } absent => $"{absent.Option.Name} {absent.Option.HelpName ?? "VALUE"} is required",
            OptionResult { Tokens.Count: 0 } missing => $"{missing.Option.Name} needs a value",
            _ => error.Message,
        };
    }

    /// <summary>One usage line made from the verb's definition: <c>dailypapers harvest [&lt;source&gt;] [--from DATE] …</c>.</summary>
    public static string Synopsis(Command root, Command? verb)
    {
        if (verb is null) return $"{root.Name} VERB [options]   ({root.Name} --help lists the verbs; {root.Name} VERB --help, a verb's options)";
        var parts = new List<string> { root.Name, verb.Name };
        foreach (var a in verb.Arguments.Where(a => !a.Hidden))
        {
            var label = $"<{a.HelpName ?? a.Name}>";
            parts.Add(a.Arity.MinimumNumberOfValues == 0
                ? a.Arity.MaximumNumberOfValues > 1 ? $"[{label}...]" : $"[{label}]"
                : a.Arity.MaximumNumberOfValues > 1 ? $"{label}..." : label);
        }
        foreach (var o in verb.Options.Where(o => !o.Hidden && o is not HelpOption))
        {
            var text = o.ValueType == typeof(bool) ? o.Name : $"{o.Name} {o.HelpName ?? "VALUE"}";
            parts.Add(o.Required ? text : $"[{text}]");
        }
        return string.Join(' ', parts) + $"   ({root.Name} {verb.Name} --help for more)";
    }
}
