using System.Reflection;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DailyPapers.Storage.Backup;

/// <summary>Pages copied so far out of the database's pages, reported while a backup runs.</summary>
public sealed record BackupProgress(int PagesCopied, int PagesTotal)
{
    public int Percent => PagesTotal == 0 ? 100 : (int)(100L * PagesCopied / PagesTotal);
}

/// <summary>The file written, what it holds, and its SHA-256 (to check a copy taken elsewhere with sha256sum).</summary>
public sealed record BackupResult(string File, long Bytes, string FileSha256, BackupManifest Manifest);

/// <summary>
/// Backup and restore of a SQLite database while the site serves. The copy is made with SQLite's online backup API
/// inside one read transaction of the source, so it is one consistent state of the database however many writers
/// run (WAL lets them go on meanwhile), copied in steps so progress can be shown. The copy is checked
/// (<c>PRAGMA integrity_check</c>), given its manifest (<see cref="BackupManifest"/>, inside the file) and only then
/// renamed into place: a FILE that exists is always a complete backup.
/// </summary>
public static partial class SqliteBackup
{
    /// <summary>The table inside a backup file that holds its manifest (dropped again by restore).</summary>
    public const string ManifestTable = "backup_manifest";
    /// <summary>Pages per backup step: 4 MiB at SQLite's default 4 KiB page, so progress moves on a big database.</summary>
    public const int PagesPerStep = 1024;
    /// <summary>Progress is reported when at least this share of the pages (in percent) was copied since the last report.</summary>
    public const int ReportEveryPercent = 5;
    private static readonly TimeSpan BusyRetry = TimeSpan.FromMilliseconds(50);

    public static async Task<BackupResult> BackupAsync(Database source, string file, bool force, Action<BackupProgress>? progress = null,
        TimeProvider? clock = null, int pagesPerStep = PagesPerStep, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pagesPerStep, 1);
        var sourcePath = source.FilePath ?? throw new BackupException("backup: the database is PostgreSQL; use pg_dump (see PostgresBackupAdvice)");
        var target = Path.GetFullPath(file);
        if (target == sourcePath || target.StartsWith(sourcePath + "-", StringComparison.Ordinal))
            throw new BackupException($"{target} is the database itself (or one of its files); write the backup somewhere else");
        if (Directory.Exists(target)) throw new BackupException($"{target} is a folder; name the backup file to write");
        if (File.Exists(target) && !force) throw new BackupException($"{target} already exists; pass --force to replace it");
        if (!File.Exists(sourcePath)) throw new BackupException($"there is no database at {sourcePath} to back up");
        await Migrator.EnsureNotNewerAsync(source, ct);

