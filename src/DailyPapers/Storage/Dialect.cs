using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DailyPapers.Storage;

/// <summary>
/// Everything that differs between the two SQL engines lives here, so stores run the same SQL on both.
/// Both engines take <c>INSERT … ON CONFLICT … DO UPDATE</c>, <c>RETURNING</c> and <c>IS DISTINCT FROM</c>;
/// timestamps are stored as ISO-8601 UTC text on both (see <see cref="SqlTime"/>), so ordering and
/// comparisons are identical.
/// </summary>
public abstract class Dialect
{
    public abstract string Name { get; }
    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Per-connection settings run after opening.</summary>
    public virtual Task OnOpenedAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Row lock suffix for a SELECT that precedes a read-modify-write. PostgreSQL needs it so a second transaction
    /// waits and then reads fresh rows; SQLite's write transactions (BEGIN IMMEDIATE) already serialise.
    /// </summary>
    public abstract string ForUpdate { get; }

    /// <summary>Case-insensitive LIKE operator.</summary>
    public abstract string ILike { get; }

    /// <summary>
    /// Takes a named, cluster-wide lock for the rest of the transaction, so jobs that must run once do so even
    /// with several nodes. SQLite has one writer per file, so a write transaction already serialises.
    /// </summary>
    public abstract string TransactionLockSql(long key);

    /// <summary>
    /// "column IN list" for a list parameter: Dapper expands lists into (@p1, @p2, …) for SQLite, but passes one
    /// array parameter to Npgsql, which needs <c>= ANY(@p)</c>.
    /// </summary>
    public static string InList(DbConnection c, string parameter) =>
        c is NpgsqlConnection ? $"= ANY({parameter})" : $"IN {parameter}";

    /// <summary>Per-connection settings for a bulk import connection, or null.</summary>
    public virtual string? BulkWriteSettingsSql => null;

    /// <summary>The bulk path for brand-new papers of an import batch (binary COPY or multi-row INSERTs).</summary>
    internal abstract BulkPaperWriter BulkWriter(DbConnection c, DbTransaction tx);

    public static readonly Dialect Sqlite = new SqliteDialect();
    public static readonly Dialect Postgres = new PostgresDialect();

    private sealed class SqliteDialect : Dialect
    {
        public override string Name => "sqlite";
        public override DbConnection CreateConnection(string cs) => CommandObserver.CreateSqlite(cs);
        public override string ILike => "LIKE";
        public override string ForUpdate => "";
        public override string TransactionLockSql(long key) => "SELECT 1";
        internal override BulkPaperWriter BulkWriter(DbConnection c, DbTransaction tx) => new SqliteBulkPaperWriter(c, tx);

        // The default page cache (2 MB) is far smaller than the indexes a million-paper import keeps inserting into
        // (arXiv ids, author names); a larger cache saves re-reading their pages. Negative = KiB, so 64 MiB.
        public override string? BulkWriteSettingsSql => "PRAGMA cache_size = -65536";

        public override async Task OnOpenedAsync(DbConnection connection, CancellationToken ct)
        {
            await using var cmd = connection.CreateCommand();
            // WAL lets readers run beside the one writer; NORMAL sync is durable across process crashes in WAL mode.
            cmd.CommandText = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed class PostgresDialect : Dialect
    {
        public override string Name => "postgres";
        public override DbConnection CreateConnection(string cs) => new NpgsqlConnection(cs);
        public override string ILike => "ILIKE";
        public override string ForUpdate => " FOR UPDATE";
        public override string TransactionLockSql(long key) => $"SELECT pg_advisory_xact_lock({key})";
        internal override BulkPaperWriter BulkWriter(DbConnection c, DbTransaction tx) =>
            new PostgresBulkPaperWriter((NpgsqlConnection)c, (NpgsqlTransaction)tx);
    }
}
