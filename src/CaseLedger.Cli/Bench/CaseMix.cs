namespace CaseLedger.Cli.Bench;

/// <summary>One command of a loaded case's story, on the case or on its reconsideration, recorded by <paramref name="By"/> on <paramref name="On"/>.</summary>
public sealed record ScaleStep(bool OnReconsideration, object Command, Actor By, LocalDate On);

/// <summary>
/// The mix of cases the scale run loads: general-procedure cases opened over the last 400 days across the agencies, each
/// as far along as its age allows (a young one still under investigation, an old one archived), with fines of every size
/// (legal review and collective discussion for the large ones, a hearing for half of those a hearing is owed), a few that
/// stalled before the decision (overdue on the board) and a few whose decision went to reconsideration and was upheld.
/// Deterministic in the case's number, so two runs load the same cases.
/// </summary>
public static class CaseMix
{
    private const string Media = "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
    private static readonly Discretion Benchmark = new("食品安全法 Art. 124 裁量基准 第3项", "ordinary", "首次违法，货值较小，主动整改");
    private static readonly (EvidenceKind Kind, string Description)[] Evidence =
    [
        (EvidenceKind.InspectionRecord, "现场检查笔录"), (EvidenceKind.InterviewRecord, "询问笔录"), (EvidenceKind.Documentary, "进货台账"),
        (EvidenceKind.Documentary, "营业执照复印件"), (EvidenceKind.Documentary, "销售票据"), (EvidenceKind.InspectionRecord, "抽样检验报告"),
    ];

    /// <summary>How many days ago case <paramref name="i"/> was opened: spread over 400 days; the first case always days ago, still under investigation.</summary>
    public static int AgeInDays(int i) => i == 0 ? 3 : 1 + (int)((i * 7919L) % 400);

    /// <summary>Whether case <paramref name="i"/> stalls before its decision (about 3%): overdue once 90 days have passed.</summary>
    public static bool Stalls(int i) => i % 33 == 5;

    /// <summary>Whether case <paramref name="i"/>'s decision goes to reconsideration (about 3%).</summary>
    public static bool Reconsidered(int i) => i % 29 == 7;

