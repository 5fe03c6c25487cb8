using Dapper;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Storage.Backup;

public static partial class SqliteBackup
{
    /// <summary>
    /// Restores a backup file as the database at <paramref name="target"/>, into an empty DataDir only: it never
    /// replaces a database. The file is copied beside the target, checked there (<c>PRAGMA integrity_check</c>, the
    /// manifest's schema, row counts and checksums against the copy's own rows), and renamed into place only when
    /// everything matches; on any failure nothing is left behind. The search index is not in a backup: the site
    /// builds it from the restored database on its next start.
    /// </summary>
    public static async Task<BackupManifest> RestoreAsync(string file, Database target, string dataDir, Action<string>? log = null,
        CancellationToken ct = default)
    {
        var targetPath = target.FilePath ?? throw new BackupException("restore: the database is PostgreSQL; use pg_restore (see PostgresBackupAdvice)");
        var from = Path.GetFullPath(file);
        if (!File.Exists(from)) throw new BackupException($"there is no backup file at {from}");
        EnsureEmptyTarget(targetPath, Path.GetFullPath(dataDir));

        var dir = Path.GetDirectoryName(targetPath)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(targetPath)}.restore-{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true))
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
                await input.CopyToAsync(output, ct);
            log?.Invoke($"restore: copied {from} ({new FileInfo(temp).Length:N0} bytes); checking it");
            var manifest = await VerifyAsync(temp, from, ct);
            await SyncAndHashAsync(temp, ct);
            // Fails rather than replaces if a database appeared meanwhile (a site started on the same DataDir).
            try { File.Move(temp, targetPath, overwrite: false); }
            catch (IOException e) when (File.Exists(targetPath))
            {
                throw new BackupException($"{targetPath} appeared while restoring; nothing was replaced", e);
            }
            return manifest;
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    /// <summary>Refuses when the target database, any database file, or a search index is already in the DataDir.</summary>
    private static void EnsureEmptyTarget(string targetPath, string dataDir)
    {
        foreach (var f in new[] { targetPath, targetPath + "-wal", targetPath + "-shm", targetPath + "-journal" })
            if (File.Exists(f))
                throw new BackupException($"{f} already exists; restore only writes into an empty DataDir and never replaces " +
                    "a database: stop the site and move the old database away first, or restore into another folder");
        if (!Directory.Exists(dataDir)) return;
        if (Directory.EnumerateFiles(dataDir, "*.db").FirstOrDefault() is { } other)
            throw new BackupException($"DataDir {dataDir} already holds a database ({Path.GetFileName(other)}); restore into an empty DataDir");
        // An index built from another database would be followed from its own change position and never match.
        var index = Path.Combine(dataDir, "index");
        if (Directory.Exists(index))
            throw new BackupException($"DataDir {dataDir} holds a search index ({index}) built from another database; remove it " +
                "(the site rebuilds it from the restored database) or restore into an empty DataDir");
    }

    /// <summary>Checks a copied backup file and removes its manifest table; returns the manifest.</summary>
    private static async Task<BackupManifest> VerifyAsync(string temp, string from, CancellationToken ct)
    {
        await using var c = OpenFile(temp, SqliteOpenMode.ReadWrite);
        try
        {
            await EnsureIntegrityAsync(c, from, ct);
            var json = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @t", new { t = ManifestTable }, cancellationToken: ct)) == 0
                ? throw new BackupException($"{from} holds no backup manifest: it was not written by `dailypapers backup`")
                : await c.ExecuteScalarAsync<string>(new CommandDefinition($"SELECT manifest FROM {ManifestTable}", cancellationToken: ct));
            var manifest = BackupManifest.Parse(json ?? "", from);
            if (manifest.Format != BackupManifest.CurrentFormat)
                throw new BackupException($"{from}: backup format \"{manifest.Format}\" is not one this build reads ({BackupManifest.CurrentFormat})");
            var known = Migrator.KnownVersion(Dialect.Sqlite);
            if (manifest.SchemaVersion > known)
                throw new BackupException($"{from} holds schema version {manifest.SchemaVersion} ({manifest.SchemaName}), newer than this build " +
                    $"knows ({known}); restore it with DailyPapers {manifest.AppVersion} or newer");
            var schema = await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(version) FROM schema_version", cancellationToken: ct));
            if (schema != manifest.SchemaVersion)
                throw new BackupException($"{from}: the database is at schema version {schema}, the manifest says {manifest.SchemaVersion}");
            var actual = await DatabaseContent.SummarizeAsync(c, ManifestTable, ct);
            var problems = Compare(manifest.Tables, actual);
            if (problems.Count > 0)
                throw new BackupException($"{from} does not match its manifest (changed or damaged since it was written): {string.Join("; ", problems)}");
            await c.ExecuteAsync(new CommandDefinition($"DROP TABLE {ManifestTable}", cancellationToken: ct));
            return manifest;
        }
        catch (SqliteException e)
        {
            // SQLITE_NOTADB and friends: a file that is not a SQLite database at all, or one too damaged to read.
            throw new BackupException($"{from} cannot be read as a SQLite database ({e.Message})", e);
        }
    }

    private static List<string> Compare(IReadOnlyDictionary<string, BackupManifest.TableSummary> expected,
        IReadOnlyDictionary<string, BackupManifest.TableSummary> actual)
    {
        var problems = new List<string>();
        foreach (var (table, want) in expected)
        {
            if (!actual.TryGetValue(table, out var got)) problems.Add($"table {table} is missing");
            else if (got.Rows != want.Rows) problems.Add($"table {table} has {got.Rows:N0} rows, the manifest says {want.Rows:N0}");
            else if (got.Sha256 != want.Sha256) problems.Add($"table {table}: checksum {got.Sha256[..12]}… differs from the manifest's {want.Sha256[..Math.Min(12, want.Sha256.Length)]}…");
        }
        problems.AddRange(actual.Keys.Where(t => !expected.ContainsKey(t)).Select(t => $"table {t} is not in the manifest"));
        return problems;
    }
}
