using System.Data.Common;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// The database holds a migration this build does not know: it was upgraded by a newer DailyPapers. Running an older
/// build against it could write rows the newer schema forbids, so the site and every verb refuse to start.
/// </summary>
public sealed class SchemaTooNewException(int databaseVersion, string databaseName, int knownVersion)
    : InvalidOperationException($"the database schema is at version {databaseVersion} ({databaseName}), newer than this build knows " +
        $"({knownVersion}); run a newer DailyPapers or restore a backup")
{
    public int DatabaseVersion { get; } = databaseVersion;
    public int KnownVersion { get; } = knownVersion;
}

public static partial class Migrator
{
    /// <summary>The newest schema version this build knows for <paramref name="dialect"/>.</summary>
    public static int KnownVersion(Dialect dialect) => Load(dialect) is { Count: > 0 } all ? all[^1].Version : 0;

    /// <summary>
    /// The migrations <see cref="MigrateAsync"/> would apply, in order, without changing anything: a SQLite file that
    /// does not exist yet is not created (every migration is pending). Refuses like MigrateAsync on a newer schema.
    /// </summary>
    public static async Task<IReadOnlyList<Migration>> PendingAsync(Database db, CancellationToken ct = default)
    {
        var all = Load(db.Dialect);
        if (db.FilePath is { } file && !File.Exists(file)) return all;
        await using var c = await db.OpenAsync(ct);
        await EnsureNotNewerAsync(c, db.Dialect, all, ct);
        var applied = (await AppliedAsync(c, db.Dialect, ct)).Select(a => a.Version).ToHashSet();
        return all.Where(m => !applied.Contains(m.Version)).ToList();
    }

    /// <summary>Throws <see cref="SchemaTooNewException"/> when the database holds a migration this build does not know; reads only.</summary>
    public static async Task EnsureNotNewerAsync(Database db, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await EnsureNotNewerAsync(c, db.Dialect, Load(db.Dialect), ct);
    }

    /// <summary>
    /// The check itself: a read of schema_version, so two nodes of the same build starting together both pass it
    /// whatever the other is applying (every version it can see is one they both know).
    /// </summary>
    internal static async Task EnsureNotNewerAsync(DbConnection c, Dialect dialect, IReadOnlyList<Migration> known, CancellationToken ct)
    {
        var knownVersion = known.Count > 0 ? known[^1].Version : 0;
        var newest = (await AppliedAsync(c, dialect, ct)).LastOrDefault();
        if (newest is not null && newest.Version > knownVersion)
            throw new SchemaTooNewException(newest.Version, newest.Name, knownVersion);
    }

    private sealed record AppliedRow(int Version, string Name);

    /// <summary>The rows of schema_version in version order; none when the table does not exist yet (a new database).</summary>
    private static async Task<IReadOnlyList<AppliedRow>> AppliedAsync(DbConnection c, Dialect dialect, CancellationToken ct)
    {
        // Asked first rather than caught: a failed statement would abort a PostgreSQL transaction around it.
        var exists = dialect == Dialect.Sqlite
            ? await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'", cancellationToken: ct)) > 0
            : await c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT to_regclass('schema_version') IS NOT NULL", cancellationToken: ct));
        if (!exists) return [];
        return (await c.QueryAsync<(long Version, string Name)>(new CommandDefinition(
            "SELECT version, name FROM schema_version ORDER BY version", cancellationToken: ct))).Select(r => new AppliedRow((int)r.Version, r.Name)).ToList();
    }
}
