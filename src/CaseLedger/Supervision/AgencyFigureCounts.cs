using Marten;
using Npgsql;

namespace CaseLedger.Supervision;

/// <summary>
/// The agency figures kept as they change: one table of counters per agency, source (what supervisors see of cases, or of
/// linked proceedings), figure, calendar month (Asia/Shanghai, <c>yyyymm</c>, 0 for none) and value (the days from filing
/// to decision; the day number of a case's earliest unmet duty), so that reading an agency's figures sums a few hundred
/// rows whatever the number of its cases (<see cref="AgencyFiguresQuery"/>).
/// </summary>
/// <remarks>
/// <para>
/// The counters are a delta of the per-stream documents (<see cref="CaseSupervision"/>, <see cref="RemedySupervision"/>):
/// PostgreSQL triggers on their two tables add what each written document counts and take away what it counted before
/// (its old row, which PostgreSQL holds in the same statement), in the writing transaction: a statement trigger for inserts
/// and deletes (a bulk load or a rebuild's delete counted in one aggregate), a row trigger for updates that first compares the
/// fields counted (most commands change none: measured on the 2-core machine under load, about 0.25 ms of the server's time
/// per such write saved). A Marten projection cannot do this without a read: a multi-stream projection folding the case events would need each case's previous stage,
/// missed deadlines and dates, which are computed from the case file (the read per command that
/// <see cref="DerivedProjection{TDoc}"/> exists to avoid). The triggers see every write, whoever makes it: inline projections,
/// Marten's daemon in a rebuild, the deadline sweep, a bulk load; a document forged behind the engine's back moves the
/// counters with it, and is itself found by the audit against its events.
/// </para>
/// <para>
/// What each document counts is written once, in <see cref="CaseContributions"/> and <see cref="RemedyContributions"/>: the
/// triggers, the recount (<see cref="RecountAsync"/>, run by every rebuild of either read model and when the definition
/// changes) and the audit's comparison (<see cref="DriftAsync"/>: counters against a recount of the stored documents, those
/// documents being compared with their events by <see cref="Audit.ReadModelCheck"/>) all use it. Each document counts in one
/// of <see cref="Shards"/> rows per figure (by its id), so that commands on different cases of one agency seldom wait on
/// the same counter row; a transaction takes its counter rows in key order.
/// </para>
/// </remarks>
public sealed class AgencyFigureCounts
{
    /// <summary>The name <c>caseledger rebuild</c> knows the counters by.</summary>
    public const string Name = "AgencyFigures";

    public const string CaseSource = "case", RemedySource = "remedy";
    public const string Cases = "cases", StagePrefix = "stage:", DeadlinesMissed = "deadlines-missed", CasesWithMissed = "cases-with-missed",
        DecisionsChanged = "decisions-changed", DecisionsRevoked = "decisions-revoked", FilingToDecision = "filing-to-decision", Unmet = "unmet",
        ReconsiderationDecisions = "reconsideration-decisions", Corrected = "corrected", Judgments = "judgments", JudgmentsLost = "judgments-lost",
        SupervisionDecisions = "supervision-decisions", NonCompliances = "non-compliances";

    private const int Shards = 4;
    private const string Columns = "agency_id, source, figure, month, value, shard";
    private const string TriggerPrefix = "agency_figures";

    private readonly string _schema;
    private readonly string _cases;
    private readonly string _remedies;
    private readonly string _lost;

