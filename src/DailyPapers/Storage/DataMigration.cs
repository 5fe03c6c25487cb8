using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// Copies every table of one database into another (typically a lab's SQLite file into PostgreSQL) in key order
/// and in batches, so an interrupted copy resumes where it stopped; then verifies each table by row count and a
/// checksum over its rows. The target is migrated to the same schema first.
/// </summary>
public sealed class DataMigration(Database source, Database target, Action<string>? log = null)
{
    private readonly Action<string> _log = log ?? (_ => { });

    /// <summary>A table in copy order (parents before children) and the key its rows are ordered and resumed by.</summary>
    public sealed record TableSpec(string Name, string[] Key);

    /// <summary>
    /// Every table, parents first. A test checks this list against the schema, so a migration that adds a table
    /// must add it here too.
    /// </summary>
    public static readonly IReadOnlyList<TableSpec> Tables =
    [
        new("users", ["id"]),
        new("organizations", ["id"]),
        new("papers", ["id"]),
        new("paper_authors", ["paper_id", "position"]),
        new("paper_versions", ["paper_id", "version"]),
        new("daily_entries", ["id"]),
        new("paper_changes", ["seq"]),
        new("app_state", ["key"]),
        new("votes", ["user_id", "paper_id"]),
        new("paper_embeddings", ["id"]),
        new("data_protection_keys", ["id"]),
        new("account_tokens", ["id"]),
        new("api_tokens", ["id"]),
        new("digest_subscribers", ["id"]),
        new("digest_alerts", ["id"]),
        new("digest_issues", ["period"]),
        new("digest_outbox", ["id"]),
        new("external_logins", ["provider", "subject"]),
        new("comments", ["id"]),
        new("notifications", ["id"]),
        new("collections", ["id"]),
        new("collection_items", ["collection_id", "paper_id"]),
        new("author_claims", ["id"]),
        new("organization_members", ["organization_id", "user_id"]),
        new("user_sessions", ["id_hash"]),
        new("signin_failures", ["subject", "client"]),
    ];

    public const int BatchRows = 5_000;

    public sealed record TableReport(string Table, long SourceRows, long TargetRows, string SourceChecksum, string TargetChecksum)
    {
        public bool Ok => SourceRows == TargetRows && SourceChecksum == TargetChecksum;
    }

    public async Task<IReadOnlyList<TableReport>> RunAsync(CancellationToken ct = default)
    {
        await Migrator.MigrateAsync(source, _log, ct);
        await Migrator.MigrateAsync(target, _log, ct);
        foreach (var t in Tables) await CopyTableAsync(t, ct);
        await ResetIdentitiesAsync(ct);
        var reports = new List<TableReport>();
        foreach (var t in Tables) reports.Add(await VerifyAsync(t, ct));
        return reports;
    }

