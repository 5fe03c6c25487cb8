using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>Parsed arguments of one verb plus the services it needs.</summary>
public sealed class CliContext
{
    private readonly Dictionary<string, string?> _options;

    public IReadOnlyList<string> Positionals { get; }
    public DailyPapersOptions Options { get; }
    public Database Database { get; }
    public TextWriter Out { get; }
    public TextWriter Error { get; }
    /// <summary>Standard input (secrets such as --password-stdin are read from it, never from arguments).</summary>
    public TextReader In { get; set; } = TextReader.Null;
    public CancellationToken Cancellation { get; }
    public TimeProvider Clock { get; } = TimeProvider.System;

    private CliContext(List<string> positionals, Dictionary<string, string?> options, DailyPapersOptions settings,
        TextWriter output, TextWriter error, CancellationToken ct)
    {
        Positionals = positionals;
        _options = options;
        Options = settings;
        Database = Database.FromLocation(settings.DatabaseLocation);
        Out = output;
        Error = error;
        Cancellation = ct;
    }

    // Switches that take no value.
    private static readonly HashSet<string> Flags = ["--strict", "--help", "-h", "--dry-run", "--force", "--quiet", "--password-stdin"];

    public static CliContext Create(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var positionals = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith('-') && a.Length > 1)
            {
                var eq = a.IndexOf('=');
                if (eq > 0) options[a[..eq]] = a[(eq + 1)..];
                else if (Flags.Contains(a)) options[a] = null;
                else if (i + 1 < args.Length) options[a] = args[++i];
                else throw new CliUsageException($"{a} needs a value");
            }
            else positionals.Add(a);
        }
        // Configuration switches (--DailyPapers:Smtp:Host=…) mean for a verb what they mean for the site: they were
        // silently ignored before (a digest sent through localhost:25 despite --DailyPapers:Smtp:Host).
        var switches = options.Where(o => o.Key.StartsWith("--DailyPapers:", StringComparison.OrdinalIgnoreCase))
            .Select(o => KeyValuePair.Create(o.Key[2..], o.Value));
        var config = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(switches)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["data"] = options.GetValueOrDefault("--data"),
                ["database"] = options.GetValueOrDefault("--database"),
            })
            .Build();
        return new CliContext(positionals, options, DailyPapersOptions.From(config), output, error, ct);
    }

    public bool Flag(string name) => _options.ContainsKey(name);

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public DateOnly? DateOption(string name)
    {
        var s = Option(name);
        if (s is null) return null;
        return DateOnly.TryParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
            ? d
            : throw new CliUsageException($"{name}: \"{s}\" is not a date (expected YYYY-MM-DD)");
    }

    public int IntOption(string name, int fallback, int min, int max)
    {
        var s = Option(name);
        if (s is null) return fallback;
        return int.TryParse(s, out var v) && v >= min && v <= max
            ? v
            : throw new CliUsageException($"{name}: \"{s}\" must be a whole number from {min} to {max}");
    }
}
