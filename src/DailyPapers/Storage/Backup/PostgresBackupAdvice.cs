using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace DailyPapers.Storage.Backup;

/// <summary>
/// On PostgreSQL the backup and restore verbs do not copy anything: pg_dump takes a consistent snapshot while the
/// nodes serve and pg_restore loads it, better than anything we would write. These texts give the exact commands
/// for the configured database. The password is never printed: pg_dump and pg_restore read ~/.pgpass or PGPASSWORD.
/// </summary>
public static partial class PostgresBackupAdvice
{
    public static string ForBackup(Database db, string? file)
    {
        var c = Connection(db);
        return $"""
            backup: this database is PostgreSQL ({db}); back it up with pg_dump, which copies a consistent snapshot while the site serves:
              pg_dump --format=custom {c} --file={Quote(file ?? "dailypapers.dump")}
            The password is not shown: pg_dump reads it from ~/.pgpass or PGPASSWORD. `dailypapers restore --from FILE` prints the pg_restore commands (docs/SCALE.md, "Backup and restore").
            """;
    }

    public static string ForRestore(Database db, string? file)
    {
        var c = Connection(db);
        var name = new NpgsqlConnectionStringBuilder(db.ConnectionString).Database;
        return $"""
            restore: this database is PostgreSQL ({db}); restore a pg_dump file into a new, empty database with pg_restore:
              createdb {HostPortUser(db)} {Quote(name ?? "dailypapers")}
              pg_restore --exit-on-error --no-owner {c} {Quote(file ?? "dailypapers.dump")}
            Then remove each node's DataDir/index before starting it: every node rebuilds its search index from the restored database.
            The password is not shown: the tools read it from ~/.pgpass or PGPASSWORD (docs/SCALE.md, "Backup and restore").
            """;
    }

    private static string Connection(Database db)
    {
        var b = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        var s = new StringBuilder(HostPortUser(db));
        if (!string.IsNullOrEmpty(b.Database)) s.Append(" --dbname=").Append(Quote(b.Database));
        return s.ToString();
    }

    private static string HostPortUser(Database db)
    {
        var b = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(b.Host)) parts.Add("--host=" + Quote(b.Host));
        parts.Add("--port=" + b.Port);
        if (!string.IsNullOrEmpty(b.Username)) parts.Add("--username=" + Quote(b.Username));
        return string.Join(' ', parts);
    }

    /// <summary>A value as one shell word: bare when it is plainly safe, else single-quoted.</summary>
    internal static string Quote(string value) =>
        SafeWord().IsMatch(value) ? value : "'" + value.Replace("'", "'\\''") + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./:@,+=-]+$")]
    private static partial Regex SafeWord();
}
