using System.Text.Json.Nodes;
using CaseLedger.Domain.Audit;
using CaseLedger.Hosting;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace CaseLedger.Audit;

/// <summary>
/// Compares the stored read models (case files, what supervisors see, the files of linked proceedings, the registers)
/// with what the registered projections make of the stored events (<see cref="ReadModels.ProjectAsync"/>: the
/// rebuild's own folds, never a second copy). Each field that differs is a finding naming the document type, its id and
/// the JSON path; a document the events do not give, or one they give that is missing, too. <c>caseledger rebuild</c>
/// writes them again from the events.
/// </summary>
public sealed class ReadModelCheck(NpgsqlDataSource dataSource, IDocumentStore documents)
{
    private readonly DocumentStore store = (DocumentStore)documents;

    public const string Code = "read-model-differs";
    public const string Rule = "I14 read models are derived from the events only";
    public const string Article = "行政处罚法 Art. 47 (full-process record)";
    private const int PathsShown = 20;

    /// <summary>The region whose database holds the documents (<see cref="RegionAudit"/>); null, the deployment's own.</summary>
    public string? Region { get; init; }

    /// <summary>
    /// The findings about the documents of <paramref name="streams"/> (each stream's events, in version order, with their
    /// data already read). With <paramref name="caseId"/> only that stream's documents are read.
    /// </summary>
    public async Task<List<Finding>> CheckAsync(IEnumerable<(string Stream, IReadOnlyList<IEvent> Events)> streams, string? caseId, CancellationToken ct)
    {
        var projected = new Dictionary<(string Table, string Type, string Id), (string Stream, JsonNode? Json)>();
        var serializer = store.Options.Serializer();
        await using (var session = Region is null ? store.QuerySession() : store.QuerySession(Region))
        {
            // Data the fold cannot take is already an unreadable-event finding of the procedure.
            foreach (var (stream, document) in await ReadModels.ProjectAsync(store, streams, session, (_, _) => { }, ct))
                projected[(ReadModels.TableOf(store, document.GetType()), document.GetType().Name, IdOf(document))] =
                    (stream, JsonNode.Parse(serializer.ToJson(document)));
        }

        var findings = new List<Finding>();
        var seen = new HashSet<(string, string, string)>();
        var types = ReadModels.DocumentTypes(store).Where(t => t != typeof(Cases.CaseSnapshot)).ToList();
        // One read model a table.
        var tables = types.Select(t => ReadModels.TableOf(store, t)).Distinct().Select(table => (Table: table, Type: types.First(t => ReadModels.TableOf(store, t) == table))).ToList();
        await foreach (var (index, id, json, apart) in StoredAsync(tables, caseId, ct))
        {
            var (table, type) = tables[index];
            var key = (table, type.Name, id);
            seen.Add(key);
            if (!projected.TryGetValue(key, out var expected))
            {
                findings.Add(new Finding(id, null, "read-model", Code, Rule, Article,
                    $"{type.Name} '{id}' is stored, but no stored event gives it."));
                continue;
            }
            // A column copied from the JSON for queries (the board's days, the agency the feed and access read) that no longer
            // holds the JSON's value: what readers are given differs from what the events give, though the JSON agrees.
            foreach (var column in apart)
                findings.Add(new Finding(expected.Stream, null, "read-model", Code, Rule, Article,
                    $"{type.Name} '{id}' differs from its events in its column {column}."));
            var stored = JsonNode.Parse(json);
            // Provisional deadlines computed on a calendar since replaced are computed again by the deadline sweep
            // (DeadlineSweep.RefreshOnCalendarAsync); until then the events give the new calendar's, not a forgery.
            if (Stale(stored, expected.Json)) continue;
            var paths = new List<string>();
            Compare(expected.Json, stored, "$", paths);
            foreach (var path in paths.Take(PathsShown))
                findings.Add(new Finding(expected.Stream, null, "read-model", Code, Rule, Article,
                    $"{type.Name} '{id}' differs from its events at {path}."));
            if (paths.Count > PathsShown)
                findings.Add(new Finding(expected.Stream, null, "read-model", Code, Rule, Article,
                    $"{type.Name} '{id}' differs from its events at {paths.Count - PathsShown} more paths."));
        }
        foreach (var ((table, type, id), (stream, _)) in projected.Where(p => !seen.Contains(p.Key)))
            findings.Add(new Finding(stream, null, "read-model", Code, Rule, Article, $"{type} '{id}' is missing: its events give one."));
        if (caseId is null) findings.AddRange(await CountersAsync(ct));
        return findings;
    }

