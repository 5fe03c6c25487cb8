namespace DailyPapers.Web.Cli;

/// <summary>
/// The generic host a verb runs on: the site's configuration sources (appsettings.json in the content root — the
/// binary's folder, as for the site —, appsettings.{Environment}.json, environment variables, configuration switches)
/// and the site's service registration (<see cref="CoreSetup"/>). Never started: a verb calls what it needs, and the
/// site's background jobs are not registered here at all.
/// </summary>
public static class VerbHost
{
    /// <param name="configuration">Command-line configuration, <c>--Key=Value</c> (see <see cref="ConfigSwitches"/>).</param>
    /// <param name="log">Where log lines go: standard error, so standard output holds only the verb's result.</param>
    public static IHost Build(IReadOnlyList<string> configuration, TextWriter log)
    {
        var settings = new HostApplicationBuilderSettings
        {
            Args = [.. configuration],
            // The site's rules (WebHost.ContentRoot): the binary's folder unless the environment names another; the
            // generic host would read only DOTNET_CONTENTROOT and otherwise take the working directory.
            ContentRootPath = Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 } a ? a
                : Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is { Length: > 0 } d ? d
                : AppContext.BaseDirectory,
            // As WebApplication reads it: ASPNETCORE_ENVIRONMENT before DOTNET_ENVIRONMENT.
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } e ? e
                : Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } n ? n
                : Environments.Production,
            Configuration = new ConfigurationManager(),
        };
        // A verb runs once: no file watchers on the settings files.
        settings.Configuration.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new VerbLogProvider(log));
        builder.Services.AddDailyPapersCore(builder.Environment);
        return builder.Build();
    }
}

/// <summary>
/// Log lines of a verb on its standard error: our own progress (DailyPapers.*) from Information, everything else from
/// Warning, as plain lines ("warning: …") a person reads in a terminal.
/// </summary>
public sealed class VerbLogProvider(TextWriter output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName.StartsWith("DailyPapers", StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning);

    public void Dispose() { }

    private sealed class Logger(TextWriter output, LogLevel least) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= least && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var prefix = logLevel switch { LogLevel.Warning => "warning: ", >= LogLevel.Error => "error: ", _ => "" };
            var line = prefix + formatter(state, exception) + (exception is null ? "" : $" ({exception.Message})");
            lock (output) output.WriteLine(line);
        }
    }
}
