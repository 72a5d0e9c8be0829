using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Assessments;
using CaseLedger.Domain.Disputes;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;

namespace CaseLedger.Cli;

/// <summary>
/// The demo's dispute between agencies (执法争议协调裁决, 山东省行政执法监督条例 Art. 18; 行政处罚法 Art. 25): the city bureau and
/// Licheng district's market regulator both claim an online sale of expired food; the bureau's head refers it to the city's legal
/// affairs office, the government rules the district competent and binds both, and the bureau's decision on the case is refused
/// (<c>bound-by-dispute</c>). Then the office records a third party's assessment of the bureau for the third quarter (评议考核,
/// Art. 16), which <c>caseledger assessment</c> shows.
/// </summary>
public sealed partial class DemoCases
{
    public const string DisputeTitle = "dispute over competence, ruled by the government";

    private async Task DisputeOverCompetenceAsync()
    {
        const string title = "case two agencies claim";
        var caseId = await OpenAsync(title, PartyKind.Organisation, D(10, 12));
        var fine = new PenaltyTerm(PenaltyKind.Fine, 3_000m);
        await StepAsync(title, caseId, "file", new FileCase(D(10, 13), Head, Investigators, Investigators[0]));
        await StepAsync(title, caseId, "collect-evidence", new CollectEvidence(EvidenceKind.InspectionRecord, "网络交易平台检查笔录", Investigators, D(10, 14), Media));
        await StepAsync(title, caseId, "conclude-investigation", new ConcludeInvestigation(InvestigationOutcome.Penalty, [fine], Benchmark, false, false, D(10, 15), Investigators));
        await StepAsync(title, caseId, "serve-penalty-notice", new ServePenaltyNotice([fine], D(10, 16), ServiceMethod.Direct, Investigators));
        await StepAsync(title, caseId, "waive-rights", new WaiveRights(D(10, 19), null, Media));

        var organ = await RegisterSupervisingOrganAsync();
        var district = await RegisterDistrictRegulatorAsync();
        var disputeId = StreamKeys.NewCaseId();
        Cases.Add((DisputeTitle, disputeId, $"/api/disputes/{disputeId}"));
        await StepAsync(DisputeTitle, disputeId, "raise (the bureau's head)", new RaiseDispute(DisputeKind.Competence, "网络销售过期食品案的管辖",
            [district], organ.AgencyId, D(10, 20), Head, caseId), register.Actor(Head));
        await StepAsync(DisputeTitle, disputeId, "rule (the district is competent)", new RuleDispute(D(10, 30), "济南市人民政府", "本案由平台经营者住所地历城区市场监督管理局管辖",
            [register.AgencyId, district], [organ.Supervisor1, organ.Supervisor2], Media, district), organ.Actor(organ.Head));
        await StepAsync(title, caseId, "decide (by the bureau, bound by the ruling)", new MakeDecision(InvestigationOutcome.Penalty, [fine], Benchmark, Head, D(11, 2), Media),
            register.Actor(Head));

        // Its stream is named by the agency, period and assessor, as POST /api/third-party-assessments names it.
        var assessment = new RecordThirdPartyAssessment(register.AgencyId, "山东某法治评估研究院", D(11, 20), "执法程序总体规范；部分案件裁量说理不足", Media,
            [organ.Supervisor1, organ.Supervisor2], Year: 2026, Quarter: 3, Score: 86.5m, Grade: AssessmentGrade.Good, Body: organ.AgencyId);
        var assessmentId = StreamKeys.NameBased(ThirdPartyAssessment.KeyOf(assessment)!);
        Cases.Add((AssessmentTitle, assessmentId, $"/api/agencies/{register.AgencyId}/assessment?year=2026&quarter=3"));
        await StepAsync(AssessmentTitle, assessmentId, "record (third party, 2026 Q3)", assessment, organ.Actor(organ.Head));
    }

    public const string AssessmentTitle = "third-party assessment of the bureau (评议考核)";

    /// <summary>Licheng district's market regulator, below the city's legal affairs office (Art. 4), with its head; kept by the administrator.</summary>
    private async Task<string> RegisterDistrictRegulatorAsync()
    {
        var stamp = register.AgencyId[(register.AgencyId.LastIndexOf('-') + 1)..];
        var id = $"licheng-samr-{stamp}";
        await RegisterAsync(id, new RegisterAgency(id, "历城区市场监督管理局 (Licheng Market Regulation)", AgencyLevel.County, register.Domain));
        var head = $"ma-lin-{stamp}";
        await RegisterAsync(head, new RegisterOfficer(head, "马林 Ma Lin (district head)", id, [Role.AgencyHead, Role.EnforcementOfficer], false));
        return id;
    }
}
