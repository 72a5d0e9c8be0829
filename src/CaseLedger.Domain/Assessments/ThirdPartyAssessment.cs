using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.SupervisionMatters;
using NodaTime;

namespace CaseLedger.Domain.Assessments;

/// <summary>A command on a third-party assessment's stream.</summary>
public interface IThirdPartyAssessmentCommand : IProceedingCommand;

/// <summary>The grade a third party gives (考核等次): 优秀, 良好, 合格, 不合格.</summary>
public enum AssessmentGrade { Excellent, Good, Pass, Fail }

/// <summary>
/// <c>POST /api/third-party-assessments</c>: the supervising office's supervision staff record the assessment a third party made of an
/// agency (optionally of one of its officers) over a period (评议考核可以委托第三方, 山东省行政执法监督条例 Art. 16; 法治政府建设实施纲要
/// item 28): the assessor, its score (0–100) or grade, its findings and the hash of its report. The period as the assessment query
/// takes it: <paramref name="From"/> and <paramref name="To"/> (<c>yyyy-MM</c>) or a <paramref name="Year"/> and optional
/// <paramref name="Quarter"/>.
/// </summary>
public sealed record RecordThirdPartyAssessment(
    string? Agency,
    string? Assessor,
    LocalDate AssessedOn,
    string? Findings,
    string? ReportSha256,
    IReadOnlyList<string>? Supervisors,
    string? Officer = null,
    string? From = null,
    string? To = null,
    int? Year = null,
    int? Quarter = null,
    decimal? Score = null,
    AssessmentGrade? Grade = null,
    string? Body = null,
    IReadOnlyList<string>? Documents = null) : IThirdPartyAssessmentCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors, Officer);
}

