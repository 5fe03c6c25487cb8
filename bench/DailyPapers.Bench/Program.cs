// Benchmarks print figures for docs/BENCHMARKS.md; see README "Benchmarks". Verbs are added per benchmark.
Console.Error.WriteLine("usage: dotnet run -c Release --project bench/DailyPapers.Bench -- BENCHMARK [args]");
return 2;
