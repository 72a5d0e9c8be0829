using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Reconsideration;
using NodaTime;
using Wolverine;

namespace CaseLedger.Cli;

/// <summary>One line of the demo's story: a step tried on a case and what CaseLedger answered.</summary>
public sealed record DemoStep(string Case, string Step, bool Accepted, string Answer);

/// <summary>
/// Realistic penalty cases run through the same pipeline as the HTTP API, each step recorded by the agency's own staff as
/// a real agency would: the lead investigator, the head for approvals and decisions, the reviewer, the presider, and the
/// reconsideration office's staff for the reconsideration. Business dates lie in 2026, on the official calendar.
/// </summary>
public sealed partial class DemoCases(IMessageBus bus, DemoRun.DemoRegister register, DemoRun.DemoBody body)
{
    private const string Media = "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
    private readonly List<DemoStep> _steps = [];
    private string Officer(string name) => register.Officers.Single(o => o.Id.StartsWith(name, StringComparison.Ordinal)).Id;

    public IReadOnlyList<DemoStep> Steps => _steps;
    /// <summary>Each case or linked proceeding the demo opened, with where to read it.</summary>
    public List<(string Title, string Id, string Href)> Cases { get; } = [];

    private static LocalDate D(int month, int day) => new(2026, month, day);

    private string[] Investigators => [Officer("zhang-wei"), Officer("li-na")];
    private string Head => Officer("chen-jie");

    private static readonly Discretion Benchmark = new(DemoRun.BenchmarkItem, "ordinary", "首次违法，货值较小，主动整改");

    public async Task RunAllAsync()
    {
        await GeneralCaseWithHearingAndLatePaymentAsync();
        await OnTheSpotCaseAsync();
        await DecisionRefusedForWantOfLegalReviewAsync();
        await CasePastItsNinetyDayLimitAsync();
        await PetitionRoutedToReconsiderationAsync();
        await UnpaidFineSentToCourtAsync();
        await ComplaintEndsInSupervisionRevocationAsync();
        await CaseFileReviewCampaignAsync();
        await DisputeOverCompetenceAsync();
    }

    /// <summary>The case whose unpaid fine goes to court once the remedy periods have passed.</summary>
    public const string EnforcementTitle = "unpaid fine: court enforcement after the remedy periods";

    private async Task UnpaidFineSentToCourtAsync()
    {
        const string title = EnforcementTitle;
        var caseId = await OpenAsync(title, PartyKind.Organisation, D(2, 27));
        var fine = new PenaltyTerm(PenaltyKind.Fine, 8_000m);
        await StepAsync(title, caseId, "file", new FileCase(D(3, 2), Head, Investigators, Investigators[0]));
        await StepAsync(title, caseId, "collect-evidence", new CollectEvidence(EvidenceKind.InspectionRecord, "现场检查笔录", Investigators, D(3, 3), Media));
        await StepAsync(title, caseId, "conclude-investigation", new ConcludeInvestigation(InvestigationOutcome.Penalty, [fine], Benchmark, false, false, D(3, 4), Investigators));
        await StepAsync(title, caseId, "serve-penalty-notice", new ServePenaltyNotice([fine], D(3, 5), ServiceMethod.Direct, Investigators));
        await StepAsync(title, caseId, "waive-rights", new WaiveRights(D(3, 6), null, Media));
        // An item the bureau's published benchmarks do not hold (I8; 山东省行政执法监督条例 Art. 12): refused.
        await StepAsync(title, caseId, "decide (unpublished benchmark)", new MakeDecision(InvestigationOutcome.Penalty, [fine],
            Benchmark with { BenchmarkItem = "内部掌握标准 第1项" }, Head, D(3, 9), Media), register.Actor(Head));
        await StepAsync(title, caseId, "decide", new MakeDecision(InvestigationOutcome.Penalty, [fine], Benchmark, Head, D(3, 9), Media), register.Actor(Head));
        await StepAsync(title, caseId, "serve-decision", new ServeDecision(D(3, 10), ServiceMethod.Direct, false, Investigators));
        await StepAsync(title, caseId, "publish-decision", new PublishDecision(D(3, 11), "信用中国（山东）"));
        await StepAsync(title, caseId, "serve-payment-reminder (催告)", new ServePaymentReminder(D(3, 30), Investigators));
        // Six weeks after service the company may still sue until 2026-09-10 (行政诉讼法 Art. 46): too early for the court.
        await StepAsync(title, caseId, "apply-court-enforcement (2026-04-20)", new ApplyCourtEnforcement(D(4, 20), "济南市历下区人民法院", Head), register.Actor(Head));
        await StepAsync(title, caseId, "apply-court-enforcement (2026-09-14)", new ApplyCourtEnforcement(D(9, 14), "济南市历下区人民法院", Head), register.Actor(Head));
    }

