using System.Globalization;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;
using Marten;
using NodaTime;
using Npgsql;

namespace CaseLedger.Supervision;

/// <summary>Filing to decision in days over the agency's decided cases: the median (the mean of the middle two for an even count) and the 90th percentile (nearest rank).</summary>
public sealed record FilingToDecision(int Decided, double? Median, double? P90);

/// <summary>Reconsideration decisions on the agency's cases and those that revoked, changed, confirmed illegal or void; the rate is corrected ÷ decisions.</summary>
public sealed record CorrectionRate(int Decisions, int Corrected, double? Rate);

/// <summary>Judgments in suits against the agency's decisions and those lost or partly lost; the rate is lost ÷ judgments.</summary>
public sealed record LitigationLossRate(int Judgments, int Lost, double? Rate);

/// <summary>
/// Supervision decisions on the agency (山东省行政执法监督条例 Arts. 29–34) and its recorded non-compliance: decisions refused,
/// execution reports missed, supervisors hindered (Arts. 35–38).
/// </summary>
public sealed record SupervisionOutcomes(int Decisions, int NonCompliances);

/// <summary>
/// An agency's figures on a day: its cases by stage, deadlines missed, cases overdue now, decisions changed or revoked,
/// time from filing to decision, and the outcomes of the linked proceedings on its cases (not those it decides as a
/// reconsideration body). Read from counters kept as the supervision documents change (<see cref="AgencyFigureCounts"/>).
/// </summary>
public sealed record AgencyFigures(
    string AgencyId,
    LocalDate Today,
    int Cases,
    IReadOnlyDictionary<CaseStage, int> ByStage,
    int DeadlinesMissed,
    int CasesWithMissedDeadlines,
    int CasesOverdueNow,
    int DecisionsChanged,
    int DecisionsRevoked,
    FilingToDecision FilingToDecisionDays,
    CorrectionRate Correction,
    LitigationLossRate LitigationLoss,
    SupervisionOutcomes Supervision);

/// <summary>
/// One calendar month (Asia/Shanghai) of an agency's figures. The cases filed in the month, with what has happened to them
/// since (deadlines missed, decisions changed or revoked; <see cref="MissedRate"/> is cases with a missed deadline ÷ cases
/// filed); the cases decided in the month and their days from filing; the reconsideration decisions, judgments and supervision
/// decisions made in the month (a supervision matter's non-compliance counted in the month of its decision).
/// </summary>
public sealed record MonthFigures(
    string Month,
    int CasesFiled,
    int CasesWithMissedDeadlines,
    int DeadlinesMissed,
    double? MissedRate,
    int DecisionsChanged,
    int DecisionsRevoked,
    FilingToDecision FilingToDecisionDays,
    CorrectionRate Correction,
    LitigationLossRate LitigationLoss,
    SupervisionOutcomes Supervision);

/// <summary>An agency's figures month by month, the oldest first, up to the month of <see cref="Today"/>.</summary>
public sealed record AgencyTrend(string AgencyId, LocalDate Today, IReadOnlyList<MonthFigures> Months);

/// <summary>
/// Reads <see cref="AgencyFigures"/> and <see cref="AgencyTrend"/> from the counters, in one round trip each, in the database
/// that holds the agency's cases: its region's when a region names it (<see cref="Region"/>), else the deployment's own.
/// </summary>
public sealed class AgencyFiguresQuery
{
    public const int DefaultMonths = 12, MaxMonths = CaseLedger.Domain.Assessments.AssessmentPeriod.MaxMonths;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IDocumentStore _store;
    private readonly IReadOnlyList<Region> _regions;
    private readonly Dictionary<string, CaseStage> _stages;
    private readonly string _figures;
    private readonly string _overdue;
    private readonly string _trend;