        var dir = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(dir);
        // Beside the target, so the final rename stays on one file system and is atomic.
        var temp = Path.Combine(dir, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            CopyPages(sourcePath, temp, pagesPerStep, progress, ct);
            var manifest = await WriteManifestAsync(temp, sourcePath, (clock ?? TimeProvider.System).GetUtcNow(), ct);
            var (bytes, sha) = await SyncAndHashAsync(temp, ct);
            try { File.Move(temp, target, overwrite: force); }
            catch (IOException e) when (!force && File.Exists(target))
            {
                throw new BackupException($"{target} appeared while the backup ran; pass --force to replace it", e);
            }
            return new BackupResult(target, bytes, sha, manifest);
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    /// <summary>Copies every page of the source into a new file, in steps, all from one snapshot of the source.</summary>
    private static void CopyPages(string sourcePath, string temp, int pagesPerStep, Action<BackupProgress>? progress, CancellationToken ct)
    {
        using var src = OpenFile(sourcePath, SqliteOpenMode.ReadWrite);
        // A read transaction held across all steps: the backup reads this one snapshot, and writes by the site's
        // connections (committed to the WAL) neither block it nor make it start over as they would between steps.
        using var read = src.BeginTransaction(deferred: true);
        src.ExecuteScalar("SELECT COUNT(*) FROM sqlite_master", transaction: read);
        using (var dst = OpenFile(temp, SqliteOpenMode.ReadWriteCreate))
        using (var backup = raw.sqlite3_backup_init(dst.Handle, "main", src.Handle, "main"))
        {
            if (backup.IsInvalid)
                SqliteException.ThrowExceptionForRC(raw.sqlite3_errcode(dst.Handle), dst.Handle);
            var reported = -1;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var rc = raw.sqlite3_backup_step(backup, pagesPerStep);
                if (rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
                {
                    Thread.Sleep(BusyRetry);
                    continue;
                }
                if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
                    SqliteException.ThrowExceptionForRC(rc, dst.Handle);
                var total = raw.sqlite3_backup_pagecount(backup);
                var copied = total - raw.sqlite3_backup_remaining(backup);
                var done = rc == raw.SQLITE_DONE;
                // A restart (fewer pages copied than last time) is always shown: the operator sees the backup start over.
                if (done || reported < 0 || copied < reported || (long)(copied - reported) * 100 >= (long)total * ReportEveryPercent)
                {
                    progress?.Invoke(new BackupProgress(copied, total));
                    reported = copied;
                }
                if (done) break;
            }
        }
        read.Rollback();
    }

    /// <summary>Checks the copy, then stores its manifest in it: counts and checksums read from the copy itself.</summary>
    private static async Task<BackupManifest> WriteManifestAsync(string temp, string sourcePath, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = OpenFile(temp, SqliteOpenMode.ReadWrite);
        // The copy carries the source's WAL flag; one self-contained file (no -wal beside it) is what an operator copies.
        await c.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=DELETE", cancellationToken: ct));
        await EnsureIntegrityAsync(c, $"the copy of {sourcePath}", ct);
        var (version, name) = await c.QuerySingleOrDefaultAsync<(long, string)>(new CommandDefinition(
            "SELECT version, name FROM schema_version ORDER BY version DESC LIMIT 1", cancellationToken: ct));
        var manifest = new BackupManifest
        {
            CreatedAt = now,
            AppVersion = AppVersion,
            SchemaVersion = (int)version,
            SchemaName = name ?? "",
            Source = sourcePath,
            Tables = await DatabaseContent.SummarizeAsync(c, ManifestTable, ct),
        };
        await c.ExecuteAsync(new CommandDefinition($"CREATE TABLE {ManifestTable} (manifest TEXT NOT NULL)", cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition($"INSERT INTO {ManifestTable} (manifest) VALUES (@json)", new { json = manifest.ToJson() }, cancellationToken: ct));
        return manifest;
    }

    /// <summary>Throws unless <c>PRAGMA integrity_check</c> answers exactly "ok".</summary>
    private static async Task EnsureIntegrityAsync(SqliteConnection c, string what, CancellationToken ct)
    {
        var lines = (await c.QueryAsync<string>(new CommandDefinition("PRAGMA integrity_check(20)", cancellationToken: ct))).ToList();
        if (lines is not ["ok"])
            throw new BackupException($"{what} is damaged: PRAGMA integrity_check says: {string.Join("; ", lines)}");
    }

    /// <summary>Flushes the file to disk before it is renamed into place, and hashes it on the way.</summary>
    private static async Task<(long Bytes, string Sha256)> SyncAndHashAsync(string path, CancellationToken ct)
    {
        await using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 20, useAsync: true);
        var sha = await SHA256.HashDataAsync(fs, ct);
        fs.Flush(flushToDisk: true);
        return (fs.Length, Convert.ToHexStringLower(sha));
    }

    /// <summary>A private connection to one file: not pooled, so the file is really closed when it is disposed.</summary>
    private static SqliteConnection OpenFile(string path, SqliteOpenMode mode)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        c.Open();
        return c;
    }

    private static void DeleteQuietly(string path)
    {
        foreach (var f in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            try { File.Delete(f); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>This build's version, as recorded in a manifest.</summary>
    public static string AppVersion { get; } =
        typeof(SqliteBackup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SqliteBackup).Assembly.GetName().Version?.ToString() ?? "unknown";
}