    private async Task CopyTableAsync(TableSpec t, CancellationToken ct)
    {
        await using var src = await source.OpenAsync(ct);
        await using var dst = await target.OpenAsync(ct);
        var columns = await ColumnsAsync(dst, t.Name, ct);
        var total = await src.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {t.Name}");
        var first = t.Key[0];
        // Resume: rows are copied in key order, so everything below the target's largest first-key value is done;
        // rows sharing that value are re-sent and skipped by ON CONFLICT.
        var resumeFrom = await dst.ExecuteScalarAsync<object?>($"SELECT MAX({first}) FROM {t.Name}");
        var order = string.Join(", ", t.Key);
        var copied = 0L;
        var sql = resumeFrom is null or DBNull
            ? $"SELECT {string.Join(", ", columns.Keys)} FROM {t.Name} ORDER BY {order}"
            : $"SELECT {string.Join(", ", columns.Keys)} FROM {t.Name} WHERE {first} >= @from ORDER BY {order}";
        if (resumeFrom is not null and not DBNull)
            _log($"migrate-data: {t.Name}: resuming at {first} >= {resumeFrom}");
        await using var cmd = src.CreateCommand();
        cmd.CommandText = sql;
        if (resumeFrom is not null and not DBNull)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@from";
            p.Value = resumeFrom;
            cmd.Parameters.Add(p);
        }
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var insert = $"INSERT INTO {t.Name} ({string.Join(", ", columns.Keys)}) VALUES ({string.Join(", ", columns.Keys.Select(c => "@" + c))}) ON CONFLICT DO NOTHING";
        var batch = new List<DynamicParameters>(BatchRows);
        while (await reader.ReadAsync(ct))
        {
            var args = new DynamicParameters();
            var i = 0;
            foreach (var (name, type) in columns)
            {
                args.Add(name, reader.IsDBNull(i) ? null : Convert(reader.GetValue(i), type));
                i++;
            }
            batch.Add(args);
            if (batch.Count == BatchRows)
            {
                copied += await FlushAsync(dst, insert, batch, ct);
                _log($"migrate-data: {t.Name}: {copied:N0} rows sent of {total:N0}");
            }
        }
        copied += await FlushAsync(dst, insert, batch, ct);
        _log($"migrate-data: {t.Name}: done ({total:N0} rows in source)");
    }

    // Values are converted to the target's column types: SQLite keeps booleans as 0/1 integers.
    private static object Convert(object value, string targetType) =>
        targetType switch
        {
            "boolean" => value is bool b ? b : System.Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
            "bigint" => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
            "integer" => System.Convert.ToInt32(value, CultureInfo.InvariantCulture),
            "double precision" or "real" => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
            "bytea" or "blob" => value,
            _ => value is string ? value : System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
        };

    private static async Task<long> FlushAsync(DbConnection dst, string insert, List<DynamicParameters> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return 0;
        await using var tx = await dst.BeginTransactionAsync(ct);
        foreach (var args in batch) await dst.ExecuteAsync(insert, args, tx);
        await tx.CommitAsync(ct);
        var n = batch.Count;
        batch.Clear();
        return n;
    }

    /// <summary>Column names and types of a table in the target, in declaration order.</summary>
    private async Task<Dictionary<string, string>> ColumnsAsync(DbConnection c, string table, CancellationToken ct)
    {
        var cols = new Dictionary<string, string>(StringComparer.Ordinal);
        if (target.Dialect == Dialect.Postgres)
        {
            foreach (var (name, type) in await c.QueryAsync<(string, string)>(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = @table AND table_schema = current_schema() ORDER BY ordinal_position", new { table }))
                cols[name] = type;
        }
        else
        {
            foreach (var row in await c.QueryAsync($"PRAGMA table_info({table})"))
                cols[(string)row.name] = ((string)row.type).ToLowerInvariant();
        }
        if (cols.Count == 0) throw new InvalidOperationException($"migrate-data: table {table} does not exist in the target");
        return cols;
    }

    private async Task ResetIdentitiesAsync(CancellationToken ct)
    {
        if (target.Dialect != Dialect.Postgres) return;
        await using var dst = await target.OpenAsync(ct);
        foreach (var t in Tables.Where(t => t.Key is ["id"] or ["seq"]))
            await dst.ExecuteAsync($"SELECT setval(pg_get_serial_sequence('{t.Name}', '{t.Key[0]}'), GREATEST(COALESCE((SELECT MAX({t.Key[0]}) FROM {t.Name}), 0), 1))");
    }

    private async Task<TableReport> VerifyAsync(TableSpec t, CancellationToken ct)
    {
        var (sRows, sSum) = await ChecksumAsync(source, t, ct);
        var (dRows, dSum) = await ChecksumAsync(target, t, ct);
        var report = new TableReport(t.Name, sRows, dRows, sSum, dSum);
        _log($"migrate-data: verify {t.Name}: {sRows:N0} → {dRows:N0} rows, checksum {(report.Ok ? "equal" : "DIFFERENT")}");
        return report;
    }

    /// <summary>SHA-256 over every row in key order, values in a dialect-neutral text form.</summary>
    public static async Task<(long Rows, string Checksum)> ChecksumAsync(Database db, TableSpec t, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT * FROM {t.Name} ORDER BY {string.Join(", ", t.Key)}";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var names = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
        var order = names.Select((n, i) => (n, i)).OrderBy(x => x.n, StringComparer.Ordinal).Select(x => x.i).ToArray();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rows = 0;
        var sb = new StringBuilder();
        while (await r.ReadAsync(ct))
        {
            sb.Clear();
            foreach (var i in order)
            {
                var v = r.IsDBNull(i) ? null : r.GetValue(i);
                sb.Append(v switch
                {
                    null => "\u2400",
                    bool b => b ? "1" : "0",
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
                    byte[] bytes => System.Convert.ToBase64String(bytes),
                    IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
                    _ => v.ToString(),
                }).Append('\u241F');
            }
            sha.AppendData(Encoding.UTF8.GetBytes(sb.Append('\n').ToString()));
            rows++;
        }
        return (rows, System.Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant());
    }
}
