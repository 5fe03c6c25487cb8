using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DailyPapers.Storage;

/// <summary>
/// The source of truth: a SQLite file (default) or a PostgreSQL server, chosen by a location string:
/// a path or <c>sqlite:PATH</c> for SQLite, <c>postgres:CONNSTR</c> (or any <c>Host=…</c> string) for PostgreSQL.
/// </summary>
public sealed class Database
{
    public Dialect Dialect { get; }
    public string ConnectionString { get; }
    /// <summary>For SQLite, the database file; null for PostgreSQL.</summary>
    public string? FilePath { get; }

    private Database(Dialect dialect, string connectionString, string? filePath)
    {
        Dialect = dialect;
        ConnectionString = connectionString;
        FilePath = filePath;
    }

    public static Database Sqlite(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        return new Database(Dialect.Sqlite, cs, full);
    }

    public static Database Postgres(string connectionString)
    {
        // Validates the string early with a clear message rather than at first use.
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return new Database(Dialect.Postgres, b.ConnectionString, null);
    }

    /// <summary>Parses a database location as given on the command line or in configuration.</summary>
    public static Database FromLocation(string location)
    {
        if (string.IsNullOrWhiteSpace(location))
            throw new ArgumentException("database location is empty (expected a file path, sqlite:PATH or postgres:CONNSTR)");
        if (location.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase))
            return Postgres(location["postgres:".Length..]);
        if (location.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
            return Postgres(location["postgresql:".Length..]);
        if (location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
            return Sqlite(location["sqlite:".Length..]);
        if (location.Contains("Host=", StringComparison.OrdinalIgnoreCase))
            return Postgres(location);
        return Sqlite(location);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var c = Dialect.CreateConnection(ConnectionString);
        try
        {
            await c.OpenAsync(ct);
            await Dialect.OnOpenedAsync(c, ct);
            return c;
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
    }

    public override string ToString() => FilePath is { } f ? $"sqlite:{f}" : $"postgres:{new NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }}";
}
