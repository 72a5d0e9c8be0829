using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using NodaTime;

namespace CaseLedger.Domain.Litigation;

// A suit against the decision (行政诉讼法 2017) as its own stream naming the case and, when there was one, the
// reconsideration. The agency records its side: defence, appearance, judgment, lost-case report, performance.

public enum JudgmentOutcome { Won, Lost, PartlyLost }

/// <summary>First instance (appealable) or second instance (final on delivery).</summary>
public enum JudgmentInstance { First, Second }

/// <summary>Who appealed the first-instance judgment.</summary>
public enum Appellant { Plaintiff, Defendant, ThirdParty }

/// <summary>
/// The suit as the court served it on the agency. <see cref="Late"/>: filed after <see cref="FilingDueOn"/>; recorded all the same
/// (the court registered it and judges its timeliness) and reported by the audit (domain.md §6).
/// </summary>
public sealed record LitigationFiled(
    string LitigationId, string CaseId, string? ReconsiderationId, string Court, Party Plaintiff, IReadOnlyList<string> Defendants,
    LocalDate KnewOn, LocalDate FiledOn, LocalDate ComplaintReceivedOn, bool RemedyNoticeGiven, LocalDate FilingDueOn, LocalDate DefenceDueOn,
    bool MajorPublicInterest, int LossReportDays, int PerformanceDays,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy, LocalDate? LearnedOfRightOn = null, bool Late = false);

