using DailyPapers.Ingest;
using DailyPapers.Storage;

namespace DailyPapers.Web;

/// <summary>The services shared by the web host and the command-line verbs.</summary>
public static class ServiceSetup
{
    public static IServiceCollection AddDailyPapers(this IServiceCollection services, DailyPapersOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => Database.FromLocation(options.DatabaseLocation));
        services.AddSingleton(sp => new PaperStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AppState(sp.GetRequiredService<Database>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<HarvestHttp>();
        return services;
    }
}

/// <summary>One shared HttpClient for harvesters (connection pooling; timeouts set per request).</summary>
public sealed class HarvestHttp : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(120),
        DefaultRequestHeaders = { { "User-Agent", "DailyPapers/1.0 (self-hosted paper feed; harvester)" } },
    };

    public void Dispose() => Client.Dispose();
}
