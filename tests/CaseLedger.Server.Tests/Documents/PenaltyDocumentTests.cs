using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Penalty;
using CaseLedger.Server.Documents;
using NodaTime;

namespace CaseLedger.Server.Tests.Documents;

/// <summary>The standard documents (执法文书) from a case's events: the content the Penalty Law requires, and a SHA-256 that says whether it is the one served.</summary>
public class when_a_standard_document_is_rendered
{
    private const string CaseId = "0f3c2a91-7d4e-4b8a-9c1d-2e5f6a7b8c9d";
    private static readonly OfficerSignature[] Two = [new("zhang", "SD-0001", SignatureCapacity.Officer), new("li", "SD-0002", SignatureCapacity.Officer)];
    private static readonly DocumentNames Names = new("济南市市场监督管理局", new Dictionary<string, string> { ["zhang"] = "张三", ["li"] = "李四" });
    private static readonly string Sha = new('a', 64);

    private static List<object> Events(bool hearingRight = false, IReadOnlyList<string>? decisionDocuments = null) =>
    [
        new LeadRegistered(CaseId, "jinan-samr", "market-regulation", Procedure.General,
            new Party(PartyKind.Citizen, "王<b>五</b>", "370102199001011234"),
            new Violation("销售过期食品", new LocalDate(2026, 1, 5), false, ViolationCategory.Ordinary), "inspection", new LocalDate(2026, 1, 6), Two, [], "zhang"),
        new CaseFiled(CaseId, "济市监罚〔2026〕1号", new LocalDate(2026, 1, 7), "head", "zhang", AgencyPolicy.Default, "2021", Two, [], "zhang"),
        new EvidenceCollected(CaseId, "e1", EvidenceKind.InspectionRecord, "现场检查笔录", null, new LocalDate(2026, 1, 8), Sha, Two, [], "zhang"),
        new InvestigationConcluded(CaseId, InvestigationOutcome.Penalty, [new PenaltyTerm(PenaltyKind.Fine, 5_000m)],
            new Discretion("AMR-2024-17", "一般", "初次违法"), false, false, new LocalDate(2026, 1, 20), Two, [], "zhang"),
        new PenaltyNoticeServed(CaseId, [new PenaltyTerm(PenaltyKind.Fine, 5_000m)], hearingRight, ServiceMethod.Direct, new LocalDate(2026, 1, 21),
            hearingRight ? new LocalDate(2026, 1, 28) : null, new LocalDate(2026, 1, 28), Two, [], "zhang"),
        new DecisionMade(CaseId, "济市监罚决〔2026〕1号", InvestigationOutcome.Penalty, [new PenaltyTerm(PenaltyKind.Fine, 5_000m)],
            new Discretion("AMR-2024-17", "一般", "初次违法"), "head", new LocalDate(2026, 2, 3), null, Two, decisionDocuments ?? [], "head"),
        new DecisionServed(CaseId, ServiceMethod.Direct, new LocalDate(2026, 2, 4), null, new LocalDate(2026, 2, 19), Two, [], "zhang"),
    ];

    [Fact]
    public void the_decision_states_facts_evidence_basis_penalty_and_the_remedy_routes_with_their_periods_Penalty_Law_Art_59()
    {
        var html = PenaltyDocuments.Render(DocumentKind.Decision, Events(), Names)!.Html;

        Assert.Contains("行政处罚决定书", html);
        Assert.Contains("济市监罚〔2026〕1号", html);
        Assert.Contains("济市监罚决〔2026〕1号", html);
        Assert.Contains("销售过期食品", html);
        Assert.Contains("现场检查笔录", html);
        Assert.Contains("裁量基准第 AMR-2024-17 项", html);
        Assert.Contains("罚款人民币 5,000 元", html);
        Assert.Contains("收到本决定书之日起 15 日内缴纳罚款", html);
        Assert.Contains("60 日内依法申请行政复议", html);
        Assert.Contains("6 个月内依法向人民法院提起行政诉讼", html);
        Assert.Contains("@page{size:A4", html);
        Assert.Contains("张三（执法证号 SD-0001）", html);
    }

    [Fact]
    public void the_notice_states_the_hearing_right_only_where_Art_63_applies_Penalty_Law_Arts_44_45_64()
    {
        var without = PenaltyDocuments.Render(DocumentKind.Notice, Events(hearingRight: false), Names)!.Html;
        var with = PenaltyDocuments.Render(DocumentKind.Notice, Events(hearingRight: true), Names)!.Html;

        Assert.Contains("5 个工作日内向本机关提出", without);
        Assert.Contains("不因你（单位）陈述、申辩而给予更重的处罚", without);
        Assert.DoesNotContain("要求举行听证", without);
        Assert.Contains("有权要求举行听证，应当在收到本告知书之日起 5 个工作日内提出", with);
    }

    [Fact]
    public void a_document_is_the_served_one_only_when_its_sha256_is_the_recorded_one()
    {
        var unrecorded = PenaltyDocuments.Render(DocumentKind.Decision, Events(), Names)!;
        Assert.Equal(DocumentCheck.NotRecorded, unrecorded.Check);

        var recorded = PenaltyDocuments.Render(DocumentKind.Decision, Events(decisionDocuments: [unrecorded.Sha256]), Names)!;
        // Recording the hash on the decision does not change the document: it is rendered from the case, not from its own hash.
        Assert.Equal(unrecorded.Sha256, recorded.Sha256);
        Assert.Equal(DocumentCheck.Matches, recorded.Check);

        var other = PenaltyDocuments.Render(DocumentKind.Decision, Events(decisionDocuments: [new string('b', 64)]), Names)!;
        Assert.Equal(DocumentCheck.Differs, other.Check);
    }

    [Fact]
    public void what_is_recorded_after_the_serving_event_never_changes_the_document()
    {
        var events = Events();
        var before = PenaltyDocuments.Render(DocumentKind.Notice, events, Names)!;
        events.Add(new EvidenceCollected(CaseId, "e2", EvidenceKind.Documentary, "补充证据", null, new LocalDate(2026, 2, 5), null, Two, [], "zhang"));

        var after = PenaltyDocuments.Render(DocumentKind.Notice, events, Names)!;
        Assert.Equal(before.Sha256, after.Sha256);
        Assert.Equal(5, after.Version);
    }

    [Fact]
    public void the_proof_of_service_names_the_document_method_date_and_servers_and_leaves_room_to_sign_Penalty_Law_Art_61()
    {
        var html = PenaltyDocuments.Render(DocumentKind.ProofOfService, Events(), Names)!.Html;
        Assert.Contains("送达回证", html);
        Assert.Contains("行政处罚决定书（济市监罚决〔2026〕1号）", html);
        Assert.Contains("直接送达", html);
        Assert.Contains("2026年2月4日", html);
        Assert.Contains("受送达人签名或盖章", html);
    }

    [Fact]
    public void no_document_before_its_step_and_the_partys_text_is_escaped()
    {
        Assert.Null(PenaltyDocuments.Render(DocumentKind.Decision, Events().Take(5).ToList(), Names));
        var html = PenaltyDocuments.Render(DocumentKind.Notice, Events(), Names)!.Html;
        Assert.DoesNotContain("<b>五</b>", html);
        Assert.Contains("王&lt;b&gt;五&lt;/b&gt;", html);
    }
}