    public AgencyFigureCounts(IDocumentStore store)
    {
        _schema = store.Options.DatabaseSchemaName;
        Table = $"\"{_schema}\".agency_figure_counts";
        _cases = store.Options.FindOrResolveDocumentType(typeof(CaseSupervision)).TableName.QualifiedName;
        _remedies = store.Options.FindOrResolveDocumentType(typeof(RemedySupervision)).TableName.QualifiedName;
        var serializer = store.Options.Serializer();
        _lost = string.Join(", ", new[] { Domain.Litigation.JudgmentOutcome.Lost, Domain.Litigation.JudgmentOutcome.PartlyLost }
            .Select(o => $"'{serializer.ToJson(o).Trim('"')}'"));
    }

    /// <summary>The counters' table.</summary>
    public string Table { get; }

    /// <summary>The fields of a case document that the figures count, as <c>jsonb_to_record</c> reads them.</summary>
    private const string CaseFields = """
        stage text, "missedCount" int, "decisionChanged" boolean, "decisionRevoked" boolean, "decidedOn" date, "filedOn" date
        """;

    /// <summary>The fields of a linked proceeding's document that the figures count.</summary>
    private const string RemedyFields = """
        "decisionType" text, corrected boolean, judgment text, "supervisionDecision" text, "nonCompliances" int, "outcomeOn" date
        """;

    private static string Month(string date) => $"coalesce((extract(year from {date}) * 100 + extract(month from {date}))::int, 0)";

    /// <summary>What each case document of <paramref name="relation"/> counts, one row per counter it adds to.</summary>
    public static string CaseContributions(string relation) => $"""
        select r.agency_id, '{CaseSource}'::text as source, x.figure, x.month, x.value, (hashtext(r.id::text) & {Shards - 1})::smallint as shard, x.n
        from {relation} r
        cross join lateral jsonb_to_record(r.data) as f({CaseFields})
        cross join lateral (values
            ('{Cases}', {Month("f.\"filedOn\"")}, 0, 1),
            ('{StagePrefix}' || f.stage, {Month("f.\"filedOn\"")}, 0, 1),
            ('{DeadlinesMissed}', {Month("f.\"filedOn\"")}, 0, f."missedCount"),
            ('{CasesWithMissed}', {Month("f.\"filedOn\"")}, 0, (f."missedCount" > 0)::int),
            ('{DecisionsChanged}', {Month("f.\"filedOn\"")}, 0, f."decisionChanged"::int),
            ('{DecisionsRevoked}', {Month("f.\"filedOn\"")}, 0, f."decisionRevoked"::int),
            ('{FilingToDecision}', {Month("f.\"decidedOn\"")}, f."decidedOn" - f."filedOn", 1),
            ('{Unmet}', 0, r.earliest_unmet_day, 1)) as x(figure, month, value, n)
        where r.agency_id is not null and x.figure is not null and x.value is not null and x.n <> 0
        """;

    /// <summary>What each linked proceeding's document of <paramref name="relation"/> counts, in the month of its outcome.</summary>
    public string RemedyContributions(string relation) => $"""
        select r.agency_id, '{RemedySource}'::text as source, x.figure, {Month("f.\"outcomeOn\"")} as month, 0 as value,
               (hashtext(r.id::text) & {Shards - 1})::smallint as shard, x.n
        from {relation} r
        cross join lateral jsonb_to_record(r.data) as f({RemedyFields})
        cross join lateral (values
            ('{ReconsiderationDecisions}', (r.kind = '{ProceedingKinds.Reconsideration}' and f."decisionType" is not null)::int),
            ('{Corrected}', (r.kind = '{ProceedingKinds.Reconsideration}' and f.corrected)::int),
            ('{Judgments}', (r.kind = '{ProceedingKinds.Litigation}' and f.judgment is not null)::int),
            ('{JudgmentsLost}', (r.kind = '{ProceedingKinds.Litigation}' and f.judgment in ({_lost}))::int),
            ('{SupervisionDecisions}', (r.kind = '{ProceedingKinds.Supervision}' and f."supervisionDecision" is not null)::int),
            ('{NonCompliances}', case when r.kind = '{ProceedingKinds.Supervision}' then f."nonCompliances" end)) as x(figure, n)
        where r.agency_id is not null and x.n <> 0
        """;

    private static string Negated(string contributions) => $"select {Columns}, -n as n from ({contributions}) negated";

    /// <summary>Adds <paramref name="contributions"/> to the counters, the rows taken in key order.</summary>
    private string Add(string contributions) => $"""
        insert into {Table} as t ({Columns}, count)
        select {Columns}, sum(n) from ({contributions}) c
        group by {Columns} having sum(n) <> 0 order by {Columns}
        on conflict ({Columns}) do update set count = t.count + excluded.count
        """;

    /// <summary>
    /// Nothing is counted while a rebuild of the read models runs (it holds <see cref="Hosting.RebuildGate"/>): it rewrites
    /// every document, and counts them all once at its end (<see cref="RecountAsync"/>, still holding the gate, the two
    /// tables locked against writers), so counting each write meanwhile is work thrown away. A try, never a wait: a write
    /// outside a rebuild holds the gate shared to its commit, so a rebuild starting waits for it to be counted.
    /// </summary>
    private string Rebuilding => $"not pg_try_advisory_xact_lock_shared(hashtext('{Hosting.RebuildGate.KeyOf(_schema).Replace("'", "''")}'))";