    private async Task GeneralCaseWithHearingAndLatePaymentAsync()
    {
        const string title = "general: hearing, review, discussion, late payment";
        var caseId = await OpenAsync(title, PartyKind.Organisation, D(8, 3));
        var fine = new PenaltyTerm(PenaltyKind.Fine, 120_000m);
        await StepAsync(title, caseId, "file", new FileCase(D(8, 4), Head, Investigators, Investigators[0]));
        await StepAsync(title, caseId, "collect-evidence", new CollectEvidence(EvidenceKind.InspectionRecord, "现场检查笔录", Investigators, D(8, 5), Media));
        await StepAsync(title, caseId, "collect-evidence", new CollectEvidence(EvidenceKind.InterviewRecord, "询问笔录", Investigators, D(8, 6), Media));
        await StepAsync(title, caseId, "conclude-investigation", new ConcludeInvestigation(InvestigationOutcome.Penalty, [fine], Benchmark, true, false, D(8, 10), Investigators));
        await StepAsync(title, caseId, "serve-penalty-notice", new ServePenaltyNotice([fine], D(8, 11), ServiceMethod.Direct, Investigators));
        await StepAsync(title, caseId, "request-hearing", new RequestHearing(D(8, 13)));
        await StepAsync(title, caseId, "schedule-hearing (6 working days' notice)", new ScheduleHearing(D(8, 24), Officer("liu-yang"), D(8, 14)), register.Actor(Officer("liu-yang")));
        await StepAsync(title, caseId, "schedule-hearing", new ScheduleHearing(D(8, 27), Officer("liu-yang"), D(8, 14), "听证室 301"), register.Actor(Officer("liu-yang")));
        await StepAsync(title, caseId, "hold-hearing", new HoldHearing(D(8, 27), Officer("liu-yang"), true, Media), register.Actor(Officer("liu-yang")));
        await StepAsync(title, caseId, "request-legal-review", new RequestLegalReview(D(8, 28), Investigators));
        await StepAsync(title, caseId, "complete-legal-review", new CompleteLegalReview(Officer("wang-fang"), ReviewOutcome.Passed, "事实清楚，证据确凿，程序合法", D(9, 2), Media), register.Actor(Officer("wang-fang")));
        await StepAsync(title, caseId, "hold-collective-discussion", new HoldCollectiveDiscussion([Head, Officer("sun-li")], "同意处罚", Media, D(9, 3)), register.Actor(Head));
        await StepAsync(title, caseId, "decide", new MakeDecision(InvestigationOutcome.Penalty, [fine], Benchmark, Head, D(9, 4), Media), register.Actor(Head));
        await StepAsync(title, caseId, "serve-decision", new ServeDecision(D(9, 7), ServiceMethod.Direct, false, Investigators));
        await StepAsync(title, caseId, "publish-decision", new PublishDecision(D(9, 9), "信用中国（山东）"));
        var payment = await StepAsync(title, caseId, "record-payment (3 days late)", new RecordPayment(120_000m, D(9, 25), "SD2026-0925-001"));
        if (payment?.Events.Select(e => e.Data).OfType<PaymentRecorded>().FirstOrDefault() is { Outstanding: > 0 } owed)
            await StepAsync(title, caseId, $"record-payment (late fee {owed.LateFee:0.##})", new RecordPayment(owed.Outstanding, D(9, 25), "SD2026-0925-002"));
        await StepAsync(title, caseId, "close", new CloseCase(Head, D(9, 30)), register.Actor(Head));
        await StepAsync(title, caseId, "archive", new ArchiveCase(Head, D(10, 9)), register.Actor(Head));
    }

    private async Task OnTheSpotCaseAsync()
    {
        const string title = "simplified: on-the-spot fine";
        var caseId = await OpenAsync(title, PartyKind.Citizen, D(11, 2), Procedure.Simplified, [Investigators[0]]);
        await StepAsync(title, caseId, "decide-on-the-spot (300 yuan)", new DecideOnTheSpot(new PenaltyTerm(PenaltyKind.Fine, 300m), "JN-0000124", Investigators[0], D(11, 2)));
        var spot = new DecideOnTheSpot(new PenaltyTerm(PenaltyKind.Fine, 100m), "JN-0000124", Investigators[0], D(11, 2), Benchmark);
        await StepAsync(title, caseId, "decide-on-the-spot (100 yuan, party not heard)", spot);
        await StepAsync(title, caseId, "record-statement (on the spot, Arts. 44, 52)", new RecordStatement(D(11, 2),
            [new StatementPoint("刚把摊位摆出来", "现场照片显示已经营两小时", false)], [Investigators[0]]));
        await StepAsync(title, caseId, "decide-on-the-spot (100 yuan)", spot);
        await StepAsync(title, caseId, "collect-on-the-spot", new CollectOnTheSpot(100m, CollectionGround.SmallFine, "鲁财 0012345", Investigators[0], D(11, 2)));
        await StepAsync(title, caseId, "hand-over-cash", new HandOverCash(D(11, 4), Investigators[0]));
        await StepAsync(title, caseId, "file-copy", new FileCopy(D(11, 4), Investigators[0]));
        await StepAsync(title, caseId, "close", new CloseCase(Head, D(11, 5)), register.Actor(Head));
    }

