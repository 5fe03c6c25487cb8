using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Storage;
using DailyPapers.Web.Jobs;

namespace DailyPapers.Web;

/// <summary>
/// The one way out for mail: the transport (SMTP, or .eml files in {DataDir}/mail without an SMTP host), the
/// database outbox every mail is queued in, its counters and the background sender.
/// </summary>
public static class MailSetup
{
    public static IServiceCollection AddMail(this IServiceCollection services, DailyPapersOptions options)
    {
        services.AddSingleton(options.Smtp);
        services.AddSingleton(options.Mail);
        services.AddSingleton(new MailSender(options.Smtp, options.MailFolder));
        services.AddSingleton<MailCounters>();
        // The outbox is the digest_outbox table, so its store is the digest store.
        services.AddSingleton(sp => new DigestStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new MailOutbox(sp.GetRequiredService<DigestStore>(), sp.GetRequiredService<MailSender>(),
            options.Mail, sp.GetRequiredService<MailCounters>()));
        services.AddSingleton<MailService>();
        services.AddHostedService(sp => sp.GetRequiredService<MailService>());
        return services;
    }
}