    /// <summary>
    /// Every stored document of <paramref name="tables"/> (by the table's index), its JSON as stored and the names of its columns
    /// apart from that JSON (<see cref="ColumnsApartFromJson"/>): one query per table for the whole audit, streamed; for one case,
    /// its documents of every table in one query, each found by its id's index (every read model's id is its stream's, a string).
    /// </summary>
    private async IAsyncEnumerable<(int Table, string Id, string Json, string[] Apart)> StoredAsync(IReadOnlyList<(string Table, Type Type)> tables,
        string? caseId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var selects = tables.Select((t, i) => $"select {i}, id::text, data::text, {ColumnsApartFromJson(t.Type)} from {t.Table}").ToList();
        var queries = caseId is null ? selects : [string.Join(" union all ", selects.Select(select => $"{select} where id = $1"))];
        foreach (var sql in queries)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            if (caseId is not null) command.Parameters.Add(new NpgsqlParameter { Value = caseId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                yield return (reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3));
        }
    }

    /// <summary>
    /// SQL giving the names of <paramref name="type"/>'s duplicated columns whose value is not the one Marten would copy from the
    /// stored JSON (Marten's own expression for filling the column, <see cref="Marten.Linq.Members.DuplicatedField.UpdateSqlFragment"/>).
    /// </summary>
    private string ColumnsApartFromJson(Type type)
    {
        var mapping = ((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(type) as Marten.Schema.DocumentMapping;
        var apart = (mapping?.DuplicatedFields ?? [])
            .Select(field => field.UpdateSqlFragment().Split(" = ", 2))
            .Select(pair => $"case when {pair[0]} is distinct from {pair[1]} then '{pair[0].Trim('"')}' end");
        return $"array_remove(array[{string.Join(", ", apart.Prepend("null::text"))}]::text[], null)";
    }

    /// <summary>
    /// The agency figures' counters, an aggregate across streams, against a recount of the stored documents they count
    /// (<see cref="Supervision.AgencyFigureCounts.DriftAsync"/>): those documents are compared with their events above, so a
    /// counter that agrees with them agrees with the events. A finding per counter that differs, on the stream
    /// <c>agency-figures/{agency}</c>.
    /// </summary>
    private async Task<IEnumerable<Finding>> CountersAsync(CancellationToken ct) =>
        (await new Supervision.AgencyFigureCounts(store).DriftAsync(dataSource, ct)).Select(d => new Finding(
            $"{CountersStream}{d.AgencyId}", null, "read-model", Code, Rule, Article,
            $"{Supervision.AgencyFigureCounts.Name} of '{d.AgencyId}': {d.Figure}{(d.Month == 0 ? "" : $" in {d.Month / 100:D4}-{d.Month % 100:D2}")}"
            + $"{(d.Value == 0 ? "" : $" at {d.Value}")} counts {d.Stored}, the stored documents {d.Counted}."));

    /// <summary>The stream the findings about an agency's figures are reported on, before the agency's id.</summary>
    public const string CountersStream = "agency-figures/";

    private static bool Stale(JsonNode? stored, JsonNode? expected) =>
        stored is JsonObject s && expected is JsonObject e && s["provisional"] is JsonValue p && p.TryGetValue<bool>(out var provisional) && provisional
        && s["calendarStamp"]?.ToJsonString() != e["calendarStamp"]?.ToJsonString();

    /// <summary>The id Marten stores a read model under: every one of them keeps its stream's id as <c>Id</c>.</summary>
    private static string IdOf(object document) => document.GetType().GetProperty("Id")?.GetValue(document)?.ToString() ?? "";

    /// <summary>The JSON paths at which <paramref name="stored"/> differs from <paramref name="expected"/>: values compared, not spellings.</summary>
    private static void Compare(JsonNode? expected, JsonNode? stored, string path, List<string> paths)
    {
        switch (expected, stored)
        {
            case (null, null):
                return;
            case (JsonObject e, JsonObject s):
                foreach (var name in e.Select(p => p.Key).Union(s.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    var (inE, inS) = (e.TryGetPropertyValue(name, out var ev), s.TryGetPropertyValue(name, out var sv));
                    // An absent member and a null one read back the same.
                    if (inE != inS && (ev ?? sv) is null) continue;
                    Compare(ev, sv, $"{path}.{name}", paths);
                }
                return;
            case (JsonArray e, JsonArray s):
                if (e.Count != s.Count) paths.Add($"{path} (length {s.Count}, events give {e.Count})");
                for (var i = 0; i < Math.Min(e.Count, s.Count); i++) Compare(e[i], s[i], $"{path}[{i}]", paths);
                return;
            case (JsonValue e, JsonValue s) when e.TryGetValue<decimal>(out var en) && s.TryGetValue<decimal>(out var sn):
                if (en != sn) paths.Add(path);
                return;
            default:
                if (!JsonNode.DeepEquals(expected, stored)) paths.Add(path);
                return;
        }
    }
}
