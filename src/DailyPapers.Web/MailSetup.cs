using DailyPapers.Web.Jobs;

namespace DailyPapers.Web;

/// <summary>
/// The site's part of mail: the outbox's background sender. The transport, the outbox and its counters are in
/// <see cref="CoreSetup"/>, shared with the verbs (<c>dailypapers digest send</c> runs the same sender once).
/// </summary>
public static class MailSetup
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddSingleton<MailService>();
        services.AddHostedService(sp => sp.GetRequiredService<MailService>());
        return services;
    }
}
