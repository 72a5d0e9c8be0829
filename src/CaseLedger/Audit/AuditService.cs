using System.Text;
using CaseLedger.Calendar;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Audit;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace CaseLedger.Audit;

/// <summary>The findings about one case (or one other stream, or the log itself).</summary>
public sealed record StreamAudit(string Stream, string Kind, string? CaseNumber, int Events, IReadOnlyList<Finding> Findings);

/// <summary>What <c>GET /api/audit/verify</c> and <c>caseledger audit</c> report.</summary>
public sealed record AuditReport(Instant CheckedAt, LocalDate Today, int Events, int Checkpoints, IReadOnlyList<StreamAudit> Streams)
{
    public IEnumerable<Finding> Findings => Streams.SelectMany(s => s.Findings);
    public bool Clean => !Findings.Any();
}

/// <summary>
/// The auditor's verifier: reads the stored events (the read models only to compare them, <see cref="ReadModelCheck"/>),
/// checks every stream's hash chain and every signed checkpoint, replays each case against the procedure
/// (<see cref="Conformance"/>) and projects every stream again to compare its stored documents. With one case it reads that
/// case's stream and the register only, and proves the case's events into the newest checkpoint (<see cref="CaseInclusion"/>).
/// </summary>
public sealed class AuditService(StoredLog log, IDocumentStore store, CheckpointService checkpoints, ReadModelCheck readModels, IClock clock)
{
    public const string LogStream = "log";

    /// <summary>
    /// For a region's audit (<see cref="RegionAudit"/>): the deployment's log, whose register streams (officers, the calendar) the
    /// procedure's checks read; null when <c>log</c> holds the register itself.
    /// </summary>
    public StoredLog? Register { get; init; }

    private static readonly HashSet<string> PenaltyTypes = [.. PenaltyCase.EventTypes.Select(EventCatalog.StoredName)];

    public async Task<AuditReport> VerifyAsync(string? caseId = null, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var today = AgencyZone.Today(now);
        // The chains are checked while the events are read, as `caseledger bench` measures it; the procedure needs them all.
        var chains = new ChainCheck();
        var events = new List<StoredEvent>();
        var rows = new List<StoredStream>();
        await foreach (var e in chains.Checking(caseId is null ? log.StreamAsync(ct: ct, rows: rows) : log.StreamCaseAndRegisterAsync(caseId, ct, rows), ct))
            events.Add(e);
        // Marten's tombstones are no events: the chain check has looked at their shape, the rest of the audit never sees them.
        events.RemoveAll(e => e.Stream == Tombstones.Stream);
        var streams = events.GroupBy(e => e.Stream).ToDictionary(g => g.Key, g => (IReadOnlyList<StoredEvent>)[.. g]);
        var chainFindings = chains.Findings.Concat(StreamRows.Check(rows, streams, caseId)).ToLookup(f => f.Stream);

        var unreadable = new List<Finding>();
        var data = new Dictionary<StoredEvent, object>();
        foreach (var e in events)
        {
            if (Read(e) is { } value) data[e] = value;
            else unreadable.Add(Unreadable(e, null));
        }

        var register = new Dictionary<string, Officer>();
        var calendar = HolidayCalendar.Official();
        // A region's log holds no register: the deployment's is folded first (its own audit reports on it).
        var registerStreams = Register is null ? [] : (await Register.ReadRegisterAsync(ct)).GroupBy(e => e.Stream)
            .Select(g => (IReadOnlyList<StoredEvent>)[.. g]).ToList();
        foreach (var e in registerStreams.SelectMany(s => s))
            if (Read(e) is { } value) data[e] = value;
        foreach (var stream in registerStreams.Concat(streams.Values))
        {
            Officer? officer = null;
            foreach (var e in stream)
            {
                if (!data.TryGetValue(e, out var value)) continue;
                try
                {
                    var nextCalendar = value is OfficialCalendarLoaded loaded ? calendar.WithYear(loaded.Year) : calendar;
                    var next = Officer.Evolve(officer, value);
                    if (next is { Id: null }) throw new InvalidDataException("An officer without an id.");
                    (calendar, officer) = (nextCalendar, next);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    data.Remove(e);
                    unreadable.Add(Unreadable(e, ex));
                }
            }
            if (officer is not null) register[officer.Id] = officer;
        }

        // The read models projected again from the same events, with the projections' own folds; streams holding an
        // event the audit cannot read are left out (that event is a finding already).
        var readModelFindings = (await readModels.CheckAsync(
            streams.Where(s => s.Value.All(e => data.ContainsKey(e) || e.Archived) && s.Value.Any(e => !e.Archived))
                .Select(s => (s.Key, (IReadOnlyList<IEvent>)[.. s.Value.Where(e => !e.Archived).Select(e =>
                    ReadModels.EventOf(data[e], e.Stream, e.Version, e.Sequence, e.Timestamp.ToDateTimeOffset(), e.Actor, e.ChainHash))])),
            caseId, ct)).ToLookup(f => f.Stream);

        var audits = new List<StreamAudit>();
        foreach (var (key, stream) in streams.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            // A penalty case is a stream holding penalty-case events; remedies and petitions have case-like ids too.
            var isCase = stream.Any(e => PenaltyTypes.Contains(e.Type));
            if (caseId is not null && key != caseId) continue;
            var findings = new List<Finding>(chainFindings[key]);
            findings.AddRange(unreadable.Where(f => f.Stream == key));
            findings.AddRange(readModelFindings[key]);
            string? caseNumber = null;
            if (isCase)
            {
                var audited = stream.Where(data.ContainsKey).Select(e => new AuditedEvent(e.Version, e.Timestamp, e.Actor, data[e])).ToList();
                findings.AddRange(Procedure(key, audited, stream, register, calendar, today));
                caseNumber = audited.Select(a => a.Data).OfType<CaseFiled>().FirstOrDefault()?.CaseNumber;
            }
            else if (stream.Any(e => data.TryGetValue(e, out var value) && value is LitigationFiled))
                findings.AddRange(SuitConformance.Check(key, [.. stream.Where(data.ContainsKey).Select(e => new AuditedEvent(e.Version, e.Timestamp, e.Actor, data[e]))]));
            audits.Add(new StreamAudit(key, isCase ? "case" : StreamKeys.IsCaseId(key) ? "proceeding" : "register", caseNumber, stream.Count,
                [.. findings.DistinctBy(f => (f.Version, f.Code, f.Code == ReadModelCheck.Code ? f.Message : null)).OrderBy(f => f.Version ?? long.MaxValue)]));
        }

        // Findings about streams that have no event left to audit (all deleted), and about rows in Marten's tombstone stream.
        foreach (var gone in chainFindings.Where(g => !streams.ContainsKey(g.Key)))
            audits.Add(new StreamAudit(gone.Key, gone.Key == Tombstones.Stream ? "tombstones" : StreamKeys.IsCaseId(gone.Key) ? "case" : "register",
                null, 0, [.. gone, .. readModelFindings[gone.Key]]));

        // Documents no stored event gives.
        foreach (var forged in readModelFindings.Where(g => !streams.ContainsKey(g.Key) && !chainFindings.Contains(g.Key) && (caseId is null || g.Key == caseId)))
            audits.Add(new StreamAudit(forged.Key, "read-model", null, 0, [.. forged]));

        // One case: its events proved into the newest signed checkpoint, not every checkpoint's root rebuilt from the whole log.
        var (checkpointCount, checkpointFindings) = caseId is null
            ? await checkpoints.VerifyAllAsync(events, ct)
            : await checkpoints.VerifyAsync(caseId, events, ct);
        // A case's head that is not the one signed is the case's own finding (CaseInclusion).
        foreach (var own in checkpointFindings.Where(f => f.Stream != LogStream).GroupBy(f => f.Stream))
        {
            var index = audits.FindIndex(a => a.Stream == own.Key);
            if (index < 0) audits.Add(new StreamAudit(own.Key, "case", null, 0, [.. own]));
            else audits[index] = audits[index] with { Findings = [.. audits[index].Findings, .. own] };
        }
        audits.Add(new StreamAudit(LogStream, "log", null, events.Count, [.. checkpointFindings.Where(f => f.Stream == LogStream)]));
        return new AuditReport(now, today, events.Count, checkpointCount, audits);
    }