/// <summary>Defence, evidence and legal basis (Art. 67); late evidence without good reason counts as none (Art. 34).</summary>
public sealed record DefenceSubmitted(
    string LitigationId, LocalDate SubmittedOn, LocalDate DueOn, bool Late, string DefenceSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The agency appeared by its head or delegated staff, never by lawyers alone (Art. 3; 解释 Arts. 128–132).</summary>
public sealed record LitigationHearingRecorded(
    string LitigationId, LocalDate HeldOn, IReadOnlyList<string> AppearedBy, bool HeadAppeared, IReadOnlyList<string> Lawyers,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>
/// The judgment; a loss opens the lost-case report and the performance of the judgment (Outline item 36; configurable days,
/// default 30). A first-instance judgment (or ruling) may be appealed until <see cref="AppealDueOn"/> (15 days, 10 for a
/// ruling: 行政诉讼法 Art. 85); its effect on the penalty case waits for finality. A second-instance judgment is final.
/// </summary>
public sealed record JudgmentRecorded(
    string LitigationId, JudgmentOutcome Outcome, LocalDate JudgedOn, LocalDate ReceivedOn, RemedyEffect? Effect,
    IReadOnlyList<PenaltyTerm> NewPenalties, LocalDate? LossReportDueOn, LocalDate? PerformanceDueOn, string JudgmentSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy,
    JudgmentInstance Instance = JudgmentInstance.First, bool Ruling = false, LocalDate? AppealDueOn = null);

/// <summary>An appeal against the first-instance judgment; one filed after the period is recorded (the court judges it) and marked late.</summary>
public sealed record AppealRecorded(
    string LitigationId, Appellant By, LocalDate AppealedOn, LocalDate AppealDueOn, bool Late,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The first-instance judgment took effect: the appeal period passed with no appeal (行政诉讼法 Art. 85). Its effect is carried now.</summary>
public sealed record JudgmentBecameFinal(
    string LitigationId, LocalDate EffectiveOn, JudgmentOutcome Outcome, RemedyEffect? Effect,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record LossReportFiled(
    string LitigationId, LocalDate FiledOn, string SubmittedTo, string ReportSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record JudgmentPerformed(
    string LitigationId, LocalDate PerformedOn, string Description,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record LitigationClosed(
    string LitigationId, LocalDate ClosedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>A suit as its events made it. Built by <see cref="LitigationCase.Evolve"/> only.</summary>
public sealed record LitigationState(LitigationFiled Filing)
{
    public string Id => Filing.LitigationId;
    public string CaseId => Filing.CaseId;
    public DefenceSubmitted? Defence { get; init; }
    public IReadOnlyList<LitigationHearingRecorded> Hearings { get; init; } = [];
    /// <summary>The latest judgment: the first instance's, or the second instance's after an appeal.</summary>
    public JudgmentRecorded? Judgment { get; init; }
    public AppealRecorded? Appeal { get; init; }
    public JudgmentBecameFinal? Finality { get; init; }
    public LossReportFiled? LossReport { get; init; }
    public JudgmentPerformed? Performance { get; init; }
    public LitigationClosed? Closure { get; init; }

    public bool Lost => Judgment is { Outcome: JudgmentOutcome.Lost or JudgmentOutcome.PartlyLost };

    /// <summary>When the judgment took effect: on the second-instance judgment, or when the appeal period passed unused.</summary>
    public LocalDate? FinalOn => Judgment is { Instance: JudgmentInstance.Second } second ? second.ReceivedOn : Finality?.EffectiveOn;

    internal LitigationState Apply(object @event) => @event switch
    {
        DefenceSubmitted e => this with { Defence = e },
        LitigationHearingRecorded e => this with { Hearings = [.. Hearings, e] },
        JudgmentRecorded e => this with { Judgment = e },
        AppealRecorded e => this with { Appeal = e },
        JudgmentBecameFinal e => this with { Finality = e },
        LossReportFiled e => this with { LossReport = e },
        JudgmentPerformed e => this with { Performance = e },
        LitigationClosed e => this with { Closure = e },
        _ => this,
    };
}

/// <summary>A command on a litigation stream.</summary>
public interface ILitigationCommand : IProceedingCommand;

/// <summary><c>POST /api/litigations</c>: the suit as the court served it on the agency.</summary>
public sealed record FileLitigation(
    string? CaseId,
    string? Court,
    Party? Plaintiff,
    LocalDate KnewOn,
    LocalDate FiledOn,
    LocalDate ComplaintReceivedOn,
    string? ReconsiderationId = null,
    LocalDate? ReconsiderationDecisionReceivedOn = null,
    bool RemedyNoticeGiven = true,
    bool MajorPublicInterest = false,
    int? LossReportDays = null,
    int? PerformanceDays = null,
    IReadOnlyList<string>? Staff = null,
    IReadOnlyList<string>? Documents = null,
    LocalDate? LearnedOfRightOn = null) : ILitigationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>submit-defence</c>: within 15 days of receiving the complaint (Art. 67).</summary>
public sealed record SubmitDefence(LocalDate SubmittedOn, string? DefenceSha256, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : ILitigationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>record-hearing</c>: who appeared for the agency; lawyers may accompany, never replace, its head or staff.</summary>
public sealed record RecordLitigationHearing(LocalDate HeldOn, IReadOnlyList<string>? AppearedBy, IReadOnlyList<string>? Lawyers = null,
    IReadOnlyList<string>? Documents = null) : ILitigationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(AppearedBy);
}

/// <summary>
/// <c>record-judgment</c>: won, lost or partly lost; a loss may revoke, change or confirm the decision illegal or void. First
/// instance (a judgment, or a ruling: <see cref="Ruling"/>), or second instance after an appeal.
/// </summary>
public sealed record RecordJudgment(
    JudgmentOutcome Outcome, LocalDate JudgedOn, string? JudgmentSha256, LocalDate? ReceivedOn = null, RemedyEffect? Effect = null,
    IReadOnlyList<PenaltyTerm>? NewPenalties = null, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null,
    JudgmentInstance Instance = JudgmentInstance.First, bool Ruling = false) : ILitigationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>record-appeal</c>: who appealed the first-instance judgment and when (15 days, 10 for a ruling: 行政诉讼法 Art. 85).</summary>
public sealed record RecordAppeal(Appellant By, LocalDate On, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : ILitigationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>record-finality</c>: the first-instance judgment took effect, the appeal period having passed with no appeal.</summary>
public sealed record RecordFinality(LocalDate On, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : ILitigationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>file-loss-report</c>: the lost-case report (败诉报告, Outline item 36).</summary>
public sealed record FileLossReport(LocalDate FiledOn, string? SubmittedTo, string? ReportSha256, IReadOnlyList<string>? Staff = null,
    IReadOnlyList<string>? Documents = null) : ILitigationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>record-performance</c>: the judgment performed.</summary>
public sealed record RecordPerformance(LocalDate PerformedOn, string? Description, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : ILitigationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>close</c>: once the judgment is final; after a loss only with the report filed and the judgment performed.</summary>
public sealed record CloseLitigation(LocalDate ClosedOn, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : ILitigationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary>The periods of the Administrative Litigation Law (2017) and its 2018 interpretation; all natural days.</summary>
public static class LitigationLaw
{
    /// <summary>Art. 45, from the table the flow charts are drawn from.</summary>
    public static readonly int AfterReconsiderationDays =
        Procedures.ProcedureRules.Statutory.Length(Procedures.ProcedureRules.Reconsideration, "suit-after-reconsideration", Procedures.LimitUnit.Days);
    /// <summary>Art. 46, from the table the flow charts are drawn from.</summary>
    public static readonly int DirectSuitMonths =
        Procedures.ProcedureRules.Statutory.Length(Procedures.ProcedureRules.General, "direct-suit", Procedures.LimitUnit.Months);
    public const int NoNoticeYears = 1;
    public const int DefenceDays = 15;
    /// <summary>No statute sets the lost-case report or performance period; 30 days unless the filing configures it.</summary>
    public const int DefaultLossReportDays = 30;
    public const int DefaultPerformanceDays = 30;

    /// <summary>The sued agency's staff; a reconsideration body sued (行政诉讼法 Art. 26) defends through its reconsideration staff.</summary>
    internal static readonly Staffing Staff = new([Role.AgencyHead, Role.EnforcementOfficer, Role.LegalReviewer, Role.ReconsiderationStaff], QualificationRequired: false, "litigation");

    /// <summary>Who records its steps (docs/access.md).</summary>
    public static IReadOnlySet<Role> Writers => Staff.Writers;

    public const int AppealJudgmentDays = 15;
    public const int AppealRulingDays = 10;

    /// <summary>
    /// The last day to sue (domain.md §3.2). After a reconsideration: 15 days from receiving its decision, or from the end of its
    /// period when none came (Art. 45); a mandatory reconsideration (an on-the-spot decision, 行政复议法 Art. 23) refused: 15 days from
    /// receiving the refusal (行政复议法 Art. 34); an optional one refused or withdrawn leaves the direct suit. A direct suit: 6 months
    /// from knowing the act (Art. 46). Without notice of the right or period to sue: the period runs from learning of it, never
    /// beyond one year from knowing the act or the decision (解释 Art. 64).
    /// </summary>
    public static (LocalDate Due, string Rule) FilingDue(FileLitigation c, ReconsiderationState? reconsideration, IWorkingDayCalendar calendar)
    {
        LocalDate? afterReconsideration = reconsideration switch
        {
            null => null,
            { Decision: { } decided } r => c.ReconsiderationDecisionReceivedOn ?? r.Service?.ServedOn ?? decided.DecidedOn,
            { Refusal: { } refused } r when r.Application.Contested.Procedure == Procedure.Simplified => c.ReconsiderationDecisionReceivedOn ?? refused.RefusedOn,
            { Refusal: not null } or { Withdrawal: not null } or { Settlement: not null } => null,
            { Acceptance: { } accepted } r => ReconsiderationLaw.DecisionDue(r, accepted.AcceptedOn, calendar, c.FiledOn),
            var r => r.Application.AppliedOn,
        };
        var trigger = afterReconsideration ?? c.KnewOn;
        (LocalDate, string) Period(LocalDate from) => afterReconsideration is not null
            ? (NaturalPeriods.End(calendar, from, AfterReconsiderationDays), "行政诉讼法 Art. 45")
            : (NaturalPeriods.EndMonths(calendar, from, DirectSuitMonths), "行政诉讼法 Art. 46");
        if (c.RemedyNoticeGiven) return Period(trigger);
        var cap = NaturalPeriods.EndYears(calendar, trigger, NoNoticeYears);
        return c.LearnedOfRightOn is { } learned && Period(learned) is var (due, rule) && due < cap
            ? (due, $"{rule}; 行政诉讼法解释 Art. 64")
            : (cap, "行政诉讼法解释 Art. 64");
    }

    /// <summary>
    /// Art. 26; 解释 Arts. 22, 133–134: upheld (or rejected) → agency and body together; changed → the body alone. Confirming the act
    /// void, or illegal other than for a procedural flaw, changes it (解释 Art. 22): the body alone.
    /// </summary>
    public static IReadOnlyList<string> Defendants(string agencyId, ReconsiderationState? reconsideration) =>
        reconsideration?.Decision switch
        {
            null => [agencyId],
            { Type: ReconsiderationDecisionType.Uphold or ReconsiderationDecisionType.Reject } => [agencyId, reconsideration.Application.Body],
            { Type: ReconsiderationDecisionType.ConfirmIllegal } d when d.Grounds.Count > 0 && d.Grounds.All(g => g == DecisionGround.MinorProceduralFlaw) =>
                [agencyId, reconsideration.Application.Body],
            _ => [reconsideration.Application.Body],
        };
}
