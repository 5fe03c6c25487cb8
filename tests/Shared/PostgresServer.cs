using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DailyPapers.Storage;
using Npgsql;

namespace DailyPapers.TestSupport;

/// <summary>
/// A throw-away PostgreSQL 15 server for the test run: <c>initdb</c> + <c>pg_ctl</c> in a temp folder (as the
/// <c>postgres</c> user when running as root), listening on a free loopback port with trust auth, removed when
/// the test process exits. Each test gets its own database. Set <c>DAILYPAPERS_TEST_PG</c> to a connection string
/// to use an existing server instead.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<(string? ConnectionString, string? Why)> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Null when PostgreSQL can't be started here; <see cref="Unavailable"/> says why.</summary>
    public static string? AdminConnectionString => Server.Value.ConnectionString;
    public static string? Unavailable => Server.Value.Why;

    /// <summary>
    /// True under CI and under <c>./test</c> (the README's test command, which installs what is missing): then no
    /// test may be skipped for a missing tool; it fails with the reason instead.
    /// </summary>
    public static bool MustRunEverything =>
        Environment.GetEnvironmentVariable("CI") is "true" or "1"
        || Environment.GetEnvironmentVariable("DAILYPAPERS_TESTS_REQUIRE_ALL") is "1";

    /// <summary>Creates a fresh, empty database and returns a <see cref="Database"/> for it.</summary>
    public static Database CreateDatabase()
    {
        var admin = AdminConnectionString ?? throw new InvalidOperationException($"PostgreSQL unavailable: {Unavailable}");
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        using (var c = new NpgsqlConnection(admin))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            cmd.ExecuteNonQuery();
        }
        var b = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 50 };
        return Database.Postgres(b.ConnectionString);
    }

    private static (string?, string?) Start()
    {
        if (Environment.GetEnvironmentVariable("DAILYPAPERS_TEST_PG") is { Length: > 0 } given) return (given, null);
        var bin = new[] { "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin" }
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
        if (bin is null) return (null, "PostgreSQL server binaries not found (apt-get install postgresql)");
        var isRoot = Environment.UserName == "root";
        RemoveLeftovers();
        var dir = Path.Combine(Path.GetTempPath(), $"dp-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        if (isRoot) Run("chown", $"postgres:postgres {dir}", asPostgres: false);
        var data = Path.Combine(dir, "data");
        var port = FreePort();
        var (ok, output) = Run(Path.Combine(bin, "initdb"), $"-D {data} -U postgres --auth=trust -E UTF8 --no-locale", isRoot);
        if (!ok) return (null, $"initdb failed: {output}");
        // Durability is irrelevant for a throw-away test server; fsync off makes it several times faster.
        (ok, output) = Run(Path.Combine(bin, "pg_ctl"),
            $"-D {data} -l {dir}/server.log -w -t 60 -o \"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start", isRoot);
        if (!ok) return (null, $"pg_ctl start failed: {output} {SafeRead(Path.Combine(dir, "server.log"))}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(Path.Combine(bin, "pg_ctl"), $"-D {data} -m immediate -w stop", isRoot);
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return ($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=30", null);
    }

    /// <summary>
    /// Deletes the folders of earlier runs whose test process is gone and whose server is stopped: the exit
    /// handler stops the server, but the test host can be ended before it deletes ~40 MB of cluster files.
    /// </summary>
    private static void RemoveLeftovers()
    {
        foreach (var old in Directory.EnumerateDirectories(Path.GetTempPath(), "dp-pg-*"))
        {
            var parts = Path.GetFileName(old).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], out var pid)) continue; // not one of ours
            if (Directory.Exists($"/proc/{pid}") || File.Exists(Path.Combine(old, "data", "postmaster.pid"))) continue;
            try { Directory.Delete(old, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static (bool Ok, string Output) Run(string file, string args, bool asPostgres)
    {
        var psi = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {args}")
            : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = "/tmp";
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode == 0, stdout.Result + stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, e.Message);
        }
    }

    private static string SafeRead(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
