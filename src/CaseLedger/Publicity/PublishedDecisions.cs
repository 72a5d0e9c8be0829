using CaseLedger.Audit;
using CaseLedger.Cases;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Publicity;
using CaseLedger.Hosting;
using Marten;
using Npgsql;

namespace CaseLedger.Publicity;

/// <summary>
/// One published decision with the event that recorded its publication and that event's inclusion proof against the latest
/// signed checkpoint (<see cref="Proof"/> null while the event is newer than every checkpoint).
/// </summary>
/// <remarks>With regions, <c>Region</c> names the region whose log holds the event; its proof leads to that region's checkpoint.</remarks>
public sealed record PublishedEntry(PublicDecision Decision, string AgencyName, long Sequence, long Version, InclusionProof? Proof, bool ProofVerified,
    string? Region = null);

/// <summary>The latest signed checkpoint of one log, the public key that signed it, and whether the signature verifies.</summary>
public sealed record LogCheckpoint(string? Region, Checkpoint? Checkpoint, string? PublicKeyPem, bool CheckpointVerified);

/// <summary>
/// One page of the publicity list, the checkpoint its proofs lead to, and the public key that signed that checkpoint (the
/// deployment's own log); with regions, <c>Regions</c> holds each region's latest checkpoint, to which its entries' proofs lead.
/// <see cref="Next"/> is the cursor of the page after it (null on the last page).
/// </summary>
public sealed record PublishedList(IReadOnlyList<PublishedEntry> Entries, Checkpoint? Checkpoint, string? PublicKeyPem, bool CheckpointVerified,
    IReadOnlyList<LogCheckpoint>? Regions = null, string? Next = null);

