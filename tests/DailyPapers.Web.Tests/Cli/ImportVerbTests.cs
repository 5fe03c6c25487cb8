using System.IO.Compression;
using DailyPapers.Storage;
using DailyPapers.Web.Cli;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DailyPapers.Web.Tests.Cli;

/// <summary><c>dailypapers import</c> end to end through the CLI entry point, on a SQLite file in a temp folder.</summary>
public sealed class ImportVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dailypapers-cli-tests", Guid.NewGuid().ToString("N"));
    private string Db => Path.Combine(_dir, "cli.db");

    // Two real Kaggle snapshot records (arXiv metadata, CC0), shortened.
    private const string Good1 = """{"id":"0704.0001","submitter":"Pavel Nadolsky","authors":"C. Bal\\'azs, E. L. Berger","title":"Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies","comments":null,"journal-ref":null,"doi":null,"report-no":null,"categories":"hep-ph","license":null,"abstract":"  A fully differential calculation in perturbative quantum chromodynamics.\n","versions":[{"version":"v1","created":"Mon, 2 Apr 2007 19:18:42 GMT"},{"version":"v2","created":"Tue, 24 Jul 2007 20:10:27 GMT"}],"update_date":"2008-11-26","authors_parsed":[["Bal\u00e1zs","C.",""],["Berger","E. L.",""]]}""";
    private const string Good2 = """{"id":"0704.0002","submitter":"Louis Theran","authors":"Ileana Streinu and Louis Theran","title":"Sparsity-certifying Graph Decompositions","comments":null,"journal-ref":null,"doi":null,"report-no":null,"categories":"math.CO cs.CG","license":null,"abstract":"  We describe a new algorithm, the $(k,\\ell)$-pebble game with colors.\n","versions":[{"version":"v1","created":"Sat, 31 Mar 2007 02:26:18 GMT"}],"update_date":"2008-12-13","authors_parsed":[["Streinu","Ileana",""],["Theran","Louis",""]]}""";

    public ImportVerbTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--database", Db], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<long> PaperCountAsync() => (await new PaperStore(Database.Sqlite(Db)).CountAsync()).Papers;

    [Fact]
    public async Task Imports_a_file_and_prints_the_summary_line()
    {
        var file = Write("papers.jsonl", Good1, Good2);
        var (code, stdout, stderr) = await RunAsync("import", file);
        Assert.Equal(0, code);
        Assert.Equal("2 new, 0 updated, 0 unchanged, 0 rejected", stdout.Trim());
        Assert.Contains($"import: {file}: Kaggle arXiv metadata snapshot", stderr);
        Assert.Equal(2, await PaperCountAsync());
    }

    [Fact]
    public async Task Reimporting_reports_everything_unchanged()
    {
        var file = Write("papers.jsonl", Good1, Good2);
        await RunAsync("import", file);
        var (code, stdout, _) = await RunAsync("import", file);
        Assert.Equal(0, code);
        Assert.Equal("0 new, 0 updated, 2 unchanged, 0 rejected", stdout.Trim());
    }

    [Fact]
    public async Task Gzip_input_is_read_by_content()
    {
        var path = Path.Combine(_dir, "papers.jsonl.gz");
        await using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        await using (var w = new StreamWriter(gz))
            await w.WriteAsync(Good1 + "\n" + Good2 + "\n");
        var (code, stdout, _) = await RunAsync("import", path);
        Assert.Equal(0, code);
        Assert.Equal("2 new, 0 updated, 0 unchanged, 0 rejected", stdout.Trim());
    }

    [Fact]
    public async Task A_rejected_line_is_reported_by_file_and_line_the_rest_imported_and_the_exit_code_is_1()
    {
        var file = Write("papers.jsonl", Good1, "{\"id\":\"0704.0003\",\"title\":", Good2);
        var (code, stdout, stderr) = await RunAsync("import", file);
        Assert.Equal(1, code);
        Assert.Equal("2 new, 0 updated, 0 unchanged, 1 rejected", stdout.Trim());
        Assert.Contains($"{file}:2: invalid JSON", stderr);
        Assert.Equal(2, await PaperCountAsync());
    }

    [Fact]
    public async Task Strict_aborts_and_writes_nothing()
    {
        var file = Write("papers.jsonl", Good1, "{\"title\":\"no id\",\"abstract\":\"x\",\"id\":null}", Good2);
        var (code, stdout, stderr) = await RunAsync("import", file, "--strict");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("1 of 3 records rejected, nothing imported", stderr);
        Assert.Contains($"{file}:2: missing \"id\"", stderr);
        Assert.Equal(0, await PaperCountAsync());
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var missing = Path.Combine(_dir, "nope.jsonl");
        var (code, _, stderr) = await RunAsync("import", missing);
        Assert.Equal(2, code);
        Assert.Contains($"no such file: {missing}", stderr);
        Assert.Contains("usage: dailypapers import", stderr);
    }

    [Fact]
    public async Task No_file_is_a_usage_error()
    {
        var (code, _, stderr) = await RunAsync("import");
        Assert.Equal(2, code);
        Assert.Contains("name at least one FILE", stderr);
    }

    [Fact]
    public async Task An_unrecognised_file_fails_naming_it()
    {
        var file = Write("notes.txt", "hello");
        var (code, _, stderr) = await RunAsync("import", file);
        Assert.Equal(1, code);
        Assert.Contains(file, stderr);
        Assert.Contains("unrecognised format", stderr);
    }
}
