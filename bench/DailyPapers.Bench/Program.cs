using DailyPapers.Bench;

// Benchmarks print figures for docs/BENCHMARKS.md. Run in Release:
//   dotnet run -c Release --project bench/DailyPapers.Bench -- BENCHMARK [args]
var benchmarks = new Dictionary<string, (string Usage, Func<string[], Task<int>> Run)>
{
    ["gen-kaggle"] = ("gen-kaggle COUNT OUT.jsonl[.gz] [--source HF.jsonl.gz] [--seed N]", KaggleGenerator.RunAsync),
    ["import"] = ("import FILE... [--runs N] [--batch N] [--database postgres:CONNSTR] [--merge-only] [--reimport] [--catch-up]", ImportBench.RunAsync),
    ["parse"] = ("parse FILE: read and parse only, no database (the importer's reading side)", ParseBench.RunAsync),
    ["search-scale"] = ("search-scale N [--source HF.jsonl.gz] [--models DIR] [--keep DIR [--reuse]] [--queries Q]", SearchScaleBench.RunAsync),
    ["digests"] = ("digests N [--send M] [--connections C] [--demo FILE]", DigestBench.RunAsync),
    ["attack"] = ("attack [--web DLL] [--seconds S] [--runs R] [--attackers C] [--port P]", AttackBench.RunAsync),
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var bench))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/DailyPapers.Bench -- BENCHMARK [args]");
    foreach (var (_, b) in benchmarks) Console.Error.WriteLine($"  {b.Usage}");
    return 2;
}
return await bench.Run(args[1..]);