/// <summary>
/// The public list of published penalty decisions (公示; 国办发〔2018〕118号; 行政处罚法 Art. 48), read by the public page and its
/// JSON alike, with no sign-in: only what <see cref="PublicDecision.Of"/> lets out of a case, and for each entry the RFC 9162
/// inclusion proof of its <c>decision_published</c> event in the latest signed checkpoint, checked here before it is shown.
/// With regions, every region's published decisions too, each proved against its region's latest checkpoint.
/// The whole list is read a page at a time, newest publication first, then by case id: a cursor (the last entry's publication
/// date and case id) names where the next page starts, so every published decision is reached, each once. Each database (the
/// deployment's own and each region's) is read from that cursor through its index <see cref="IndexName"/>, a page at most from
/// each, and the pages merged: a page costs its own size per database, whatever the number of cases.
/// </summary>
public sealed class PublishedDecisions(IDocumentStore store, CheckpointService checkpoints, RegionAudit regions, CaseLedgerSettings settings,
    NpgsqlDataSource dataSource)
{
    /// <summary>Entries on a page.</summary>
    public const int PageSize = 100;

    public const string IndexName = "mt_doc_casefile_publicity";

    private const string PublishedOn = "(data -> 'state' -> 'publication' ->> 'publishedOn')";
    private const string Published = "data -> 'state' ->> 'publication' is not null and data -> 'state' ->> 'withdrawal' is null";

    /// <summary>
    /// The partial index the pages are read through (publication date descending, then case id, of the case files published and
    /// not withdrawn) in the database of <paramref name="dataSource"/>: created where missing after Marten's schema, at each start.
    /// </summary>
    public static async Task ApplyIndexAsync(IDocumentStore store, NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        var table = store.Options.FindOrResolveDocumentType(typeof(CaseFile)).TableName;
        await using var command = dataSource.CreateCommand(
            $"create index if not exists {IndexName} on {table.QualifiedName} ({PublishedOn} desc, id) where {Published}");
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The page after <paramref name="after"/> (a <see cref="PublishedList.Next"/>; null or empty: the first page).</summary>
    /// <exception cref="FormatException"><paramref name="after"/> is no cursor of this list.</exception>
    public async Task<PublishedList> ListAsync(string? after = null, CancellationToken ct = default, int pageSize = PageSize)
    {
        var cursor = Cursor(after);
        // One page more than asked from each database: whether a page follows, and where it starts.
        var candidates = new List<(string? Tenant, CaseFile File, PublicDecision Decision)>();
        foreach (var tenant in settings.Regions.Tenants())
            candidates.AddRange((await PageInAsync(tenant, cursor, pageSize + 1, ct)).Select(x => (tenant, x.File, x.Decision)));
        var shown = candidates
            .OrderByDescending(x => x.Decision.PublishedOn).ThenBy(x => x.File.Id, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var next = shown.Count > pageSize ? $"{shown[pageSize - 1].Decision.PublishedOn:yyyy-MM-dd}~{shown[pageSize - 1].File.Id}" : null;
        if (shown.Count > pageSize) shown.RemoveRange(pageSize, shown.Count - pageSize);

        var own = await ProvedAsync(null, checkpoints, shown, ct);
        List<(LogCheckpoint Log, List<PublishedEntry> Entries)> inRegions = [];
        foreach (var region in settings.Regions)
            inRegions.Add(await ProvedAsync(region.Id, await regions.CheckpointsAsync(region), shown, ct));
        var entries = own.Entries.Concat(inRegions.SelectMany(r => r.Entries))
            .OrderByDescending(e => e.Decision.PublishedOn).ThenBy(e => e.Decision.CaseId, StringComparer.Ordinal)
            .ToList();
        // The agencies' names are the register's, in the deployment's own database.
        var agencyIds = entries.Select(e => e.Decision.AgencyId).Distinct().ToArray();
        await using var register = store.QuerySession();
        var agencies = agencyIds.Length == 0 ? [] : (await register.LoadManyAsync<Agency>(ct, agencyIds)).ToDictionary(a => a.Id, a => a.Name);
        return new PublishedList([.. entries.Select(e => e with { AgencyName = agencies.GetValueOrDefault(e.Decision.AgencyId, e.Decision.AgencyId) })],
            own.Log.Checkpoint, own.Log.PublicKeyPem, own.Log.CheckpointVerified, settings.Regions.Count == 0 ? null : [.. inRegions.Select(r => r.Log)],
            next);
    }

    /// <summary>
    /// Up to <paramref name="count"/> decisions of one database (<paramref name="tenant"/>: a region's; null, the deployment's own)
    /// the public may see, after <paramref name="cursor"/> in the list's order.
    /// </summary>
    private async Task<List<(CaseFile File, PublicDecision Decision)>> PageInAsync(string? tenant, (string? On, string? Id) cursor, int count,
        CancellationToken ct)
    {
        var (afterOn, afterId) = cursor;
        var shown = new List<(CaseFile File, PublicDecision Decision)>();
        await using var session = store.QuerySessionOf(tenant);
        var more = true;
        // Decisions the public may no longer see (revoked, changed, confirmed illegal) are skipped: read on until the page is full.
        while (more && shown.Count < count)
        {
            var want = count - shown.Count;
            var files = afterOn is null
                ? await session.QueryAsync<CaseFile>($"where {Published} order by {PublishedOn} desc, id limit ?", ct, want)
                : await session.QueryAsync<CaseFile>(
                    $"where {Published} and ({PublishedOn} < ? or ({PublishedOn} = ? and id > ?)) order by {PublishedOn} desc, id limit ?",
                    ct, afterOn, afterOn, afterId!, want);
            more = files.Count == want;
            foreach (var file in files)
            {
                (afterOn, afterId) = (file.State?.Publication?.PublishedOn.ToString("yyyy-MM-dd", null), file.Id);
                if (file.State is { } state && PublicDecision.Of(file.Id, state) is { } decision) shown.Add((file, decision));
            }
            if (afterOn is null) break;
        }
        return shown;
    }

    /// <summary>The entries of <paramref name="shown"/> held by one database's log, each with its publication event and proof.</summary>
    private async Task<(LogCheckpoint Log, List<PublishedEntry> Entries)> ProvedAsync(string? tenant, CheckpointService log,
        List<(string? Tenant, CaseFile File, PublicDecision Decision)> shown, CancellationToken ct)
    {
        var mine = shown.Where(x => x.Tenant == tenant).ToList();
        var publications = await PublicationEventsAsync(tenant, [.. mine.Select(x => x.File.Id)], ct);
        var events = mine.Where(x => publications.ContainsKey(x.File.Id))
            .Select(x => (x.Decision, publications[x.File.Id].Sequence, publications[x.File.Id].Version)).ToList();

        var checkpoint = await log.LatestAsync(ct);
        var proofs = new Dictionary<long, InclusionProof>();
        if (checkpoint is not null)
        {
            var proved = events.Where(e => e.Sequence <= checkpoint.HighWaterSequence).Select(e => e.Sequence).ToList();
            if (proved.Count > 0)
                proofs = await log.ProveAsync(checkpoint, proved, p => proved
                    .Select(sequence => p.LeafOf(sequence) is { } leaf
                        ? new InclusionProof(sequence, leaf.Index, checkpoint.TreeSize, leaf.ChainHash ?? "", EventChain.Hex(leaf.Hash),
                            [.. p.InclusionPath(leaf.Index).Select(h => EventChain.Hex(h))], checkpoint.RootHash)
                        : null)
                    .OfType<InclusionProof>()
                    .ToDictionary(x => x.Sequence), ct, made => made.Values.All(Verifies)) ?? [];
        }

        var pem = checkpoint is null ? null : await PublicKeyOfAsync(checkpoint, ct);
        var verified = checkpoint is not null && pem is not null && CheckpointKey.Verify(pem, checkpoint.Statement(), checkpoint.Signature);
        return (new LogCheckpoint(tenant, checkpoint, pem, verified),
            [.. events.Select(e =>
            {
                var proof = proofs.GetValueOrDefault(e.Sequence);
                return new PublishedEntry(e.Decision, e.Decision.AgencyId, e.Sequence, e.Version, proof, verified && proof is not null && Verifies(proof), tenant);
            })]);
    }

    /// <summary>The event that recorded each case's (latest) publication in one database's log, read in one query.</summary>
    private async Task<Dictionary<string, (long Sequence, long Version)>> PublicationEventsAsync(string? tenant, string[] caseIds, CancellationToken ct)
    {
        var found = new Dictionary<string, (long, long)>();
        if (caseIds.Length == 0) return found;
        var source = tenant is null ? dataSource : await store.DataSourceOfAsync(tenant);
        await using var command = source.CreateCommand($"""
            select distinct on (stream_id) stream_id, seq_id, version from "{store.Options.Events.DatabaseSchemaName}".mt_events
            where stream_id = any($1) and type = $2 order by stream_id, version desc
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = caseIds });
        command.Parameters.Add(new NpgsqlParameter { Value = EventCatalog.StoredName(typeof(DecisionPublished)) });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        return found;
    }

    /// <summary>Whether <paramref name="after"/> is empty or a cursor of this list (<see cref="PublishedList.Next"/>).</summary>
    public static bool IsCursor(string? after)
    {
        try
        {
            _ = Cursor(after);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static (string? On, string? Id) Cursor(string? after)
    {
        if (after is not { Length: > 0 }) return (null, null);
        var parts = after.Split('~', 2);
        if (parts.Length != 2 || parts[1].Length == 0 || !NodaTime.Text.LocalDatePattern.Iso.Parse(parts[0]).Success)
            throw new FormatException($"'{after}' is not a cursor of the publicity list (publication date~case id).");
        return (parts[0], parts[1]);
    }

    /// <summary>The leaf is SHA-256(0x00 ‖ sequence ‖ chain hash) of this event, and with its audit path leads to the checkpoint's root (RFC 9162 §2.1.3.2).</summary>
    public static bool Verifies(InclusionProof proof)
    {
        var leaf = EventChain.ParseHex(proof.LeafHash);
        var root = EventChain.ParseHex(proof.RootHash);
        var path = proof.AuditPath.Select(EventChain.ParseHex).ToList();
        return leaf is not null && root is not null && path.All(p => p is not null)
            && EventChain.Hex(Checkpoint.LeafHash(proof.Sequence, proof.ChainHash)) == proof.LeafHash
            && Merkle.VerifyInclusion(proof.LeafIndex, proof.TreeSize, leaf, [.. path.OfType<byte[]>()], root) is null;
    }

    private async Task<string?> PublicKeyOfAsync(Checkpoint checkpoint, CancellationToken ct)
    {
        // The deployment's one key ring (in its own database) signs every region's checkpoints too.
        var ring = await checkpoints.KeyRingAsync(ct);
        return ring.Keys.FirstOrDefault(k => k.KeyId == checkpoint.KeyId)?.PublicKeyPem
            ?? (checkpoints.Key.KeyId == checkpoint.KeyId ? checkpoints.Key.PublicKeyPem : null);
    }
}