    private static Finding Unreadable(StoredEvent e, Exception? why) =>
        new(e.Stream, e.Version, "chain-break", "unreadable-event", ChainCheck.Rule, ChainCheck.Article,
            $"Event {e.Version} (sequence {e.Sequence}) has type '{e.Type}', which CaseLedger never stores, or data that does not fit it"
            + (why is null ? "." : $" ({why.GetType().Name}: {why.Message})."));

    /// <summary>
    /// The procedure of one case. Stored data can be anything: when the procedure's own code cannot fold it (a list
    /// that is null, a date outside the calendar), the first event whose data does that is reported as unreadable and
    /// the procedure is checked again without it, so that one bad event never hides the other findings.
    /// </summary>
    private static List<Finding> Procedure(string key, List<AuditedEvent> audited, IReadOnlyList<StoredEvent> stream,
        IReadOnlyDictionary<string, Officer> register, HolidayCalendar calendar, LocalDate today)
    {
        var unreadable = new List<Finding>();
        while (true)
        {
            // The procedure checked once; only when it throws is it checked again on shorter prefixes to find the culprit.
            Exception failure;
            try
            {
                var found = Conformance.Check(key, audited, register, calendar, today).ToList();
                var left = unreadable.Select(f => f.Version + 1).ToHashSet();
                return [.. unreadable, .. found.Where(f => !(f.Code == "version-gap" && left.Contains(f.Version)))];
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex;
            }
            var first = Enumerable.Range(1, audited.Count).First(n => n == audited.Count || Throws(n) is not null);
            var culprit = audited[first - 1];
            unreadable.Add(Unreadable(stream.First(e => e.Version == culprit.Version), failure));
            audited.RemoveAt(first - 1);
        }

        Exception? Throws(int count)
        {
            try
            {
                _ = Conformance.Check(key, audited[..count], register, calendar, today).ToList();
                return null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ex;
            }
        }
    }

    private object? Read(StoredEvent e)
    {
        if (EventCatalog.TypeOf(e.Type) is not { } type) return null;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(e.DataJson));
            return store.Options.Serializer().FromJson(type, stream);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }
}
