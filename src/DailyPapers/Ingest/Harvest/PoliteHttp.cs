using System.Net;
using System.Net.Http.Headers;

namespace DailyPapers.Ingest.Harvest;

/// <summary>A harvest could not go on; the message says what was being fetched and why it failed.</summary>
public sealed class HarvestException(string message, Exception? inner = null) : Exception(message, inner);

public sealed record PoliteHttpOptions
{
    /// <summary>Least time between the starts of two requests to this source (arXiv asks for 3 s).</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>Tries per URL, the first included, before giving up.</summary>
    public int MaxAttempts { get; init; } = 6;
    /// <summary>Backoff before the second try; doubled for each later one.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>A server's Retry-After is obeyed up to this long; a longer one is cut to it.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>A request that takes longer counts as a transient failure (real time, not the injected clock).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);
}

/// <summary>
/// GETs for one source, politely: at least <see cref="PoliteHttpOptions.MinInterval"/> between requests, obeys
/// <c>503</c>/<c>429</c> with <c>Retry-After</c>, retries transient failures (5xx, 408, 429, timeouts, refused
/// connections) with exponential backoff and jitter, and fails with a message naming the URL and the reason.
/// All waiting goes through <see cref="TimeProvider"/>, so tests run on a fake clock.
/// </summary>
public sealed class PoliteHttp(HttpClient client, PoliteHttpOptions? options = null, TimeProvider? clock = null,
    Action<string>? log = null, Random? random = null)
{
    private readonly PoliteHttpOptions _options = options ?? new PoliteHttpOptions();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Action<string> _log = log ?? (_ => { });
    private readonly Random _random = random ?? Random.Shared;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _lastRequestAt;

    public PoliteHttpOptions Options => _options;

    /// <summary>Fetches <paramref name="url"/> and returns the body of a 2xx answer.</summary>
    public async Task<byte[]> GetBytesAsync(Uri url, CancellationToken ct = default)
    {
        string? lastFailure = null;
        for (var attempt = 1; ; attempt++)
        {
            var (body, failure, wait) = await TryOnceAsync(url, ct);
            if (body is not null) return body;
            lastFailure = failure!.Reason;
            if (!failure.Transient)
                throw new HarvestException($"GET {url.AbsoluteUri}: {failure.Reason}");
            if (attempt >= _options.MaxAttempts)
                throw new HarvestException($"GET {url.AbsoluteUri}: gave up after {attempt} attempts; last failure: {lastFailure}");
            var delay = wait ?? Backoff(attempt);
            _log($"GET {url.AbsoluteUri}: {failure.Reason}; attempt {attempt} of {_options.MaxAttempts}, retrying in {delay.TotalSeconds:0.#} s");
            await Task.Delay(delay, _clock, ct);
        }
    }

    private sealed record Failure(string Reason, bool Transient);

    private async Task<(byte[]? Body, Failure? Failure, TimeSpan? Wait)> TryOnceAsync(Uri url, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await WaitForTurnAsync(ct);
            _lastRequestAt = _clock.GetUtcNow();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, timeout.Token);
                if (response.IsSuccessStatusCode)
                    return (await response.Content.ReadAsByteArrayAsync(timeout.Token), null, null);
                var status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                var code = response.StatusCode;
                if (code is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests
                    && RetryAfter(response.Headers.RetryAfter) is { } wait)
                    return (null, new Failure($"{status}, Retry-After {wait.TotalSeconds:0} s", true), wait);
                var transient = (int)code >= 500 || code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
                var snippet = transient ? "" : await BodySnippetAsync(response, timeout.Token);
                return (null, new Failure(snippet.Length > 0 ? $"{status}: {snippet}" : status, transient), null);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return (null, new Failure($"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s", true), null);
            }
            catch (HttpRequestException e)
            {
                // Refused connections, resets, DNS hiccups: worth another try after a pause.
                return (null, new Failure(e.Message, true), null);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WaitForTurnAsync(CancellationToken ct)
    {
        if (_lastRequestAt is not { } last) return;
        var due = last + _options.MinInterval - _clock.GetUtcNow();
        if (due > TimeSpan.Zero) await Task.Delay(due, _clock, ct);
    }

    /// <summary>Exponential backoff with "equal jitter": half the step fixed, half random, so clients spread out.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var step = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        step = Math.Min(step, _options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(step / 2 + _random.NextDouble() * step / 2);
    }

    /// <summary>The wait a Retry-After header asks for (delta-seconds or an HTTP-date), capped; null when absent.</summary>
    public TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header is null) return null;
        TimeSpan wait;
        if (header.Delta is { } delta) wait = delta;
        else if (header.Date is { } date) wait = date - _clock.GetUtcNow();
        else return null;
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        return wait > _options.MaxRetryAfter ? _options.MaxRetryAfter : wait;
    }

    private static async Task<string> BodySnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        const int MaxChars = 200; // enough for an API's error message, short enough for a log line
        try
        {
            var text = (await response.Content.ReadAsStringAsync(ct)).Trim();
            text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return text.Length > MaxChars ? text[..MaxChars] + "…" : text;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "";
        }
    }
}
