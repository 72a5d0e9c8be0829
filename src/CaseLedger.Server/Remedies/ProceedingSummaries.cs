using CaseLedger.Domain;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.SupervisionMatters;
using NodaTime;

namespace CaseLedger.Server.Remedies;

/// <summary>A reconsideration as its readers see it (<c>GET /api/reconsiderations/{id}</c>), with its deadlines (§8.5).</summary>
public sealed record ReconsiderationSummary(string ReconsiderationId, string CaseId, long Version, string Stage, ReconsiderationProcedure Procedure,
    string Body, Party Applicant, ContestedAct Contested, LocalDate AppliedOn, ReconsiderationAccepted? Acceptance, bool ReplyMissed,
    ReconsiderationExtended? Extension, ReconsiderationDecided? Decision, LocalDate? EndedOn,
    IReadOnlyList<Deadline> OpenDeadlines, IReadOnlyList<Deadline> Deadlines);

/// <summary>A suit as its defendants see it (<c>GET /api/litigations/{id}</c>), with its deadlines.</summary>
/// <param name="LossReportRequired">A lost suit whose report to the government is still owed.</param>
public sealed record LitigationSummary(string LitigationId, string CaseId, string? ReconsiderationId, long Version, string Stage, string Court,
    Party Plaintiff, IReadOnlyList<string> Defendants, DefenceSubmitted? Defence, IReadOnlyList<LitigationHearingRecorded> Hearings,
    JudgmentRecorded? Judgment, bool LossReportRequired, LossReportFiled? LossReport, JudgmentPerformed? Performance, LocalDate? ClosedOn,
    IReadOnlyList<Deadline> OpenDeadlines, IReadOnlyList<Deadline> Deadlines);

/// <summary>A supervision matter as its organ and the supervised agency see it (<c>GET /api/supervision-matters/{id}</c>).</summary>
/// <param name="Steps">How many investigation steps are recorded.</param>
public sealed record SupervisionMatterSummary(string MatterId, string? CaseId, long Version, string Stage, string Body, string AgencyId,
    SupervisionMatterOpened Opening, int Steps, SupervisionOpinionIssued? Opinion, SelfCorrectionRecorded? Correction, SupervisionDecided? Decision,
    SupervisionExecutionReported? Report, IReadOnlyList<NonComplianceRecorded> NonCompliances, SupervisionMatterClosed? Closure,
    IReadOnlyList<Deadline> OpenDeadlines, IReadOnlyList<Deadline> Deadlines);

/// <summary>A petition as its readers see it (<c>GET /api/petitions/{id}</c>), with its deadlines.</summary>
/// <param name="Closed">The re-review is the last word (信访工作条例 Art. 35).</param>
public sealed record PetitionSummary(string PetitionId, long Version, string Stage, Party Petitioner, string Subject, string? CaseId,
    LocalDate LodgedOn, PetitionAccepted? Acceptance, PetitionRouted? Routing, string? ReconsiderationId, PetitionReplied? Reply,
    PetitionReviewReplied? Review, PetitionReReviewReplied? ReReview, bool Closed,
    IReadOnlyList<Deadline> OpenDeadlines, IReadOnlyList<Deadline> Deadlines);

/// <summary>What <c>GET /api/{kind}/{id}</c> answers for each linked proceeding: its state in the words of its readers.</summary>
public static class ProceedingSummaries
{
    public static ReconsiderationSummary Reconsideration(long version, ReconsiderationState s, IWorkingDayCalendar calendar, LocalDate today)
    {
        var deadlines = ReconsiderationCase.Deadlines(s, calendar, today);
        return new(s.Id, s.CaseId, version, ReconsiderationCase.StageOf(s), s.Procedure, s.Application.Body, s.Application.Applicant,
            s.Application.Contested, s.Application.AppliedOn, s.Acceptance, s.ReplyMissed is not null, s.Extension, s.Decision, s.EndedOn,
            Open(deadlines), deadlines);
    }

    public static LitigationSummary Litigation(long version, LitigationState s, IWorkingDayCalendar calendar, LocalDate today)
    {
        var deadlines = LitigationCase.Deadlines(s, calendar, today);
        return new(s.Id, s.CaseId, s.Filing.ReconsiderationId, version, LitigationCase.StageOf(s), s.Filing.Court, s.Filing.Plaintiff,
            s.Filing.Defendants, s.Defence, s.Hearings, s.Judgment, s.Lost && s.LossReport is null, s.LossReport, s.Performance,
            s.Closure?.ClosedOn, Open(deadlines), deadlines);
    }

    public static SupervisionMatterSummary SupervisionMatter(long version, SupervisionMatterState s, IWorkingDayCalendar calendar, LocalDate today)
    {
        var deadlines = Domain.SupervisionMatters.SupervisionMatter.Deadlines(s, calendar, today);
        return new(s.Id, s.CaseId, version, Domain.SupervisionMatters.SupervisionMatter.StageOf(s), s.Body, s.AgencyId, s.Opening, s.Steps.Count,
            s.Opinion, s.Correction, s.Decision, s.Report, s.NonCompliances, s.Closure, Open(deadlines), deadlines);
    }

    public static PetitionSummary Petition(long version, PetitionState s, IWorkingDayCalendar calendar, LocalDate today)
    {
        var deadlines = PetitionCase.Deadlines(s, calendar, today);
        return new(s.Id, version, PetitionCase.StageOf(s), s.Lodging.Petitioner, s.Lodging.Subject, s.Lodging.CaseId, s.Lodging.LodgedOn,
            s.Acceptance, s.Routing, s.Routing?.ReconsiderationId, s.Reply, s.Review, s.ReReview, s.ReReview is not null,
            Open(deadlines), deadlines);
    }

    private static IReadOnlyList<Deadline> Open(IReadOnlyList<Deadline> deadlines) => [.. deadlines.Where(d => d.Status == DeadlineStatus.Open)];
}
