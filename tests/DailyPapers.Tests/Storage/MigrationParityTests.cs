using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

/// <summary>
/// Both dialects carry the same ordered migrations (issue 11.3): a version added to one folder only would leave a
/// PostgreSQL cluster or a SQLite file on a schema the code does not expect.
/// </summary>
public class MigrationParityTests
{
    [Fact]
    public void Issue11_sqlite_and_postgres_hold_the_same_migration_versions_and_names()
    {
        var sqlite = Migrator.Load(Dialect.Sqlite);
        var postgres = Migrator.Load(Dialect.Postgres);
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite.Select(m => (m.Version, m.Name)), postgres.Select(m => (m.Version, m.Name)));
    }

    [Fact]
    public void Migration_versions_run_from_1_without_gaps()
    {
        foreach (var dialect in new[] { Dialect.Sqlite, Dialect.Postgres })
        {
            var versions = Migrator.Load(dialect).Select(m => m.Version).ToList();
            Assert.Equal(Enumerable.Range(1, versions.Count), versions);
        }
    }

    [Fact]
    public void No_migration_file_is_empty()
    {
        foreach (var dialect in new[] { Dialect.Sqlite, Dialect.Postgres })
            Assert.All(Migrator.Load(dialect), m => Assert.False(string.IsNullOrWhiteSpace(m.Sql), $"{dialect.Name} {m.Version:D4}_{m.Name} is empty"));
    }
}
