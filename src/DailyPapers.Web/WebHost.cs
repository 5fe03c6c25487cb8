using DailyPapers.Storage;
using DailyPapers.Web.Jobs;

namespace DailyPapers.Web;

/// <summary>Builds the web application: services, middleware and the route table.</summary>
public static class WebHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // README promises http://127.0.0.1:5000 unless told otherwise (--urls or ASPNETCORE_URLS).
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls("http://127.0.0.1:5000");

        var options = DailyPapersOptions.From(builder.Configuration);
        builder.Services.AddDailyPapers(options);
        builder.Services.AddRazorPages();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<DemoCorpusStatus>();
        builder.Services.AddHostedService<DemoCorpusService>();
        builder.Services.AddHostedService<HarvestService>();

        var app = builder.Build();

        // The schema must exist before the first request; migrations are quick and idempotent.
        var db = app.Services.GetRequiredService<Database>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Startup");
        Migrator.MigrateAsync(db, m => log.LogInformation("{Message}", m)).GetAwaiter().GetResult();
        log.LogInformation("database: {Database}", db);

        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.MapRazorPages();
        return app;
    }
}