    public AgencyFiguresQuery(NpgsqlDataSource dataSource, IDocumentStore store, CaseLedgerSettings settings)
    {
        (_dataSource, _store, _regions) = (dataSource, store, settings.Regions);
        var serializer = store.Options.Serializer();
        _stages = Enum.GetValues<CaseStage>().ToDictionary(stage => AgencyFigureCounts.StagePrefix + serializer.ToJson(stage).Trim('"'));
        var table = new AgencyFigureCounts(store).Table;
        _figures = $"""
            select figure, value, sum(count)::bigint from {table}
            where agency_id = $1 and figure <> '{AgencyFigureCounts.Unmet}'
            group by figure, value
            """;
        // The only figure that depends on the day: cases whose earliest unmet duty ended before it, counted by day.
        _overdue = $"""
            select coalesce(sum(count), 0)::bigint from {table}
            where agency_id = $1 and source = '{AgencyFigureCounts.CaseSource}' and figure = '{AgencyFigureCounts.Unmet}' and month = 0 and value < $2
            """;
        _trend = $"""
            select figure, value, sum(count)::bigint, month from {table}
            where agency_id = $1 and month between $2 and $3 and figure <> '{AgencyFigureCounts.Unmet}'
            group by figure, month, value
            """;
    }

    /// <summary>The figures of a registered agency that the reader's scope covers, on <paramref name="today"/>.</summary>
    public async Task<Answer<AgencyFigures>> ReadAsync(IQuerySession session, ReadScope reader, string agencyId, LocalDate today, CancellationToken ct)
    {
        if (await RefusedAsync(session, reader, agencyId, ct) is { } refused) return refused;
        return await ForAsync(agencyId, today, ct);
    }

    /// <summary>The monthly trend of a registered agency that the reader's scope covers, the <paramref name="months"/> months up to <paramref name="today"/>'s.</summary>
    public async Task<Answer<AgencyTrend>> ReadTrendAsync(IQuerySession session, ReadScope reader, string agencyId, LocalDate today, int months,
        CancellationToken ct)
    {
        if (await RefusedAsync(session, reader, agencyId, ct) is { } refused) return refused;
        return await TrendAsync(agencyId, today, months, ct);
    }

    internal static async Task<Refusal?> RefusedAsync(IQuerySession session, ReadScope reader, string agencyId, CancellationToken ct) =>
        await session.LoadAsync<Agency>(agencyId, ct) is null
            ? new Refusal(RefusalCodes.NotFound, $"Agency '{agencyId}' is not registered.")
            : reader.Reads(agencyId);