    private async Task DecisionRefusedForWantOfLegalReviewAsync()
    {
        const string title = "decision refused, then reviewed";
        var caseId = await OpenAsync(title, PartyKind.Organisation, D(9, 14));
        var fine = new PenaltyTerm(PenaltyKind.Fine, 60_000m);
        await StepAsync(title, caseId, "file", new FileCase(D(9, 15), Head, Investigators, Investigators[1]));
        await StepAsync(title, caseId, "collect-evidence", new CollectEvidence(EvidenceKind.Documentary, "进货台账", Investigators, D(9, 16), Media));
        await StepAsync(title, caseId, "conclude-investigation", new ConcludeInvestigation(InvestigationOutcome.Penalty, [fine], Benchmark, false, false, D(9, 18), Investigators));
        await StepAsync(title, caseId, "serve-penalty-notice", new ServePenaltyNotice([fine], D(9, 21), ServiceMethod.Direct, Investigators));
        await StepAsync(title, caseId, "waive-rights", new WaiveRights(D(9, 22), null, Media));
        await StepAsync(title, caseId, "decide (no legal review)", new MakeDecision(InvestigationOutcome.Penalty, [fine], Benchmark, Head, D(9, 23), Media), register.Actor(Head));
        await StepAsync(title, caseId, "request-legal-review", new RequestLegalReview(D(9, 23), Investigators));
        await StepAsync(title, caseId, "complete-legal-review", new CompleteLegalReview(Officer("wang-fang"), ReviewOutcome.Passed, "同意", D(9, 24), Media), register.Actor(Officer("wang-fang")));
        await StepAsync(title, caseId, "decide", new MakeDecision(InvestigationOutcome.Penalty, [fine], Benchmark, Head, D(9, 24), Media), register.Actor(Head));
        await StepAsync(title, caseId, "serve-decision", new ServeDecision(D(9, 25), ServiceMethod.Direct, false, Investigators));
        await StepAsync(title, caseId, "publish-decision", new PublishDecision(D(9, 28), "信用中国（山东）"));

        // The company applies for reconsideration; the government's office revokes the decision for unclear facts.
        var reconsiderationId = StreamKeys.NewCaseId();
        Cases.Add(("reconsideration that revokes it", reconsiderationId, $"/api/reconsiderations/{reconsiderationId}"));
        const string remedy = "reconsideration that revokes it";
        await StepAsync(remedy, reconsiderationId, "apply", new ApplyForReconsideration(caseId,
            new Party(PartyKind.Organisation, "济南某食品有限公司", "91370100MA3C000000"), D(9, 25), D(10, 12), true,
            body.AgencyId, "撤销行政处罚决定", ReceivedBy: [body.Staff1]), body.Actor(body.Staff1));
        await StepAsync(remedy, reconsiderationId, "accept", new AcceptApplication(D(10, 13), [body.Staff1]), body.Actor(body.Staff1));
        await StepAsync(remedy, reconsiderationId, "send-copy", new SendCopy(D(10, 14), Staff: [body.Staff1]), body.Actor(body.Staff1));
        await StepAsync(remedy, reconsiderationId, "submit-reply", new SubmitReply(D(10, 16), Media, [body.Staff1]), body.Actor(body.Staff1));
        await StepAsync(remedy, reconsiderationId, "decide (revoke)", new DecideReconsideration(ReconsiderationDecisionType.Revoke,
            [DecisionGround.FactsUnclear], body.Head, D(11, 2), "认定事实不清", Staff: [body.Staff1, body.Staff2]), body.Actor(body.Head));
        // The decision takes effect on service (行政复议法 Art. 75): the revocation reaches the case then.
        await StepAsync(remedy, reconsiderationId, "serve-decision", new ServeReconsiderationDecision(D(11, 2), [body.Staff1]), body.Actor(body.Staff1));
        await StepAsync(title, caseId, "withdraw-publication (Art. 48)", new WithdrawPublication(D(11, 3), "复议决定撤销原处罚决定", Investigators));
    }