    /// <summary>The steps of case <paramref name="i"/> up to yesterday (<paramref name="today"/> − 1): none dated today or later.</summary>
    public static IEnumerable<ScaleStep> Steps(int i, ScaleAgency a, ScaleBody body, LocalDate today)
    {
        var opened = today.PlusDays(-AgeInDays(i));
        var citizen = i % 10 < 3;
        var fine = (i * 31 % 100) switch { < 45 => 3_000m, < 75 => 20_000m, < 90 => 60_000m, _ => 150_000m };
        var reviewed = fine >= (citizen ? 5_000m : 50_000m);
        var hearingOwed = fine >= (citizen ? 10_000m : 100_000m);
        var major = fine >= 100_000m;
        var party = citizen ? new Party(PartyKind.Citizen, "王某", "370102199001011234") : new Party(PartyKind.Organisation, "济南某食品有限公司", "91370100MA3C000000");
        var terms = new[] { new PenaltyTerm(PenaltyKind.Fine, fine) };
        var officers = a.Investigators;

        var steps = new List<ScaleStep>
        {
            new(false, new RegisterLead(a.Id, Procedure.General, party, new Violation("销售超过保质期的食品", opened.PlusDays(-14), false, ViolationCategory.Ordinary),
                "12315 投诉举报", opened, officers), a.Investigator, opened),
            new(false, new FileCase(opened.PlusDays(1), a.Head.Id, officers, officers[0]), a.Investigator, opened.PlusDays(1)),
        };
        var day = opened.PlusDays(2);
        var evidence = 5 + i % 5;
        for (var e = 0; e < evidence; e++, day = day.PlusDays(1))
            steps.Add(new(false, new CollectEvidence(Evidence[(i + e) % Evidence.Length].Kind, Evidence[(i + e) % Evidence.Length].Description, officers, day, Media), a.Investigator, day));
        steps.Add(new(false, new ConcludeInvestigation(InvestigationOutcome.Penalty, terms, Benchmark, major, false, day, officers), a.Investigator, day));
        var notice = day.PlusDays(1);
        steps.Add(new(false, new ServePenaltyNotice(terms, notice, ServiceMethod.Direct, officers), a.Investigator, notice));
        LocalDate next;
        if (hearingOwed && i % 2 == 0)
        {
            var hearing = notice.PlusDays(24); // 7 working days' notice (Art. 64) even across the May Day and National Day holidays
            steps.Add(new(false, new RequestHearing(notice.PlusDays(2)), a.Investigator, notice.PlusDays(2)));
            steps.Add(new(false, new ScheduleHearing(hearing, a.Presider.Id, notice.PlusDays(3), "听证室 301"), a.Presider, notice.PlusDays(3)));
            steps.Add(new(false, new HoldHearing(hearing, a.Presider.Id, true, Media), a.Presider, hearing));
            next = hearing.PlusDays(1);
        }
        else
        {
            steps.Add(new(false, new WaiveRights(notice.PlusDays(1), null, Media), a.Investigator, notice.PlusDays(1)));
            next = notice.PlusDays(2);
        }
        if (reviewed)
        {
            steps.Add(new(false, new RequestLegalReview(next, officers), a.Investigator, next));
            steps.Add(new(false, new CompleteLegalReview(a.Reviewer.Id, ReviewOutcome.Passed, "事实清楚，证据确凿，程序合法", next.PlusDays(2), Media), a.Reviewer, next.PlusDays(2)));
            if (major) steps.Add(new(false, new HoldCollectiveDiscussion([a.Head.Id, a.Deputy.Id], "同意处罚", Media, next.PlusDays(3)), a.Head, next.PlusDays(3)));
            next = next.PlusDays(4);
        }
        if (!Stalls(i))
        {
            var decided = next;
            steps.Add(new(false, new MakeDecision(InvestigationOutcome.Penalty, terms, Benchmark, a.Head.Id, decided, Media), a.Head, decided));
            steps.Add(new(false, new ServeDecision(decided.PlusDays(1), ServiceMethod.Direct, false, officers), a.Investigator, decided.PlusDays(1)));
            steps.Add(new(false, new PublishDecision(decided.PlusDays(2), "信用中国（山东）"), a.Investigator, decided.PlusDays(2)));
            if (Reconsidered(i))
            {
                var applied = decided.PlusDays(10);
                steps.Add(new(true, new ApplyForReconsideration(null, party, decided.PlusDays(1), applied, true, body.Id, "撤销行政处罚决定",
                    ReceivedBy: [body.Staff1.Id]), body.Staff1, applied));
                steps.Add(new(true, new AcceptApplication(applied.PlusDays(1), [body.Staff1.Id]), body.Staff1, applied.PlusDays(1)));
                steps.Add(new(true, new SendCopy(applied.PlusDays(2), Staff: [body.Staff1.Id]), body.Staff1, applied.PlusDays(2)));
                steps.Add(new(true, new SubmitReply(applied.PlusDays(5), Media, [body.Staff1.Id]), body.Staff1, applied.PlusDays(5)));
                steps.Add(new(true, new DecideReconsideration(ReconsiderationDecisionType.Uphold, [DecisionGround.Lawful], body.Head.Id, applied.PlusDays(30),
                    "事实清楚，证据确凿，适用依据正确，程序合法", Staff: [body.Staff1.Id, body.Staff2.Id]), body.Head, applied.PlusDays(30)));
                steps.Add(new(true, new ServeReconsiderationDecision(applied.PlusDays(31), [body.Staff1.Id]), body.Staff1, applied.PlusDays(31)));
            }
            else
            {
                steps.Add(new(false, new RecordPayment(fine, decided.PlusDays(8), $"SD-{i}"), a.Investigator, decided.PlusDays(8)));
                steps.Add(new(false, new CloseCase(a.Head.Id, decided.PlusDays(12)), a.Head, decided.PlusDays(12)));
                steps.Add(new(false, new ArchiveCase(a.Head.Id, decided.PlusDays(20)), a.Head, decided.PlusDays(20)));
            }
        }
        return steps.TakeWhile(s => s.On < today);
    }
}
