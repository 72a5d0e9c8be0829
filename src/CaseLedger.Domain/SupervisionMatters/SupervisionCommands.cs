using NodaTime;

namespace CaseLedger.Domain.SupervisionMatters;

/// <summary>A command on a supervision matter's stream.</summary>
public interface ISupervisionCommand : IProceedingCommand;

/// <summary>
/// <c>POST /api/supervision-matters</c>: a matter opened on a complaint or report (who, what, which case or agency), an item of
/// the annual plan, or a check (Arts. 6, 20–21), by at least two certified supervision staff of the supervising organ
/// (<paramref name="Body"/>; left out, the recording staff's own agency). A file's defects found in a case-file review campaign
/// (Art. 14) open one as <c>source: case-file-review</c>, naming the campaign (<paramref name="ReviewCampaignId"/>) and the case.
/// </summary>
public sealed record OpenSupervisionMatter(
    SupervisionSource Source,
    string? Subject,
    LocalDate OpenedOn,
    IReadOnlyList<string>? Supervisors,
    string? AgencyId = null,
    string? CaseId = null,
    string? Body = null,
    string? Complainant = null,
    string? PlanItem = null,
    IReadOnlyList<string>? Documents = null,
    string? ReviewCampaignId = null) : ISupervisionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors);
}

/// <summary><c>investigate</c>: one investigation step with its record and media (Arts. 23, 25).</summary>
public sealed record InvestigateSupervisionMatter(
    InvestigationMethod Method,
    string? Description,
    LocalDate On,
    IReadOnlyList<string>? Supervisors,
    string? RecordSha256,
    IReadOnlyList<string>? MediaSha256 = null,
    IReadOnlyList<string>? Documents = null) : ISupervisionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors);
}

/// <summary><c>hold-talk</c>: the agency's leaders summoned and talked to (约谈, Art. 26), with the record of the talk.</summary>
public sealed record HoldSupervisionTalk(
    LocalDate On,
    IReadOnlyList<string>? Leaders,
    string? Reason,
    IReadOnlyList<string>? Supervisors,
    string? RecordSha256,
    IReadOnlyList<string>? Documents = null) : ISupervisionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors);
}

/// <summary><c>issue-opinion</c>: the supervision opinion (行政执法监督意见书, Art. 28); the agency's 30 days run from its receipt.</summary>
public sealed record IssueSupervisionOpinion(
    IReadOnlyList<string>? Findings,
    LocalDate IssuedOn,
    LocalDate ReceivedOn,
    IReadOnlyList<string>? Supervisors,
    string? OpinionSha256,
    IReadOnlyList<string>? Documents = null) : ISupervisionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors);
}

/// <summary><c>record-correction</c>: the supervised agency's own correction (Art. 28), recorded by its staff.</summary>
public sealed record RecordSelfCorrection(
    LocalDate CorrectedOn,
    string? Description,
    IReadOnlyList<string>? Staff = null,
    string? CorrectionSha256 = null,
    IReadOnlyList<string>? Documents = null) : ISupervisionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary>
/// <c>decide</c>: the supervision decision (行政执法监督决定书, Arts. 29–34), only when the opinion was not followed in time, on
/// the grounds of its type, approved by the organ's head; an order to perform names its limit (Art. 30).
/// </summary>
public sealed record DecideSupervisionMatter(
    SupervisionDecisionType Type,
    IReadOnlyList<SupervisionGround>? Grounds,
    string? DecidedBy,
    LocalDate DecidedOn,
    LocalDate ReceivedOn,
    IReadOnlyList<string>? Supervisors,
    LocalDate? PerformBy = null,
    string? Reasons = null,
    string? DecisionSha256 = null,
    IReadOnlyList<string>? Documents = null) : ISupervisionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors, DecidedBy);
}

/// <summary><c>report-execution</c>: the agency reports how it executed the decision, within 30 days of receipt (Art. 29).</summary>
public sealed record ReportSupervisionExecution(
    LocalDate ReportedOn,
    string? Description,
    IReadOnlyList<string>? Staff = null,
    string? ReportSha256 = null,
    IReadOnlyList<string>? Documents = null) : ISupervisionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>record-non-compliance</c>: the agency refused the decision, missed its report, or hindered the supervisors (Arts. 35–38).</summary>
public sealed record RecordNonCompliance(
    NonComplianceKind Kind,
    LocalDate On,
    string? Description,
    IReadOnlyList<string>? Supervisors,
    IReadOnlyList<string>? Documents = null) : ISupervisionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors);
}

/// <summary><c>close</c>: the matter ends: nothing found, corrected, or the decision executed or its non-compliance recorded.</summary>
public sealed record CloseSupervisionMatter(
    LocalDate ClosedOn,
    string? Conclusion,
    IReadOnlyList<string>? Supervisors,
    IReadOnlyList<string>? Documents = null) : ISupervisionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors);
}
