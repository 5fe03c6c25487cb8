using System.Data.Common;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web;

/// <summary>
/// What runs once before the site listens or a verb runs, asynchronously and outside service resolution: the settings
/// are checked, the schema migrated, the digest signing key read. Each failure is one <see cref="StartupException"/> (or
/// <see cref="OptionsValidationException"/>) line that names the path or setting to fix — not a stack trace repeated by
/// a supervisor's restart loop. Not an IHostedService on purpose: the host logs a failing hosted service's stack trace
/// before rethrowing, and the site must be migrated before any background job is even constructed.
/// </summary>
public sealed class StartupSteps(IServiceProvider services)
{
    private byte[]? _digestTokenKey;

    /// <summary>The key of digest links (subscribe, unsubscribe), read by <see cref="RunAsync"/>.</summary>
    public byte[] DigestTokenKey => _digestTokenKey
        ?? throw new InvalidOperationException("the digest token key is read by StartupSteps.RunAsync, which has not run in this host");

    /// <param name="log">Progress lines (migrations applied).</param>
    /// <param name="dataDirMustBeWritable">The site's check: it writes the index and the model cache there.</param>
    /// <param name="migrate">False for verbs that must not create or change the database (backup, restore, migrate --dry-run).</param>
    public async Task RunAsync(Action<string> log, bool dataDirMustBeWritable, CancellationToken ct = default, bool migrate = true)
    {
        CheckSettings(services);
        if (dataDirMustBeWritable) DataDirWritable(services.GetRequiredService<DailyPapersOptions>().DataDir);
        var db = services.GetRequiredService<Database>();
        try
        {
            // Verbs that must not create or change the database check what they need themselves (backup and restore refuse
            // a newer schema; a dry run lists against it) and may not even need a connection (PostgreSQL advice).
            if (!migrate) return;
            await Migrator.MigrateAsync(db, log, ct);
            _digestTokenKey = await services.GetRequiredService<DigestStore>().TokenKeyAsync(ct);
        }
        catch (SchemaTooNewException e)
        {
            // An older build refuses a database upgraded by a newer one: the site and every verb print this one line.
            throw new StartupException(e.Message, e);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new StartupException($"cannot open the database {db}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Binds and validates every setting now (what ValidateOnStart would do when the host starts), so a bad value stops
    /// start-up here with one line; a value of the wrong kind ("abc" for a number) becomes the same kind of line.
    /// </summary>
    public static void CheckSettings(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            services.GetRequiredService<SiteUrl>();
        }
        catch (Exception e) when (SettingsErrors.Describe(e) is { } line)
        {
            throw new StartupException(line, e);
        }
    }

    /// <summary>DataDir holds the SQLite file, the search index and the model cache: it must exist and take writes.</summary>
    public static void DataDirWritable(string dataDir)
    {
        var full = Path.GetFullPath(dataDir);
        var probe = Path.Combine(full, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(full);
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"DataDir {full} is not writable ({e.Message}); it holds the database, the search index " +
                "and the model cache: give the service's user write access to it, or set DailyPapers:DataDir to another folder", e);
        }
    }
}