    /// <summary>
    /// Inserted and deleted rows, a statement at a time (a bulk load, a rebuild's delete: one aggregate each); truncated, all gone.
    /// A command's upsert of a document that exists fires the insert trigger too, with no row inserted: it returns at once,
    /// before the gate and the counting statement (which took about 135 µs of the server's time per command for nothing).
    /// </summary>
    private string StatementBody(string source, Func<string, string> contributions) => $"""
        begin
          if tg_op = 'INSERT' then
            if not exists (select 1 from new_rows) then
              return null;
            end if;
          elsif tg_op = 'DELETE' then
            if not exists (select 1 from old_rows) then
              return null;
            end if;
          end if;
          if {Rebuilding} then
            return null;
          elsif tg_op = 'TRUNCATE' then
            delete from {Table} where source = '{source}';
          elsif tg_op = 'INSERT' then
            {Add(contributions("new_rows"))};
          else
            {Add(Negated(contributions("old_rows")))};
          end if;
          return null;
        end
        """;

    /// <summary>
    /// An updated row (a command's document written again), the row at a time: most commands change nothing the figures
    /// count, and this finds so reading each version's counted fields once, before any counting. The trigger's own condition
    /// (<see cref="CountedChanged"/>) calls it only when a counted JSON value or column differs; the typed comparison here
    /// decides.
    /// </summary>
    private string RowBody(Trigger t) => $"""
        begin
          -- Called only when the trigger's condition finds a counted value changed (AgencyFigureCounts.CountedChanged).
          if (select f from jsonb_to_record(old.data) as f({t.Fields})) is not distinct from (select f from jsonb_to_record(new.data) as f({t.Fields}))
             and ({string.Join(", ", t.Columns.Select(c => $"old.{c}"))}) is not distinct from ({string.Join(", ", t.Columns.Select(c => $"new.{c}"))}) then
            return null;
          end if;
          if {Rebuilding} then
            return null;
          end if;
          {Add($"{t.Contributions(Row("new", t))} union all {Negated(t.Contributions(Row("old", t)))}")};
          return null;
        end
        """;

    /// <summary>
    /// The row trigger's condition, evaluated by PostgreSQL without calling the function: whether any field the figures count
    /// (as a JSON value) or any counted column differs between the old and the new row. Equal JSON values read as equal typed
    /// values, so a row it passes over is one the function would have returned from at once; a command's upsert that changes
    /// no counted field (most do) costs no function call (about 60 µs of the server's time per command).
    /// </summary>
    private static string CountedChanged(Trigger t)
    {
        string Counted(string version) => string.Join(", ",
            FieldNames(t.Fields).Select(f => $"{version}.data -> '{f}'").Concat(t.Columns.Select(c => $"{version}.{c}")));
        return $"({Counted("old")}) is distinct from ({Counted("new")})";
    }