    public async Task<AgencyFigures> ForAsync(string agencyId, LocalDate today, CancellationToken ct)
    {
        await using var batch = (await SourceOfAsync(agencyId)).CreateBatch();
        batch.BatchCommands.Add(Command(_figures, agencyId));
        batch.BatchCommands.Add(Command(_overdue, agencyId, CaseSupervision.Day(today)));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var counts = await CountsAsync(reader, ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var overdueNow = (int)reader.GetInt64(0);

        var of = counts.GetValueOrDefault(0) ?? new Counts();
        var byStage = Enum.GetValues<CaseStage>().ToDictionary(stage => stage, _ => 0);
        foreach (var (figure, stage) in _stages) byStage[stage] = of[figure];
        return new AgencyFigures(agencyId, today, of[AgencyFigureCounts.Cases], byStage, of[AgencyFigureCounts.DeadlinesMissed],
            of[AgencyFigureCounts.CasesWithMissed], overdueNow, of[AgencyFigureCounts.DecisionsChanged], of[AgencyFigureCounts.DecisionsRevoked],
            of.FilingToDecision(), of.Correction(), of.LitigationLoss(), of.Supervision());
    }

    public async Task<AgencyTrend> TrendAsync(string agencyId, LocalDate today, int months, CancellationToken ct)
    {
        var last = new LocalDate(today.Year, today.Month, 1);
        var first = last.PlusMonths(1 - months);
        await using var batch = (await SourceOfAsync(agencyId)).CreateBatch();
        batch.BatchCommands.Add(Command(_trend, agencyId, Month(first), Month(last)));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var counts = await CountsAsync(reader, ct, byMonth: true);
        var trend = new List<MonthFigures>(months);
        for (var month = first; month <= last; month = month.PlusMonths(1))
            trend.Add(Figures(Label(month), counts.GetValueOrDefault(Month(month)) ?? new Counts()));
        return new AgencyTrend(agencyId, today, trend);
    }

    /// <summary>The database of the agency's cases, whose triggers keep its counters.</summary>
    private async Task<NpgsqlDataSource> SourceOfAsync(string agencyId) =>
        _regions.Of(agencyId) is { } region ? await _store.DataSourceOfAsync(region.Id) : _dataSource;

    /// <summary>
    /// The figures of the months <paramref name="first"/> to <paramref name="last"/> together (an assessment's period): the same
    /// counters and rates as a month of the trend, summed over the months; labelled <c>yyyy-MM..yyyy-MM</c>.
    /// </summary>
    public async Task<MonthFigures> PeriodAsync(string agencyId, LocalDate first, LocalDate last, CancellationToken ct)
    {
        await using var batch = (await SourceOfAsync(agencyId)).CreateBatch();
        batch.BatchCommands.Add(Command(_trend, agencyId, Month(first), Month(last)));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var counts = await CountsAsync(reader, ct);
        return Figures($"{Label(first)}..{Label(last)}", counts.GetValueOrDefault(0) ?? new Counts());
    }

    private static string Label(LocalDate month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static MonthFigures Figures(string label, Counts of)
    {
        int filed = of[AgencyFigureCounts.Cases], missed = of[AgencyFigureCounts.CasesWithMissed];
        return new MonthFigures(label, filed, missed, of[AgencyFigureCounts.DeadlinesMissed], Rate(missed, filed), of[AgencyFigureCounts.DecisionsChanged],
            of[AgencyFigureCounts.DecisionsRevoked], of.FilingToDecision(), of.Correction(), of.LitigationLoss(), of.Supervision());
    }

    /// <summary>A month as the counters key it: <c>yyyymm</c>.</summary>
    public static int Month(LocalDate date) => date.Year * 100 + date.Month;

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    /// <summary>The rows of one result (figure, value, count[, month]), summed by month (all in 0 unless <paramref name="byMonth"/>).</summary>
    private static async Task<Dictionary<int, Counts>> CountsAsync(NpgsqlDataReader reader, CancellationToken ct, bool byMonth = false)
    {
        var counts = new Dictionary<int, Counts>();
        while (await reader.ReadAsync(ct))
        {
            var month = byMonth ? reader.GetInt32(3) : 0;
            if (!counts.TryGetValue(month, out var of)) counts[month] = of = new Counts();
            of.Add(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2));
        }
        return counts;
    }

    private static double? Rate(int count, int of) => of == 0 ? null : Math.Round((double)count / of, 4);

    /// <summary>The counters of one agency (and month), summed over their rows.</summary>
    private sealed class Counts
    {
        private readonly Dictionary<string, long> _totals = [];
        private readonly SortedDictionary<int, long> _days = [];

        public void Add(string figure, int value, long count)
        {
            _totals[figure] = _totals.GetValueOrDefault(figure) + count;
            if (figure == AgencyFigureCounts.FilingToDecision) _days[value] = _days.GetValueOrDefault(value) + count;
        }

        public int this[string figure] => (int)_totals.GetValueOrDefault(figure);

        /// <summary>As PostgreSQL's <c>percentile_cont(0.5)</c> and <c>percentile_disc(0.9)</c> over the days, from their histogram.</summary>
        public FilingToDecision FilingToDecision()
        {
            var decided = _days.Where(d => d.Value > 0).Sum(d => d.Value);
            if (decided == 0) return new FilingToDecision(0, null, null);
            double At(long row)
            {
                foreach (var (days, count) in _days)
                {
                    if (row < count) return days;
                    row -= count;
                }
                throw new InvalidOperationException("A row past the histogram.");
            }
            var middle = 0.5 * (decided - 1);
            var (below, above) = ((long)Math.Floor(middle), (long)Math.Ceiling(middle));
            var median = At(below) + (At(above) - At(below)) * (middle - below);
            var rank = Math.Max(1, (long)Math.Ceiling(0.9 * decided));
            return new FilingToDecision((int)decided, median, At(rank - 1));
        }

        public CorrectionRate Correction()
        {
            int decisions = this[AgencyFigureCounts.ReconsiderationDecisions], corrected = this[AgencyFigureCounts.Corrected];
            return new CorrectionRate(decisions, corrected, Rate(corrected, decisions));
        }

        public LitigationLossRate LitigationLoss()
        {
            int judgments = this[AgencyFigureCounts.Judgments], lost = this[AgencyFigureCounts.JudgmentsLost];
            return new LitigationLossRate(judgments, lost, Rate(lost, judgments));
        }

        public SupervisionOutcomes Supervision() =>
            new(this[AgencyFigureCounts.SupervisionDecisions], this[AgencyFigureCounts.NonCompliances]);
    }
}