/// <summary>A third party's assessment of an agency (or of one of its officers, <paramref name="OfficerId"/>) over a period, as recorded.</summary>
public sealed record ThirdPartyAssessmentRecorded(
    string AssessmentId, string Body, string AgencyId, string? OfficerId, LocalDate PeriodFrom, LocalDate PeriodTo, string Assessor,
    decimal? Score, AssessmentGrade? Grade, string Findings, string ReportSha256, LocalDate AssessedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>A third-party assessment as its one event made it. Built by <see cref="ThirdPartyAssessment.Evolve"/> only.</summary>
public sealed record ThirdPartyAssessmentState(ThirdPartyAssessmentRecorded Record)
{
    public string Id => Record.AssessmentId;
}

/// <summary>What the engine read for recording one: the supervising office, the assessed agency (null: not registered).</summary>
public sealed record ThirdPartyAssessmentParties(Agency? Body, Agency? Agency);

/// <summary>
/// A third party's assessment (评议考核, 山东省行政执法监督条例 Art. 16; domain.md §9) as a pure decider on its own one-event stream,
/// whose id is derived from the agency, the officer, the period and the assessor (<see cref="KeyOf"/>): the same assessor's second
/// record of the same period is refused (<c>assessment-already-recorded</c>) by the stream's existence, not by a search that a
/// concurrent record could pass. Recorded by the supervising office's supervision staff, two at least with their certificates
/// (Art. 22), for an agency the office supervises (Art. 4), once the period is over.
/// </summary>
public static class ThirdPartyAssessment
{
    /// <summary>The kebab-case command names; <c>record</c> opens the stream.</summary>
    public static IReadOnlyDictionary<string, Type> Commands { get; } = new Dictionary<string, Type> { ["record"] = typeof(RecordThirdPartyAssessment) };

    public static IReadOnlyList<Type> EventTypes { get; } = [typeof(ThirdPartyAssessmentRecorded)];

    public static ThirdPartyAssessmentState? Evolve(ThirdPartyAssessmentState? state, object @event) => (state, @event) switch
    {
        (null, ThirdPartyAssessmentRecorded e) => new ThirdPartyAssessmentState(e),
        _ => state,
    };

    public static IReadOnlySet<Role> Writers => SupervisionLaw.SupervisorWriters;

    /// <summary>
    /// What makes two records the same assessment: the agency, the officer (none: the agency's own), the period's months and the
    /// assessor's name (spaces and letter case aside). Null when the command names no agency or no valid period (it will be refused).
    /// </summary>
    public static string? KeyOf(RecordThirdPartyAssessment c)
    {
        var (period, _) = AssessmentPeriod.Parse(c.From, c.To, c.Year, c.Quarter);
        if (period is null || string.IsNullOrWhiteSpace(c.Agency) || string.IsNullOrWhiteSpace(c.Assessor)) return null;
        var assessor = string.Join(' ', c.Assessor.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
        return $"third-party-assessment\n{c.Agency.Trim()}\n{c.Officer?.Trim() ?? ""}\n{Dates.Show(period.From)}\n{Dates.Show(period.To)}\n{assessor}";
    }

    public static Decision Decide(IThirdPartyAssessmentCommand command, ThirdPartyAssessmentState? state, CaseContext context,
        ThirdPartyAssessmentParties? parties = null) => command switch
        {
            RecordThirdPartyAssessment c => Record(c, state, context, parties ?? new(null, null)),
            _ => Decision.Refuse(RefusalCodes.ValidationFailed, $"'{command.GetType().Name}' is not a third-party assessment command."),
        };

    private static Decision Record(RecordThirdPartyAssessment c, ThirdPartyAssessmentState? state, CaseContext context, ThirdPartyAssessmentParties parties)
    {
        if (state is { Record: var done })
            return done.ReportSha256 == c.ReportSha256?.ToLowerInvariant() && done.AssessedOn == c.AssessedOn
                ? Decision.Nothing
                : Decision.Refuse(RefusalCodes.AssessmentAlreadyRecorded,
                    $"'{done.Assessor}' assessed '{done.AgencyId}'{(done.OfficerId is { } o ? $" (officer '{o}')" : "")} for {Dates.Show(done.PeriodFrom)} to {Dates.Show(done.PeriodTo)} already: recorded on {Dates.Show(done.AssessedOn)} ({done.AssessmentId}).");
        var (period, invalid) = AssessmentPeriod.Parse(c.From, c.To, c.Year, c.Quarter);
        var step = SupervisionMatter.BySupervisors(c.AssessedOn, c.Supervisors);
        return (Valid.Required(c.Agency, "agency") ?? Valid.Required(c.Assessor, "assessor") ?? Valid.Required(c.AssessedOn, "assessedOn")
                ?? Valid.Required(c.Findings, "findings")
                ?? (string.IsNullOrWhiteSpace(c.ReportSha256) ? Valid.Fail("reportSha256 is required: the third party's assessment report.") : null)
                ?? Valid.Sha256(c.ReportSha256, "reportSha256") ?? Valid.Documents(c.Documents)
                ?? invalid
                ?? (c.Score is null && c.Grade is null ? Valid.Fail("score (0–100) or grade: what the third party found.") : null)
                ?? (c.Score is { } score && (score < 0 || score > 100 || decimal.Round(score, 2) != score)
                    ? Valid.Fail("score is 0 to 100, at most two decimals.") : null)
                ?? (string.IsNullOrWhiteSpace(c.Body) ? Valid.Fail("body is required: the supervising office whose staff record it (Art. 4).") : null)
                ?? (parties.Body is null ? new Refusal(RefusalCodes.NotFound, $"Agency '{c.Body}' is not registered: the supervising office is an agency of the register.") : null)
                ?? (parties.Agency is null ? new Refusal(RefusalCodes.NotFound, $"Agency '{c.Agency}' is not registered.") : null)
                ?? Assessed(c.Officer, c.Agency!, context)
                ?? step.Check(context)
                ?? SupervisionLaw.MaySupervise(parties.Body!, parties.Agency!)
                ?? (period!.To >= c.AssessedOn
                    ? new Refusal(RefusalCodes.AssessmentPeriodNotOver,
                        $"The period {Dates.Show(period.From)} to {Dates.Show(period.To)} is not over on {Dates.Show(c.AssessedOn)}: a third party assesses a period's enforcement once it has ended (Art. 16).")
                    : null))
            .Then(() => Decision.Accept(new ThirdPartyAssessmentRecorded(context.CaseId, c.Body!, c.Agency!, Blank(c.Officer), period!.From, period.To,
                c.Assessor!.Trim(), c.Score, c.Grade, c.Findings!, c.ReportSha256!.ToLowerInvariant(), c.AssessedOn, SupervisionMatter.Signed(step, context),
                Valid.Hashes(c.Documents, c.ReportSha256), context.Actor.Id)));
    }

    /// <summary>The officer assessed, if any, is a registered officer of the assessed agency.</summary>
    private static Refusal? Assessed(string? officerId, string agencyId, CaseContext context) =>
        string.IsNullOrWhiteSpace(officerId) ? null
        : !context.Officers.TryGetValue(officerId, out var officer) ? new Refusal(RefusalCodes.NotFound, $"Officer '{officerId}' is not registered.")
        : officer.AgencyId != agencyId ? Valid.Fail($"Officer '{officerId}' is an officer of '{officer.AgencyId}', not of '{agencyId}', the agency assessed.")
        : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