    /// <summary>The JSON names of <c>jsonb_to_record</c>'s column list (<c>stage text, "missedCount" int</c>: stage, missedCount).</summary>
    private static IEnumerable<string> FieldNames(string fields) =>
        fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split(' ')[0].Trim('"'));

    private static string Row(string version, Trigger t) =>
        $"(select {version}.id, {version}.data, {string.Join(", ", t.Columns.Select(c => $"{version}.{c}"))}) as";

    /// <summary>A table of documents the counters follow: its source, the columns and fields the figures read.</summary>
    private sealed record Trigger(string Source, string DocumentTable, Func<string, string> Contributions, string Fields, string[] Columns);

    private IEnumerable<Trigger> Triggered() =>
    [
        new(CaseSource, _cases, CaseContributions, CaseFields, ["agency_id", "earliest_unmet_day"]),
        new(RemedySource, _remedies, RemedyContributions, RemedyFields, ["agency_id", "kind"]),
    ];

    private IEnumerable<(string Name, string Body)> Functions(Trigger t) =>
        [(FunctionName(t.Source), StatementBody(t.Source, t.Contributions)), ($"{FunctionName(t.Source)}_row", RowBody(t))];

    /// <summary>
    /// Creates the counters' table and the triggers where missing or defined otherwise, and counts the stored documents
    /// again when the table is new or the definition changed. Run at each start after Marten's schema is applied.
    /// </summary>
    /// <returns>Whether anything was installed (and counted again).</returns>
    public async Task<bool> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var current = true;
        foreach (var t in Triggered())
        {
            foreach (var (name, body) in Functions(t))
            {
                await using var check = new NpgsqlCommand("""
                    select to_regclass($1) is not null
                       and exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $2 and p.proname = $3 and p.prosrc = $4)
                       and (select count(*) from pg_trigger where tgrelid = to_regclass($5) and tgname like $6 and tgenabled <> 'D') = 4
                    """, connection);
                foreach (var value in new object[] { Table, _schema, name, body, t.DocumentTable, $"{TriggerPrefix}\\_%" })
                    check.Parameters.Add(new NpgsqlParameter { Value = value });
                current &= await check.ExecuteScalarAsync(ct) is true;
            }
        }
        if (current) return false;

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var sql = new List<string>
        {
            $"""
            create table if not exists {Table} (
              agency_id varchar not null, source text not null, figure text not null, month int not null, value int not null,
              shard smallint not null, count bigint not null,
              primary key ({Columns}))
            """,
        };
        foreach (var t in Triggered())
        {
            foreach (var (name, body) in Functions(t))
                sql.Add($"create or replace function \"{_schema}\".{name}() returns trigger language plpgsql as $body${body}$body$");
            var function = $"\"{_schema}\".{FunctionName(t.Source)}";
            foreach (var (name, when) in new[]
                     {
                         ("insert", $"after insert on {t.DocumentTable} referencing new table as new_rows for each statement execute function {function}()"),
                         ("update", $"after update on {t.DocumentTable} for each row when ({CountedChanged(t)}) execute function {function}_row()"),
                         ("delete", $"after delete on {t.DocumentTable} referencing old table as old_rows for each statement execute function {function}()"),
                         ("truncate", $"after truncate on {t.DocumentTable} for each statement execute function {function}()"),
                     })
            {
                sql.Add($"drop trigger if exists {TriggerPrefix}_{name} on {t.DocumentTable}");
                sql.Add($"create trigger {TriggerPrefix}_{name} {when}");
            }
        }
        foreach (var statement in sql)
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync(ct);
        }
        await RecountAsync(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private static string FunctionName(string source) => $"{TriggerPrefix}_of_{source}";

    /// <summary>
    /// Counts every stored document again and replaces the counters with the result, the two read models held against
    /// writers meanwhile (readers go on). A forged or lost counter row is mended here.
    /// </summary>
    public async Task RecountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct = default)
    {
        await using var command = new NpgsqlCommand($"""
            lock table {_cases}, {_remedies} in share mode;
            delete from {Table};
            insert into {Table} ({Columns}, count)
            select {Columns}, sum(n) from ({CaseContributions(_cases)} union all {RemedyContributions(_remedies)}) c
            group by {Columns} having sum(n) <> 0;
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A counter that differs from what the stored documents count: per agency, figure, month and value, over the shards.</summary>
    public sealed record Drift(string AgencyId, string Figure, int Month, int Value, long Stored, long Counted);

    /// <summary>Every counter that differs from a recount of the stored documents, in one statement (one snapshot of both).</summary>
    public async Task<IReadOnlyList<Drift>> DriftAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        const string Key = "agency_id, source, figure, month, value";
        await using var command = dataSource.CreateCommand($"""
            with stored as (select {Key}, sum(count) as n from {Table} group by {Key} having sum(count) <> 0),
                 counted as (select {Key}, sum(n) as n from ({CaseContributions(_cases)} union all {RemedyContributions(_remedies)}) c
                             group by {Key} having sum(n) <> 0)
            select {Key}, coalesce(stored.n, 0)::bigint, coalesce(counted.n, 0)::bigint
            from stored full join counted using ({Key})
            where stored.n is distinct from counted.n
            order by {Key}
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var drifts = new List<Drift>();
        while (await reader.ReadAsync(ct))
            drifts.Add(new Drift(reader.GetString(0), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt64(5), reader.GetInt64(6)));
        return drifts;
    }
}
