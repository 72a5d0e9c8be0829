using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using NodaTime;

namespace CaseLedger.Domain.Litigation;

// A suit against the decision (行政诉讼法 2017) as its own stream naming the case and, when there was one, the
// reconsideration. The agency records its side: defence, appearance, judgment, lost-case report, performance.

public enum JudgmentOutcome { Won, Lost, PartlyLost }

public sealed record LitigationFiled(
    string LitigationId, string CaseId, string? ReconsiderationId, string Court, Party Plaintiff, IReadOnlyList<string> Defendants,
    LocalDate KnewOn, LocalDate FiledOn, LocalDate ComplaintReceivedOn, bool RemedyNoticeGiven, LocalDate FilingDueOn, LocalDate DefenceDueOn,
    bool MajorPublicInterest, int LossReportDays, int PerformanceDays,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>Defence, evidence and legal basis (Art. 67); late evidence without good reason counts as none (Art. 34).</summary>
public sealed record DefenceSubmitted(
    string LitigationId, LocalDate SubmittedOn, LocalDate DueOn, bool Late, string DefenceSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The agency appeared by its head or delegated staff, never by lawyers alone (Art. 3; 解释 Arts. 128–132).</summary>
public sealed record LitigationHearingRecorded(
    string LitigationId, LocalDate HeldOn, IReadOnlyList<string> AppearedBy, bool HeadAppeared, IReadOnlyList<string> Lawyers,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The judgment; a loss opens the lost-case report and the performance of the judgment (Outline item 36; configurable days, default 30).</summary>
public sealed record JudgmentRecorded(
    string LitigationId, JudgmentOutcome Outcome, LocalDate JudgedOn, LocalDate ReceivedOn, RemedyEffect? Effect,
    IReadOnlyList<PenaltyTerm> NewPenalties, LocalDate? LossReportDueOn, LocalDate? PerformanceDueOn, string JudgmentSha256,
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
    public JudgmentRecorded? Judgment { get; init; }
    public LossReportFiled? LossReport { get; init; }
    public JudgmentPerformed? Performance { get; init; }
    public LitigationClosed? Closure { get; init; }

    public bool Lost => Judgment is { Outcome: JudgmentOutcome.Lost or JudgmentOutcome.PartlyLost };

    internal LitigationState Apply(object @event) => @event switch
    {
        DefenceSubmitted e => this with { Defence = e },
        LitigationHearingRecorded e => this with { Hearings = [.. Hearings, e] },
        JudgmentRecorded e => this with { Judgment = e },
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
    IReadOnlyList<string>? Documents = null) : ILitigationCommand
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

/// <summary><c>record-judgment</c>: won, lost or partly lost; a loss may revoke, change or confirm the decision illegal or void.</summary>
public sealed record RecordJudgment(
    JudgmentOutcome Outcome, LocalDate JudgedOn, string? JudgmentSha256, LocalDate? ReceivedOn = null, RemedyEffect? Effect = null,
    IReadOnlyList<PenaltyTerm>? NewPenalties = null, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : ILitigationCommand
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

/// <summary><c>close</c>: after a loss only with the report filed and the judgment performed.</summary>
public sealed record CloseLitigation(LocalDate ClosedOn, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : ILitigationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary>The periods of the Administrative Litigation Law (2017) and its 2018 interpretation; all natural days.</summary>
public static class LitigationLaw
{
    public const int AfterReconsiderationDays = 15;
    public const int DirectSuitMonths = 6;
    public const int NoNoticeYears = 1;
    public const int DefenceDays = 15;
    /// <summary>No statute sets the lost-case report or performance period; 30 days unless the filing configures it.</summary>
    public const int DefaultLossReportDays = 30;
    public const int DefaultPerformanceDays = 30;

    internal static readonly Staffing Staff = new([Role.AgencyHead, Role.EnforcementOfficer, Role.LegalReviewer], QualificationRequired: false, "litigation");

    /// <summary>
    /// Arts. 45–46; 解释 Art. 64: 15 days after receiving the reconsideration decision (or after its period lapsed),
    /// 6 months from knowing the act for a direct suit, one year when no notice of the right to sue was given.
    /// </summary>
    public static (LocalDate Due, string Rule) FilingDue(FileLitigation c, ReconsiderationState? reconsideration, IWorkingDayCalendar calendar)
    {
        if (reconsideration is not null)
        {
            var trigger = reconsideration.Decision is { } decided
                ? c.ReconsiderationDecisionReceivedOn ?? reconsideration.Service?.ServedOn ?? decided.DecidedOn
                : reconsideration.Acceptance is { } accepted
                    ? ReconsiderationLaw.DecisionDue(reconsideration, accepted.AcceptedOn, calendar, c.FiledOn)
                    : reconsideration.Application.AppliedOn;
            return (NaturalPeriods.End(calendar, trigger, AfterReconsiderationDays), "行政诉讼法 Art. 45");
        }
        return c.RemedyNoticeGiven
            ? (NaturalPeriods.EndMonths(calendar, c.KnewOn, DirectSuitMonths), "行政诉讼法 Art. 46")
            : (NaturalPeriods.EndYears(calendar, c.KnewOn, NoNoticeYears), "行政诉讼法解释 Art. 64");
    }

    /// <summary>Art. 26; 解释 Arts. 22, 133–134: upheld (or rejected, or confirmed illegal) → agency and body together; changed → the body.</summary>
    public static IReadOnlyList<string> Defendants(string agencyId, ReconsiderationState? reconsideration) =>
        reconsideration?.Decision?.Type switch
        {
            null => [agencyId],
            ReconsiderationDecisionType.Uphold or ReconsiderationDecisionType.Reject or ReconsiderationDecisionType.ConfirmIllegal =>
                [agencyId, reconsideration.Application.Body],
            _ => [reconsideration.Application.Body],
        };
}
