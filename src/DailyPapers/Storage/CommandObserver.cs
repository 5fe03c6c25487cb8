using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Storage;

/// <summary>
/// Sees every SQL command created on the current async flow (SQLite), for tests that bound how many statements a
/// page runs and for diagnostics. Costs nothing when nobody observes: connections are then plain
/// <see cref="SqliteConnection"/>s.
/// </summary>
public static class CommandObserver
{
    private static readonly AsyncLocal<Action<DbCommand>?> Current = new();

    /// <summary>Calls <paramref name="onCommand"/> for each command created on this flow until the result is disposed.</summary>
    public static IDisposable Observe(Action<DbCommand> onCommand)
    {
        var previous = Current.Value;
        Current.Value = onCommand;
        return new Restore(previous);
    }

    internal static DbConnection CreateSqlite(string connectionString) =>
        Current.Value is { } observer ? new ObservedSqliteConnection(connectionString, observer) : new SqliteConnection(connectionString);

    private sealed class Restore(Action<DbCommand>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }

    private sealed class ObservedSqliteConnection(string connectionString, Action<DbCommand> observer) : SqliteConnection(connectionString)
    {
        public override SqliteCommand CreateCommand()
        {
            var command = base.CreateCommand();
            observer(command);
            return command;
        }
    }
}
