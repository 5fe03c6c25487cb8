using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace DailyPapers.Ingest.Harvest;

/// <summary>
/// A harvest could not go on; the message says what was being fetched and why it failed (for logs: it names the
/// URL). <see cref="Busy"/>: no request was made because too many were waiting for their turn.
/// </summary>
public sealed class HarvestException(string message, Exception? inner = null, bool busy = false) : Exception(message, inner)
{
    public bool Busy => busy;
}

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
    /// <summary>
    /// Largest answer body read, in bytes; a larger one fails at once (not retried) without being kept in memory.
    /// The biggest real pages (an OAI-PMH page of 1,000 records, a month of HF daily papers) stay under ~10 MB.
    /// </summary>
    public long MaxResponseBytes { get; init; } = 64L << 20;
    /// <summary>Requests under way at once. One for harvests (a source is walked page by page).</summary>
    public int MaxConcurrent { get; init; } = 1;
    /// <summary>
    /// Longest wait for a free place and for the turn <see cref="MinInterval"/> asks for; past it the request fails
    /// as busy without being made. Null: wait as long as it takes (a harvest has nobody waiting on it).
    /// </summary>
    public TimeSpan? MaxWait { get; init; }
}

/// <summary>
/// GETs for one source, politely: at least <see cref="PoliteHttpOptions.MinInterval"/> between requests, obeys
/// <c>503</c>/<c>429</c> with <c>Retry-After</c>, retries transient failures (5xx, 408, 429, timeouts, refused
/// connections) with exponential backoff and jitter, and fails with a message naming the URL and the reason.
/// All waiting goes through <see cref="TimeProvider"/>, so tests run on a fake clock. Up to
/// <see cref="PoliteHttpOptions.MaxConcurrent"/> requests run at once, their starts still spaced by the interval, so
/// one hanging request does not hold up the others; answers are read up to <see cref="PoliteHttpOptions.MaxResponseBytes"/>.
/// </summary>
public sealed class PoliteHttp(HttpClient client, PoliteHttpOptions? options = null, TimeProvider? clock = null,
    Action<string>? log = null, Random? random = null)
{
    private readonly PoliteHttpOptions _options = options ?? new PoliteHttpOptions();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Action<string> _log = log ?? (_ => { });
    private readonly Random _random = random ?? Random.Shared;
    private readonly SemaphoreSlim _places = new(Math.Max(1, options?.MaxConcurrent ?? 1));
    private readonly Lock _turnLock = new();
    private DateTimeOffset? _nextStart;

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
        await EnterAsync(url, ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                // Headers first, then the body through a size check: ResponseContentRead would buffer any size.
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    var body = await ReadCappedAsync(response, _options.MaxResponseBytes, timeout.Token);
                    return body is null
                        ? (null, new Failure($"the answer is larger than {_options.MaxResponseBytes:N0} bytes; not read", false), null)
                        : (body, null, null);
                }
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
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // Refused connections, resets, DNS hiccups: worth another try after a pause.
                return (null, new Failure(e.Message, true), null);
            }
        }
        finally
        {
            _places.Release();
        }
    }

    /// <summary>
    /// Takes a place (one of <see cref="PoliteHttpOptions.MaxConcurrent"/>), then waits for this request's start time:
    /// starts are handed out <see cref="PoliteHttpOptions.MinInterval"/> apart. Past <see cref="PoliteHttpOptions.MaxWait"/>
    /// it gives up as busy, holding nothing.
    /// </summary>
    private async Task EnterAsync(Uri url, CancellationToken ct)
    {
        var startedAt = _clock.GetUtcNow();
        if (_options.MaxWait is { } maxWait)
        {
            using var limit = new CancellationTokenSource(maxWait, _clock);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
            try { await _places.WaitAsync(either.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw Busy(url, $"all {_options.MaxConcurrent} places were taken for {maxWait.TotalSeconds:0.#} s");
            }
        }
        else await _places.WaitAsync(ct);
        try
        {
            TimeSpan due;
            lock (_turnLock)
            {
                var now = _clock.GetUtcNow();
                var start = _nextStart is { } next && next > now ? next : now;
                due = start - now;
                if (_options.MaxWait is { } budget && now - startedAt + due > budget)
                    throw Busy(url, $"its turn would come in {due.TotalSeconds:0.#} s");
                _nextStart = start + _options.MinInterval;
            }
            if (due > TimeSpan.Zero) await Task.Delay(due, _clock, ct);
        }
        catch
        {
            _places.Release();
            throw;
        }
    }

    private static HarvestException Busy(Uri url, string why) => new($"GET {url.AbsoluteUri}: not sent, too many requests waiting: {why}", busy: true);

    /// <summary>The body, or null when it is longer than <paramref name="max"/> bytes (then only that much was read).</summary>
    public static async Task<byte[]?> ReadCappedAsync(HttpResponseMessage response, long max, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > max) return null; // refused before reading a byte of it
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var body = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81_920);
        try
        {
            int n;
            while ((n = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (body.Length + n > max) return null;
                body.Write(chunk, 0, n);
            }
        }
        finally { ArrayPool<byte>.Shared.Return(chunk); }
        return body.ToArray();
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
        const int MaxBytes = 4096; // read no more of an error page than the snippet can use
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[MaxBytes];
            var read = 0;
            int n;
            while (read < MaxBytes && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
            var text = System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim();
            text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return text.Length > MaxChars ? text[..MaxChars] + "…" : text;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "";
        }
    }
}
