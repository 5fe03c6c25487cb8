using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Storage.Backup;

/// <summary>
/// Row counts and per-table SHA-256 checksums of a SQLite database, read through one connection (so inside one
/// snapshot). The checksum covers every value of every row in rowid order with its storage class, so any changed,
/// lost or added value shows; <c>PRAGMA integrity_check</c> covers the file's structure (pages, indexes).
/// </summary>
public static class DatabaseContent
{
    /// <summary>Summaries of every user table except <paramref name="skip"/>.</summary>
    public static async Task<SortedDictionary<string, BackupManifest.TableSummary>> SummarizeAsync(SqliteConnection c, string skip, CancellationToken ct)
    {
        var result = new SortedDictionary<string, BackupManifest.TableSummary>(StringComparer.Ordinal);
        var tables = await c.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> @skip ORDER BY name",
            new { skip }, cancellationToken: ct));
        foreach (var table in tables)
            result[table] = await SummarizeTableAsync(c, table, ct);
        return result;
    }

    private static async Task<BackupManifest.TableSummary> SummarizeTableAsync(SqliteConnection c, string table, CancellationToken ct)
    {
        var quoted = "\"" + table.Replace("\"", "\"\"") + "\"";
        // WITHOUT ROWID tables have no rowid to order by; their primary key orders them the same way every time.
        var withoutRowid = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = @table", new { table }, cancellationToken: ct)) == 1;
        var order = "rowid";
        if (withoutRowid)
        {
            var keys = await c.QueryAsync<string>(new CommandDefinition(
                "SELECT name FROM pragma_table_info(@table) WHERE pk > 0 ORDER BY pk", new { table }, cancellationToken: ct));
            order = string.Join(", ", keys.Select(k => "\"" + k.Replace("\"", "\"\"") + "\""));
        }
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT * FROM {quoted} ORDER BY {order}";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var scratch = new byte[16];
        long rows = 0;
        while (await r.ReadAsync(ct))
        {
            for (var i = 0; i < r.FieldCount; i++)
                AppendValue(sha, scratch, r.GetValue(i));
            rows++;
        }
        return new BackupManifest.TableSummary(rows, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    // A tag per storage class and a length before variable data, so ("ab","c") and ("a","bc") hash differently.
    private static void AppendValue(IncrementalHash sha, byte[] scratch, object value)
    {
        switch (value)
        {
            case DBNull:
                scratch[0] = 0;
                sha.AppendData(scratch, 0, 1);
                break;
            case long l:
                scratch[0] = 1;
                BinaryPrimitives.WriteInt64LittleEndian(scratch.AsSpan(1), l);
                sha.AppendData(scratch, 0, 9);
                break;
            case double d:
                scratch[0] = 2;
                BinaryPrimitives.WriteDoubleLittleEndian(scratch.AsSpan(1), d);
                sha.AppendData(scratch, 0, 9);
                break;
            case string s:
                AppendBytes(sha, scratch, 3, Encoding.UTF8.GetBytes(s));
                break;
            case byte[] b:
                AppendBytes(sha, scratch, 4, b);
                break;
            default:
                throw new InvalidOperationException($"checksum: unexpected SQLite value of type {value.GetType().Name}");
        }
    }

    private static void AppendBytes(IncrementalHash sha, byte[] scratch, byte tag, byte[] bytes)
    {
        scratch[0] = tag;
        BinaryPrimitives.WriteInt32LittleEndian(scratch.AsSpan(1), bytes.Length);
        sha.AppendData(scratch, 0, 5);
        sha.AppendData(bytes);
    }
}
