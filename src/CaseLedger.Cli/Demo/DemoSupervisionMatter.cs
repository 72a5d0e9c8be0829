using CaseLedger.Access;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.SupervisionMatters;

namespace CaseLedger.Cli;

/// <summary>
/// The demo's supervision matter (山东省行政执法监督条例): a complaint about a published fine reaches the city's legal affairs
/// office, whose two certified supervisors investigate, talk to the bureau's leaders, issue an opinion; the bureau lets its 30
/// days pass, the office revokes the fine, the revocation reaches the case and the bureau reports its execution.
/// </summary>
public sealed partial class DemoCases
{
    private const string SupervisionTitle = "complaint: supervision decision revokes the fine";

    private async Task ComplaintEndsInSupervisionRevocationAsync()
    {
        const string title = "fine a complaint reached the supervisors about";
        var caseId = await OpenAsync(title, PartyKind.Organisation, D(4, 1));
        var fine = new PenaltyTerm(PenaltyKind.Fine, 8_000m);
        await StepAsync(title, caseId, "file", new FileCase(D(4, 2), Head, Investigators, Investigators[0]));
        await StepAsync(title, caseId, "collect-evidence", new CollectEvidence(EvidenceKind.InspectionRecord, "现场检查笔录", Investigators, D(4, 3), Media));
        await StepAsync(title, caseId, "conclude-investigation", new ConcludeInvestigation(InvestigationOutcome.Penalty, [fine], Benchmark, false, false, D(4, 7), Investigators));
        await StepAsync(title, caseId, "serve-penalty-notice", new ServePenaltyNotice([fine], D(4, 8), ServiceMethod.Direct, Investigators));
        await StepAsync(title, caseId, "waive-rights", new WaiveRights(D(4, 9), null, Media));
        await StepAsync(title, caseId, "decide", new MakeDecision(InvestigationOutcome.Penalty, [fine], Benchmark, Head, D(4, 13), Media), register.Actor(Head));
        await StepAsync(title, caseId, "serve-decision", new ServeDecision(D(4, 14), ServiceMethod.Direct, false, Investigators));
        await StepAsync(title, caseId, "publish-decision", new PublishDecision(D(4, 15), "信用中国（山东）"));

        var organ = await RegisterSupervisingOrganAsync();
        var matterId = StreamKeys.NewCaseId();
        Cases.Add((SupervisionTitle, matterId, $"/api/supervision-matters/{matterId}"));
        const string matter = SupervisionTitle;
        string[] two = [organ.Supervisor1, organ.Supervisor2];
        var supervisor = organ.Actor(organ.Supervisor1);
        await StepAsync(matter, matterId, "open (one supervisor)", new OpenSupervisionMatter(SupervisionSource.Complaint, "罚款决定认定事实不清",
            D(6, 1), [organ.Supervisor1], CaseId: caseId, Body: organ.AgencyId, Complainant: "济南某食品有限公司"), supervisor);
        await StepAsync(matter, matterId, "open (complaint, 2 supervisors)", new OpenSupervisionMatter(SupervisionSource.Complaint, "罚款决定认定事实不清",
            D(6, 1), two, CaseId: caseId, Body: organ.AgencyId, Complainant: "济南某食品有限公司"), supervisor);
        await StepAsync(matter, matterId, "investigate (read the file)", new InvestigateSupervisionMatter(InvestigationMethod.ReadFiles, "调阅案卷", D(6, 3), two, Media), supervisor);
        await StepAsync(matter, matterId, "investigate (interview)", new InvestigateSupervisionMatter(InvestigationMethod.Interview, "询问执法人员", D(6, 4), two, Media,
            [Media]), supervisor);
        await StepAsync(matter, matterId, "hold-talk (约谈)", new HoldSupervisionTalk(D(6, 5), ["陈杰 局长"], "投诉集中，事实认定存疑", two, Media), supervisor);
        await StepAsync(matter, matterId, "issue-opinion (received 06-09)", new IssueSupervisionOpinion(["处罚决定主要事实不清"], D(6, 8), D(6, 9), two, Media), supervisor);
        var revoke = new DecideSupervisionMatter(SupervisionDecisionType.Revoke, [SupervisionGround.MainFactsUnclear], organ.Head, D(7, 1), D(7, 2), two,
            Reasons: "主要事实不清", DecisionSha256: Media);
        await StepAsync(matter, matterId, "decide (within the 30 days)", revoke, organ.Actor(organ.Head));
        await StepAsync(matter, matterId, "decide (confirm-void on unclear facts)", revoke with
        {
            Type = SupervisionDecisionType.ConfirmVoid, DecidedOn = D(7, 13), ReceivedOn = D(7, 14),
        }, organ.Actor(organ.Head));
        // Not corrected by 07-09: the office revokes the fine; the revocation reaches the case on receipt (Arts. 29, 32).
        await StepAsync(matter, matterId, "decide (revoke)", revoke with { DecidedOn = D(7, 13), ReceivedOn = D(7, 14) }, organ.Actor(organ.Head));
        await StepAsync(title, caseId, "withdraw-publication (Art. 48)", new WithdrawPublication(D(7, 15), "监督决定撤销原处罚决定", Investigators));
        await StepAsync(matter, matterId, "report-execution (by the bureau)", new ReportSupervisionExecution(D(7, 20), "已撤销原处罚决定并撤回公示", [Investigators[0]], Media));
        await StepAsync(matter, matterId, "close", new CloseSupervisionMatter(D(7, 22), "已执行", two), supervisor);
    }

