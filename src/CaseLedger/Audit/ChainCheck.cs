using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CaseLedger.Domain.Audit;

namespace CaseLedger.Audit;

/// <summary>
/// Checks stored chains: each event against the stored hash of the event before it, so a finding names the
/// event that was changed, removed, swapped or inserted (docs/integrity.md). Events are given one at a time,
/// stream after stream, each stream's in version order, so that the whole log is checked as it is read
/// (<see cref="StoredLog.StreamAsync"/>) without holding it.
/// </summary>
public sealed class ChainCheck
{
    public const string Rule = "I14 append-only events: the hash chain";
    public const string Article = "行政处罚法 Art. 47 (full-process record)";

    private readonly List<Finding> _findings = [];
    private string? _stream;
    private byte[] _previous = EventChain.Genesis;
    private long _expected = 1;

    /// <summary>What was found so far, in the order of the events.</summary>
    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>How many events were checked.</summary>
    public int Events { get; private set; }

    /// <param name="events">One stream's events in version order.</param>
    public static IReadOnlyList<Finding> Stream(string stream, IEnumerable<StoredEvent> events)
    {
        var check = new ChainCheck();
        foreach (var e in events) check.Add(stream, e);
        return check.Findings;
    }

    /// <summary>Checks the next event: the next of its stream, or the first of a stream not seen before.</summary>
    public void Add(StoredEvent e) => Add(e.Stream, e);

    /// <summary>
    /// Passes <paramref name="events"/> through as they are read and checks them, in the same order, on another
    /// thread meanwhile, so that hashing overlaps reading. <see cref="Findings"/> and <see cref="Events"/> are
    /// complete when the enumeration has ended; an exception of the check ends it.
    /// </summary>
    public async IAsyncEnumerable<StoredEvent> Checking(IAsyncEnumerable<StoredEvent> events, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var batches = Channel.CreateBounded<StoredEvent[]>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
        var checking = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(ct))
                    foreach (var e in batch) Add(e);
            }
            catch (Exception ex)
            {
                batches.Writer.TryComplete(ex);
                throw;
            }
        }, ct);

        try
        {
            var batch = new List<StoredEvent>(Batch);
            await foreach (var e in events.WithCancellation(ct))
            {
                yield return e;
                batch.Add(e);
                if (batch.Count == Batch)
                {
                    await SendAsync(batches.Writer, batch, checking, ct);
                    batch.Clear();
                }
            }
            await SendAsync(batches.Writer, batch, checking, ct);
            batches.Writer.TryComplete();
            await checking;
        }
        finally
        {
            batches.Writer.TryComplete();
        }
    }

    private const int Batch = 128;

    private static async Task SendAsync(ChannelWriter<StoredEvent[]> writer, List<StoredEvent> batch, Task checking, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        try
        {
            await writer.WriteAsync([.. batch], ct);
        }
        catch (ChannelClosedException)
        {
            await checking;
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Add(string stream, StoredEvent e)
    {
        if (stream == Tombstones.Stream)
        {
            // Not a chain: Marten's fillers for sequence numbers of commits that failed. Only their bare shape is accepted.
            _stream = stream;
            if (!Tombstones.IsBare(e))
                _findings.Add(new Finding(stream, e.Version, "chain-break", "tombstone-not-bare", Rule, Article,
                    $"The row at sequence {e.Sequence} in Marten's tombstone stream is not a bare tombstone (type 'tombstone', version = sequence, "
                    + $"data {{}}, no actor, no chain hash): it has type '{e.Type}', version {e.Version}; an event moved or forged there."));
            return;
        }
        if (stream != _stream)
        {
            _stream = stream;
            _previous = EventChain.Genesis;
            _expected = 1;
        }
        Events++;

        if (e.Version != _expected)
            _findings.Add(new Finding(stream, e.Version, "version-gap", "version-gap", Rule, Article,
                e.Version > _expected
                    ? $"Version {(e.Version - 1 == _expected ? $"{_expected} is" : $"{_expected}–{e.Version - 1} are")} missing before version {e.Version}."
                    : $"Version {e.Version} comes again after version {_expected - 1}."));
        _expected = e.Version + 1;

        var computed = EventChain.Next(_previous, e.Stream, e.Version, e.Type, e.DataJson, e.Actor, e.Timestamp);
        var stored = EventChain.ParseHex(e.ChainHash);
        if (stored is null)
            _findings.Add(new Finding(stream, e.Version, "chain-break", "chain-hash-missing", Rule, Article,
                $"Event {e.Version} ({e.Type}, sequence {e.Sequence}) carries no chain hash: it was not recorded by the command pipeline."));
        else if (!stored.AsSpan().SequenceEqual(computed))
            _findings.Add(new Finding(stream, e.Version, "chain-break", "chain-hash-mismatch", Rule, Article,
                $"Event {e.Version} ({e.Type}, sequence {e.Sequence}) is not what was chained: its data, type, actor, timestamp or version "
                + "was changed, or the event before it was removed, replaced or moved."));
        _previous = stored ?? computed;

        if (e.Archived)
            _findings.Add(new Finding(stream, e.Version, "hidden", "event-archived", Rule, Article,
                $"Event {e.Version} ({e.Type}, sequence {e.Sequence}) carries Marten's archived flag, which hides it from the case's events and "
                + "replays; CaseLedger never sets it (closing and archiving a case are events), so it was set behind the engine's back."));
    }
}
