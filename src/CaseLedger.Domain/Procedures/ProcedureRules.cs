namespace CaseLedger.Domain.Procedures;

/// <summary>How a time limit is counted. Working days: 行政处罚法 Art. 85, 行政复议法 Art. 88, 行政强制法 Art. 69; the rest are natural.</summary>
public enum LimitUnit { WorkingDays, Days, Months, Years, Hours }

/// <summary>A text in Chinese, the language of the law, with its English rendering.</summary>
public sealed record Text(string Zh, string En)
{
    public string In(bool english) => english ? En : Zh;
}

/// <summary>
/// One time limit of a procedure. <see cref="Key"/> is the key of the deadline the engine computes from it (e.g. <c>defence</c>,
/// <c>hearing-request</c>), so that the published flow chart and the deadline board name the same thing.
/// </summary>
public sealed record TimeLimit(string Key, int Length, LimitUnit Unit, Text What, Text Article);

/// <summary>One step of a procedure: who takes it, what the law requires of it, and the time limits that bound it.</summary>
public sealed record ProcedureStep(string Key, Text Name, Text Who, Text Article, IReadOnlyList<TimeLimit> Limits, Text? Note = null);

/// <summary>A procedure from its first step to its last, as the published flow chart (执法流程图, Outline item 23) shows it.</summary>
public sealed record ProcedureFlow(string Key, Text Title, Text Basis, IReadOnlyList<ProcedureStep> Steps)
{
    public IEnumerable<TimeLimit> Limits => Steps.SelectMany(s => s.Limits);
}

/// <summary>
/// The procedures and their time limits as one table: the engine's periods are read from <see cref="Statutory"/>
/// (e.g. <c>Law.DefenceWorkingDays</c>), and the flow chart is drawn from whichever table it is given, so a chart drawn
/// from <see cref="Statutory"/> shows exactly the limits the engine enforces. The decision limit of the penalty procedure
/// is the agency policy's default (Art. 60 "unless laws provide otherwise"; <c>AgencyPolicy.DefaultDecisionDays</c>).
/// </summary>
public sealed record ProcedureRules(IReadOnlyList<ProcedureFlow> Flows)
{
    public const string General = "general";
    public const string Simplified = "simplified";
    public const string FastTrack = "fast-track";
    public const string Reconsideration = "reconsideration";
    public const string Petition = "petition";

    /// <summary>The table the engine enforces.</summary>
    public static ProcedureRules Statutory { get; } = StatutoryRules.Build();

    public ProcedureFlow? Find(string flow) => Flows.FirstOrDefault(f => f.Key == flow);

    public ProcedureFlow Flow(string flow) =>
        Find(flow) ?? throw new KeyNotFoundException($"No procedure '{flow}' in the rules.");

    public TimeLimit Limit(string flow, string limit) =>
        Flow(flow).Limits.FirstOrDefault(l => l.Key == limit)
        ?? throw new KeyNotFoundException($"No time limit '{limit}' in procedure '{flow}'.");

    /// <summary>The length of a limit the caller counts in <paramref name="unit"/>: a table that counts it otherwise is refused, never misread.</summary>
    public int Length(string flow, string limit, LimitUnit unit)
    {
        var found = Limit(flow, limit);
        return found.Unit == unit
            ? found.Length
            : throw new InvalidOperationException($"The rules count '{flow}/{limit}' in {found.Unit}, the engine in {unit}.");
    }

    /// <summary>The same table with one limit's length changed (a sector rule, or a test).</summary>
    public ProcedureRules WithLength(string flow, string limit, int length)
    {
        _ = Limit(flow, limit);
        return new ProcedureRules([.. Flows.Select(f => f.Key != flow ? f : f with
        {
            Steps = [.. f.Steps.Select(s => s with { Limits = [.. s.Limits.Select(l => l.Key == limit ? l with { Length = length } : l)] })],
        })]);
    }
}