    private sealed record DemoOrgan(string AgencyId, string Supervisor1, string Supervisor2, string Head)
    {
        public Actor Actor(string id) => new(id, id, id == Head
            ? new HashSet<Role> { Role.AgencyHead, Role.SupervisionStaff }
            : new HashSet<Role> { Role.SupervisionStaff }, AgencyId);
    }

    /// <summary>The city government's legal affairs office (Art. 4) and its supervision staff with their certificates (Art. 22), kept by the administrator.</summary>
    private async Task<DemoOrgan> RegisterSupervisingOrganAsync() => _organ ??= await RegisterOrganAsync();

    private DemoOrgan? _organ;

    private async Task<DemoOrgan> RegisterOrganAsync()
    {
        var stamp = register.AgencyId[(register.AgencyId.LastIndexOf('-') + 1)..];
        var organId = $"jinan-sfj-{stamp}";
        await RegisterAsync(organId, new RegisterAgency(organId, "济南市司法局 (Jinan legal affairs office)", AgencyLevel.City, SupervisionLaw.LegalAffairsDomain));
        await RegisterAsync(PublishedLists.StreamId(organId), new AnnounceEnforcementBody("济南市人民政府", "济政字〔2021〕36号", "山东省行政执法监督条例 Art. 4", new LocalDate(2021, 7, 1)));
        var ids = new List<string>();
        foreach (var (suffix, name, roles) in new (string, string, Role[])[]
        {
            ("qian-jun", "钱军 Qian Jun", [Role.SupervisionStaff]),
            ("tang-li", "唐丽 Tang Li", [Role.SupervisionStaff]),
            ("feng-yu", "冯雨 Feng Yu (office head)", [Role.AgencyHead, Role.SupervisionStaff]),
        })
        {
            var id = $"{suffix}-{stamp}";
            await RegisterAsync(id, new RegisterOfficer(id, name, organId, roles, false));
            await RegisterAsync(id, new IssueCertificate($"JD-{stamp}-{ids.Count + 1:000}", "enforcement-supervision", D(1, 1).PlusYears(-2), D(1, 1).PlusYears(3),
                CertificateKind.Supervision, DemoRun.ImportedFrom));
            ids.Add(id);
        }
        return new DemoOrgan(organId, ids[0], ids[1], ids[2]);
    }

    private async Task RegisterAsync(string streamId, object command)
    {
        var result = await bus.InvokeAsync<CommandResult>(new RunCommand(streamId, command, ApiTokens.BootstrapAdmin));
        if (result.Refusal is { } refusal)
            throw new InvalidOperationException($"The demo was refused on {streamId}: {refusal.Code}: {refusal.Message}");
    }
}
