using CaseLedger.Domain;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Penalty;
using CaseLedger.Supervision;
using Marten;
using NodaTime;
using Npgsql;

namespace CaseLedger.Tests.Shared;

/// <summary>
/// The agency figures as CaseLedger counted them before they were kept as counters (<see cref="AgencyFigureCounts"/>): every
/// supervision document of the agency, counted by PostgreSQL per request. Kept as the reference the counters must equal.
/// </summary>
public sealed class AgencyFiguresReference
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string[] _statements;
    private static readonly CaseStage[] Stages = Enum.GetValues<CaseStage>();

    public AgencyFiguresReference(NpgsqlDataSource dataSource, IDocumentStore store)
    {
        _dataSource = dataSource;
        // Values are compared as the store writes them, so a change of enum naming cannot silently zero a figure.
        var serializer = store.Options.Serializer();
        string Stored(object value) => serializer.ToJson(value).Trim('"');
        var cases = store.Options.FindOrResolveDocumentType(typeof(CaseSupervision)).TableName.QualifiedName;
        var remedies = store.Options.FindOrResolveDocumentType(typeof(RemedySupervision)).TableName.QualifiedName;
        // One scan of the agency's cases; the stages are counted in the same scan. The fields are read out of each document by one
        // jsonb_to_record, which takes the stored document apart once: each ->> of its own would decompress it again.
        var byStage = string.Join(",\n", Stages.Select(stage => $"(count(*) filter (where stage = '{Stored(stage)}'))::int"));
        _statements = [$"""
            select count(*)::int,
                   coalesce(sum(missed), 0)::int,
                   (count(*) filter (where missed > 0))::int,
                   (count(*) filter (where unmet < $2))::int,
                   (count(*) filter (where changed))::int,
                   (count(*) filter (where revoked))::int,
                   count(days)::int,
                   percentile_cont(0.5) within group (order by days),
                   percentile_disc(0.9) within group (order by days)::float8,
                   {byStage}
            from (select f.stage,
                         f."missedCount" as missed,
                         c.earliest_unmet_day as unmet,
                         f."decisionChanged" as changed,
                         f."decisionRevoked" as revoked,
                         f."decidedOn" - f."filedOn" as days
                  from {cases} c,
                       jsonb_to_record(c.data) as f(stage text, "missedCount" int, "decisionChanged" boolean, "decisionRevoked" boolean,
                                                    "decidedOn" date, "filedOn" date)
                  where c.agency_id = $1) agency_cases
            """,
            $"""
            select (count(*) filter (where c.kind = '{ProceedingKinds.Reconsideration}' and f."decisionType" is not null))::int,
                   (count(*) filter (where c.kind = '{ProceedingKinds.Reconsideration}' and f.corrected))::int,
                   (count(*) filter (where c.kind = '{ProceedingKinds.Litigation}' and f.judgment is not null))::int,
                   (count(*) filter (where c.kind = '{ProceedingKinds.Litigation}'
                       and f.judgment in ('{Stored(JudgmentOutcome.Lost)}', '{Stored(JudgmentOutcome.PartlyLost)}')))::int,
                   (count(*) filter (where c.kind = '{ProceedingKinds.Supervision}' and f."supervisionDecision" is not null))::int,
                   coalesce(sum(f."nonCompliances") filter (where c.kind = '{ProceedingKinds.Supervision}'), 0)::int
            from {remedies} c, jsonb_to_record(c.data) as f("decisionType" text, corrected boolean, judgment text, "supervisionDecision" text, "nonCompliances" int)
            where c.agency_id = $1
            """];
    }

    public async Task<AgencyFigures> ForAsync(string agencyId, LocalDate today, CancellationToken ct)
    {
        await using var batch = _dataSource.CreateBatch();
        for (var i = 0; i < _statements.Length; i++)
        {
            var command = new NpgsqlBatchCommand(_statements[i]);
            command.Parameters.Add(new NpgsqlParameter { Value = agencyId });
            // Only the first counts against the day: the cases overdue now.
            if (i == 0) command.Parameters.Add(new NpgsqlParameter { Value = CaseSupervision.Day(today) });
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(ct);

        await reader.ReadAsync(ct);
        var cases = reader.GetInt32(0);
        var deadlinesMissed = reader.GetInt32(1);
        var casesWithMissed = reader.GetInt32(2);
        var overdueNow = reader.GetInt32(3);
        var changed = reader.GetInt32(4);
        var revoked = reader.GetInt32(5);
        var filingToDecision = new FilingToDecision(reader.GetInt32(6),
            reader.IsDBNull(7) ? null : reader.GetDouble(7),
            reader.IsDBNull(8) ? null : reader.GetDouble(8));

        var byStage = Stages.Select((stage, i) => (stage, count: reader.GetInt32(9 + i))).ToDictionary(x => x.stage, x => x.count);

        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var decisions = reader.GetInt32(0);
        var corrected = reader.GetInt32(1);
        var judgments = reader.GetInt32(2);
        var lost = reader.GetInt32(3);
        var supervisionDecisions = reader.GetInt32(4);
        var nonCompliances = reader.GetInt32(5);

        return new AgencyFigures(agencyId, today, cases, byStage, deadlinesMissed, casesWithMissed, overdueNow, changed, revoked,
            filingToDecision,
            new CorrectionRate(decisions, corrected, Rate(corrected, decisions)),
            new LitigationLossRate(judgments, lost, Rate(lost, judgments)),
            new SupervisionOutcomes(supervisionDecisions, nonCompliances));
    }

    private static double? Rate(int count, int of) => of == 0 ? null : Math.Round((double)count / of, 4);
}
