namespace CaseLedger.Audit;

/// <summary>
/// Marten's tombstones: when a unit of work fails after its events drew global sequence numbers (a lost
/// If-Match race, an Idempotency-Key retry that loses to the first request, any refused commit), Marten
/// later inserts, in a session of its own, one row per drawn number into its own stream <c>mt_tombstone</c>
/// so that its async daemon does not wait on the gap. Such a row is not an event of any case or register
/// stream: it has type <c>tombstone</c>, version equal to its sequence, data <c>{}</c>, no actor and no
/// headers (so no chain hash). The audit accepts exactly that shape and reports any other row of that
/// stream; the log's Merkle tree leaves the whole stream out, since its rows are written after the commit
/// that failed and may land below a settled high-water mark (docs/integrity.md, section 2).
/// </summary>
public static class Tombstones
{
    /// <summary>Marten's stream of tombstones (JasperFx.Events.Tombstone.StreamKey; a test holds the two equal).</summary>
    public const string Stream = "mt_tombstone";

    /// <summary>The SQL condition that keeps a row of <c>mt_events</c> in the log's tree: every row outside the tombstone stream.</summary>
    public const string NotTombstoneSql = $"stream_id <> '{Stream}'";

    /// <summary>A row of the tombstone stream exactly as Marten writes it: nothing of a case in it.</summary>
    public static bool IsBare(StoredEvent e) =>
        e.Stream == Stream && e.Type == "tombstone" && e.Version == e.Sequence && e.Actor is null && e.ChainHash is null
        && e.DataJson.AsSpan().Trim() is "{}";
}
