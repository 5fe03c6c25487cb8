using System.Data.Common;
using System.Reflection;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// Applies the ordered SQL files <c>Migrations/{dialect}/NNNN_name.sql</c> (embedded resources) that are not yet
/// recorded in <c>schema_version</c>, each in its own transaction.
/// </summary>
public static partial class Migrator
{
    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> Load(Dialect dialect)
    {
        var asm = typeof(Migrator).Assembly;
        var prefix = $"Migrations/{dialect.Name}/";
        var list = new List<Migration>();
        foreach (var res in asm.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = res[prefix.Length..];
            var us = file.IndexOf('_');
            if (us <= 0 || !int.TryParse(file[..us], out var version))
                throw new InvalidOperationException($"migration file name must be NNNN_name.sql: {res}");
            using var s = asm.GetManifestResourceStream(res)!;
            using var r = new StreamReader(s);
            list.Add(new Migration(version, Path.GetFileNameWithoutExtension(file[(us + 1)..]), r.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < list.Count; i++)
            if (list[i].Version == list[i - 1].Version)
                throw new InvalidOperationException($"two migrations share version {list[i].Version} in {prefix}");
        return list;
    }

    /// <summary>
    /// Migrates to the newest schema; returns the migrations applied now. Refuses with <see cref="SchemaTooNewException"/>
    /// — before it writes anything — when the database holds a migration this build does not know.
    /// </summary>
    public static async Task<IReadOnlyList<Migration>> MigrateAsync(Database db, Action<string>? log = null, CancellationToken ct = default)
    {
        var all = Load(db.Dialect);
        await using var c = await db.OpenAsync(ct);
        await EnsureNotNewerAsync(c, db.Dialect, all, ct);
        if (db.Dialect == Dialect.Sqlite)
            await c.ExecuteAsync("PRAGMA journal_mode=WAL;");
        // Under the migrations lock too: two PostgreSQL sessions running CREATE TABLE IF NOT EXISTS at the same moment
        // can both go ahead and one fails on pg_type's unique index (nodes started together on a new database).
        await using (var tx = await c.BeginTransactionAsync(ct))
        {
            await c.ExecuteAsync(db.Dialect.TransactionLockSql(LockKeys.Migrations), transaction: tx);
            await c.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                transaction: tx);
            await tx.CommitAsync(ct);
        }
        var applied = new List<Migration>();
        foreach (var m in all)
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            // Several nodes may start at once against one PostgreSQL: the lock makes them take turns.
            await c.ExecuteAsync(db.Dialect.TransactionLockSql(LockKeys.Migrations), transaction: tx);
            var done = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version WHERE version = @v", new { v = m.Version }, tx);
            if (done > 0) { await tx.RollbackAsync(ct); continue; }
            log?.Invoke($"migrate: applying {m.Version:D4}_{m.Name} ({db.Dialect.Name})");
            try
            {
                await c.ExecuteAsync(m.Sql, transaction: tx);
            }
            catch (DbException e)
            {
                throw new InvalidOperationException($"migrate: {m.Version:D4}_{m.Name} failed on {db.Dialect.Name}: {e.Message}", e);
            }
            await c.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (@v, @n, @t)",
                new { v = m.Version, n = m.Name, t = SqlTime.Ts(DateTimeOffset.UtcNow) }, tx);
            await tx.CommitAsync(ct);
            applied.Add(m);
        }
        // A newer node may have upgraded the schema while this one was checking (a rolling upgrade): look again.
        await EnsureNotNewerAsync(c, db.Dialect, all, ct);
        return applied;
    }

    public static async Task<int> CurrentVersionAsync(Database db, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        try { return await c.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_version") ?? 0; }
        catch (DbException) { return 0; }
    }
}