    private async Task PetitionRoutedToReconsiderationAsync()
    {
        const string title = "petition routed to reconsideration";
        var general = Cases.First().Id;
        var petitionId = StreamKeys.NewCaseId();
        Cases.Add((title, petitionId, $"/api/petitions/{petitionId}"));
        await StepAsync(title, petitionId, "lodge", new LodgePetition(
            new Party(PartyKind.Organisation, "济南某食品有限公司", "91370100MA3C000000"), "对罚款决定不服", D(10, 8), CaseId: general, Staff: [Investigators[0]]));
        await StepAsync(title, petitionId, "route (诉访分离)", new RoutePetition(PetitionChannel.Reconsideration, D(10, 10), "属于行政复议受理范围",
            general, D(9, 7), true, body.AgencyId, Staff: [Investigators[0]]));
    }

    private async Task CasePastItsNinetyDayLimitAsync()
    {
        const string title = "past its 90-day limit";
        var caseId = await OpenAsync(title, PartyKind.Citizen, D(5, 6));
        var fine = new PenaltyTerm(PenaltyKind.Fine, 3_000m);
        await StepAsync(title, caseId, "file", new FileCase(D(5, 7), Head, Investigators, Investigators[0]));
        await StepAsync(title, caseId, "collect-evidence", new CollectEvidence(EvidenceKind.Documentary, "票据", Investigators, D(5, 8), Media));
        await StepAsync(title, caseId, "conclude-investigation", new ConcludeInvestigation(InvestigationOutcome.Penalty, [fine], Benchmark, false, false, D(5, 12), Investigators));
        await StepAsync(title, caseId, "serve-penalty-notice", new ServePenaltyNotice([fine], D(5, 13), ServiceMethod.Direct, Investigators));
        await StepAsync(title, caseId, "waive-rights", new WaiveRights(D(5, 14), null, Media));
        var late = new MakeDecision(InvestigationOutcome.Penalty, [fine], Benchmark, Head, D(8, 20), Media);
        await StepAsync(title, caseId, "decide (on 2026-08-20, no reason given)", late, register.Actor(Head));
        // The agency keeps its power past the limit; the delay is recorded with its reason and audited (domain.md §6).
        await StepAsync(title, caseId, "decide (late, with its reason)", late with { LateReason = "鉴定机构于2026-08-17才出具检验报告" }, register.Actor(Head));
        await StepAsync(title, caseId, "serve-decision", new ServeDecision(D(8, 21), ServiceMethod.Direct, false, Investigators));
        await StepAsync(title, caseId, "publish-decision", new PublishDecision(D(8, 24), "信用中国（山东）"));
    }

    private async Task<string> OpenAsync(string title, PartyKind party, LocalDate discoveredOn, Procedure procedure = Procedure.General, string[]? officers = null)
    {
        var caseId = StreamKeys.NewCaseId();
        Cases.Add((title, caseId, $"/api/cases/{caseId}"));
        var lead = new RegisterLead(register.AgencyId, procedure,
            new Party(party, party == PartyKind.Citizen ? "王某" : "济南某食品有限公司", party == PartyKind.Citizen ? "370102199001011234" : "91370100MA3C000000"),
            new Violation("销售超过保质期的食品", discoveredOn.PlusDays(-14), false, ViolationCategory.Ordinary),
            "12315 投诉举报", discoveredOn, officers ?? Investigators);
        await StepAsync(title, caseId, "register-lead", lead);
        return caseId;
    }

    /// <summary>A step recorded past its limit shows the limit and the reason it was recorded with.</summary>
    private static string Delay(CommandResult result) =>
        result.Events.Select(e => e.Data).OfType<DecisionMade>().FirstOrDefault() is { LateReason: { } reason, DueOn: { } due }
            ? $" — late: due {due:yyyy-MM-dd}, reason recorded: {reason}"
            : "";

    /// <summary>Records one step; <paramref name="by"/> records it (default: the lead investigator, one of the officers most steps name).</summary>
    private async Task<CommandResult?> StepAsync(string title, string caseId, string step, object command, Actor? by = null)
    {
        var result = await bus.InvokeAsync<CommandResult>(new RunCommand(caseId, command, by ?? register.Actor(Investigators[0])));
        _steps.Add(result.Refusal is { } refusal
            ? new DemoStep(title, step, false, $"{refusal.Code}: {refusal.Message}")
            : new DemoStep(title, step, true, string.Join(", ", result.Events.Select(e => e.Type)) + $" (v{result.Version})" + Delay(result)));
        return result.Refusal is null ? result : null;
    }
}
