using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// The command-line verbs. Each verb runs the same library code a background job runs, once, and exits with
/// 0 on success, 1 on failure, 2 on bad usage. Common switches: --data DIR, --database LOCATION.
/// </summary>
public static class CliApp
{
    /// <param name="MigrateFirst">
    /// Whether the schema is migrated before the verb runs. False for verbs that must not create or change a database
    /// (migrate --dry-run, backup, restore into an empty DataDir); they check what they need themselves.
    /// </param>
    public sealed record Verb(string Name, string Usage, string Summary, Func<CliContext, Task<int>> Run, bool MigrateFirst = true);

    // The verb table, read top to bottom.
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("serve", "serve [--urls URL]", "run the web site (the default without a verb)", _ => Task.FromResult(-1)),
        new("migrate", "migrate [--dry-run]", "create or upgrade the database schema; --dry-run lists the pending migrations and changes nothing", MigrateVerb.RunAsync, MigrateFirst: false),
        new("import", "import FILE... [--strict] [--batch N]", "import HF daily-papers JSON/JSONL, Kaggle arXiv JSONL, OAI-PMH XML or arXiv Atom files (.gz too)", ImportVerb.RunAsync),
        new("harvest", "harvest arxiv --from DATE [--until DATE] [--set SET] [--prefix arXiv|arXivRaw] [--stop-after N] [--url URL] [--delay S] | harvest hf (--date DATE | --from DATE --until DATE) [--limit N] [--url URL] [--delay S]", "fetch new papers from arXiv OAI-PMH or the HF daily-papers API", HarvestVerb.RunAsync),
        new("reindex", "reindex", "rebuild this node's full-text search index from the database", ReindexVerb.RunAsync),
        new("recalc-trending", "recalc-trending [--batch N]", "recompute every paper's trending score after a change to the formula", RecalcTrendingVerb.RunAsync),
        new("embed", "embed [--max N] [--models static|all]", "compute missing search vectors (resumable)", EmbedVerb.RunAsync),
        new("search", "search TEXT [--mode hybrid|bm25|vector] [--limit N] | search --similar ARXIVID", "run one search against the local index", SearchVerb.RunAsync),
        new("eval-search", "eval-search [--out FILE]", "relevance of BM25, vectors and hybrid on the judged set in data/eval", EvalSearchVerb.RunAsync),
        new("digest", "digest build|send [--period daily:YYYY-MM-DD|weekly:YYYY-Www] [--dry-run] [--to ADDRESS]", "build the due email digests into the outbox, or deliver the outbox", DigestVerb.RunAsync),
        new("stats", "stats", "print what the database holds", StatsVerb.RunAsync),
        new("users", "users create-admin --email E --handle H [--password-stdin] | users set-role --handle H --role user|moderator|admin | users list [--role R] [--search TEXT]", "create the first admin, change an account's role, or list the local accounts", UsersVerb.RunAsync),
        new("migrate-data", "migrate-data --from LOCATION --to LOCATION", "copy all data into another database (e.g. SQLite into PostgreSQL), resumable, verified by counts and checksums", MigrateDataVerb.RunAsync),
        new("backup", "backup --to FILE [--force]", "copy the SQLite database consistently while the site serves, with a manifest (on PostgreSQL: prints the pg_dump command)", BackupVerb.RunAsync, MigrateFirst: false),
        new("restore", "restore --from FILE", "restore a backup into an empty DataDir after checking it (on PostgreSQL: prints the pg_restore commands)", RestoreVerb.RunAsync, MigrateFirst: false),
    ];

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (args[0] is "help" or "--help" or "-h" || Verbs.Any(v => v.Name == args[0] && v.Name != "serve"));

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, CancellationToken ct = default,
        TextReader? stdin = null)
    {
        var output = stdout ?? Console.Out;
        var error = stderr ?? Console.Error;
        if (args[0] is "help" or "--help" or "-h")
        {
            PrintHelp(output);
            return 0;
        }
        var verb = Verbs.First(v => v.Name == args[0]);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        if (stdout is null) Console.CancelKeyPress += onCancel;
        try
        {
            var context = CliContext.Create(args[1..], output, error, cts.Token);
            context.In = stdin ?? Console.In;
            if (context.Flag("--help") || context.Flag("-h"))
            {
                output.WriteLine($"usage: dailypapers {verb.Usage}\n  {verb.Summary}");
                return 0;
            }
            if (verb.MigrateFirst) await Migrator.MigrateAsync(context.Database, _ => { }, cts.Token);
            return await verb.Run(context);
        }
        catch (SchemaTooNewException e)
        {
            // The same line the site prints (Program.cs): an older build refuses a newer database for every verb.
            error.WriteLine($"dailypapers: cannot start: {e.Message}");
            return 1;
        }
        catch (CliUsageException e)
        {
            error.WriteLine($"{verb.Name}: {e.Message}");
            error.WriteLine($"usage: dailypapers {verb.Usage}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"{verb.Name}: interrupted");
            return 130;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or ArgumentException or HttpRequestException or System.Data.Common.DbException)
        {
            error.WriteLine($"{verb.Name}: {e.Message}");
            return 1;
        }
        finally
        {
            if (stdout is null) Console.CancelKeyPress -= onCancel;
        }
    }

    private static void PrintHelp(TextWriter o)
    {
        o.WriteLine("dailypapers — self-hosted research-paper feed");
        o.WriteLine();
        o.WriteLine("usage: dailypapers [VERB] [--data DIR] [--database LOCATION]");
        foreach (var v in Verbs) o.WriteLine($"  {v.Usage,-60} {v.Summary}");
        o.WriteLine();
        o.WriteLine("LOCATION: a file path, sqlite:PATH or postgres:CONNSTR (default DIR/dailypapers.db, DIR default ./data)");
    }
}

public sealed class CliUsageException(string message) : Exception(message);
