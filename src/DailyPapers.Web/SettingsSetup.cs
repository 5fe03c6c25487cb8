using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Authorship;
using DailyPapers.Web.Collections;
using DailyPapers.Web.Comments;
using DailyPapers.Web.Throttling;
using DailyPapers.Web.Votes;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web;

/// <summary>
/// Every setting of the site and the verbs, bound once from configuration (appsettings.json, appsettings.{Environment}.json,
/// environment variables, --DailyPapers:… switches) and validated when the host starts (<see cref="StartupSteps"/>):
/// a bad value stops start-up with one line naming the key and what it may be. Consumers take the settings object
/// itself (<c>VoteSettings</c>, <c>SmtpSettings</c> …) from DI; it is the bound, validated instance.
/// </summary>
public static class SettingsSetup
{
    public const string Section = "DailyPapers";

    public static IServiceCollection AddDailyPapersSettings(this IServiceCollection services)
    {
        services.AddOptions<DailyPapersOptions>().BindConfiguration(Section)
            .PostConfigure<IConfiguration>(ShortForms)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DailyPapersOptions>, DailyPapersOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DailyPapersOptions>>().Value);
        // Sections that live inside DailyPapersOptions: the same instances, so there is one value per setting.
        services.AddSingleton(sp => sp.GetRequiredService<DailyPapersOptions>().Smtp);
        services.AddSingleton(sp => sp.GetRequiredService<DailyPapersOptions>().Mail);
        services.AddSingleton(sp => sp.GetRequiredService<DailyPapersOptions>().Accounts);
        services.AddSingleton(sp => sp.GetRequiredService<DailyPapersOptions>().Oidc);
        services.AddSingleton(sp => sp.GetRequiredService<DailyPapersOptions>().Submissions);
        services.AddSingleton(sp => sp.GetRequiredService<DailyPapersOptions>().Search);
        services.AddSingleton(sp => sp.GetRequiredService<DailyPapersOptions>().Harvest);
        // Links in digests come from the site's one public base (SiteUrl); the web host refreshes it once bound.
        services.AddSingleton(sp =>
        {
            var digest = sp.GetRequiredService<DailyPapersOptions>().Digest;
            digest.PublicUrl = sp.GetRequiredService<SiteUrl>().Base;
            return digest;
        });

        services.AddSection<VoteSettings>("Votes");
        services.AddSection<CommentSettings>("Comments");
        services.AddSection<CollectionSettings>("Collections");
        services.AddSection<AuthorshipSettings>("Authorship");
        services.AddSection<Operations.HealthSettings>("Health");
        services.AddSection<Operations.MetricsSettings>("Metrics");
        return services;
    }

    /// <summary>A section of its own (DailyPapers:{name}) checked by its DataAnnotations attributes.</summary>
    private static void AddSection<T>(this IServiceCollection services, string name) where T : class
    {
        var section = $"{Section}:{name}";
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }

    /// <summary>Short forms for shells and the command line: --data DIR, --database LOCATION, DAILYPAPERS_DATA.</summary>
    private static void ShortForms(DailyPapersOptions o, IConfiguration config)
    {
        if (config["data"] is { Length: > 0 } d) o.DataDir = d;
        if (config["database"] is { Length: > 0 } db) o.Database = db;
        if (Environment.GetEnvironmentVariable("DAILYPAPERS_DATA") is { Length: > 0 } ed && config["data"] is null) o.DataDir = ed;
    }
}
