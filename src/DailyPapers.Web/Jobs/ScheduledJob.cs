namespace DailyPapers.Web.Jobs;

/// <summary>
/// The one loop every background job of a node runs: start (or decline to run here), then rounds — each round says
/// how long to wait before the next; a failed round is logged and retried after <see cref="RetryDelay"/>; waiting
/// uses the <see cref="TimeProvider"/>, so tests move time instead of sleeping. Cluster-wide exclusion is the
/// round's business (a <see cref="Storage.JobLease"/> or <see cref="Digests.DigestLease"/> inside it), because the CLI
/// verbs run the same rounds by hand.
/// </summary>
public abstract class ScheduledJob(TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>The name in log lines ("harvest", "digest build", …).</summary>
    protected abstract string Name { get; }

    /// <summary>Wait before another round after a failed one.</summary>
    protected abstract TimeSpan RetryDelay { get; }

    protected TimeProvider Clock => clock;

    /// <summary>Runs once before the first round; false when the job is off on this node (nothing more runs).</summary>
    protected virtual Task<bool> StartingAsync(CancellationToken ct) => Task.FromResult(true);

    /// <summary>One round of work; returns how long to wait before the next.</summary>
    protected abstract Task<TimeSpan> RoundAsync(CancellationToken ct);

    /// <summary>Waits before the next round; a job woken early by news (mail queued on this node) overrides it.</summary>
    protected virtual Task WaitAsync(TimeSpan delay, CancellationToken ct) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, clock, ct);

    /// <summary>A failure the job handles itself: the wait before the next round, or null to log it as an error.</summary>
    protected virtual TimeSpan? Handle(Exception e) => null;

    /// <summary>Runs once when the loop ends (shutdown), whatever the last round did.</summary>
    protected virtual void Stopped() { }

    protected sealed override async Task ExecuteAsync(CancellationToken ct)
    {
        await Task.Yield(); // never hold up the host's start on a job's first synchronous steps
        try
        {
            if (!await StartingAsync(ct)) return;
            while (!ct.IsCancellationRequested)
            {
                TimeSpan next;
                try { next = await RoundAsync(ct); }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
                catch (Exception e)
                {
                    if (Handle(e) is { } wait) next = wait;
                    else
                    {
                        log.LogError(e, "{Job}: round failed; trying again in {Delay}", Name, RetryDelay);
                        next = RetryDelay;
                    }
                }
                await WaitAsync(next, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally { Stopped(); }
    }
}
