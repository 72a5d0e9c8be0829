using CaseLedger.Commands;
using CaseLedger.Domain.CaseFileReviews;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.SupervisionMatters;

namespace CaseLedger.Cli;

/// <summary>
/// The demo's case-file review campaign (案卷评查, 山东省行政执法监督条例 Art. 14): the city's legal affairs office draws three of the
/// bureau's files decided from January to 22 July 2026 by a recorded seed; a supervisor of the bureau itself is refused as reviewer; the
/// office's own supervisor scores each file, the engine pre-filling what the conformance audit checks (a reviewer who scores one of
/// those items is refused); the first file's defects open a supervision matter, and the campaign closes with its results per agency
/// and officer (<c>GET /api/review-campaigns/{id}/results</c>, <c>caseledger reviews</c>).
/// </summary>
public sealed partial class DemoCases
{
    public const string ReviewTitle = "case-file review campaign (案卷评查)";

    private async Task CaseFileReviewCampaignAsync()
    {
        var organ = await RegisterSupervisingOrganAsync();
        var stamp = register.AgencyId[(register.AgencyId.LastIndexOf('-') + 1)..];
        var own = $"sun-hao-{stamp}";
        await RegisterAsync(own, new RegisterOfficer(own, "孙浩 Sun Hao (the bureau's supervisor)", register.AgencyId, [Role.SupervisionStaff], false));
        await RegisterAsync(own, new IssueCertificate($"JD-{stamp}-101", "enforcement-supervision", D(1, 1), D(1, 1).PlusYears(3), CertificateKind.Supervision, DemoRun.ImportedFrom));

        var id = StreamKeys.NewCaseId();
        Cases.Add((ReviewTitle, id, $"/api/review-campaigns/{id}/results"));
        const string title = ReviewTitle;
        string[] two = [organ.Supervisor1, organ.Supervisor2];
        var head = organ.Actor(organ.Head);
        var opened = await StepAsync(title, id, "open (seed 2026, 3 files)", new OpenReviewCampaign("2026 年上半年行政处罚案卷评查", [register.AgencyId],
            D(1, 1), D(7, 22), 3, D(7, 23), two, Seed: 2026, Body: organ.AgencyId), head);
        var files = opened?.Events.Select(e => e.Data).OfType<ReviewCampaignOpened>().Single().Files ?? [];
        await StepAsync(title, id, "assign-reviewers (the bureau's own)", new AssignReviewers([own], D(7, 24), two), head);
        await StepAsync(title, id, "assign-reviewers", new AssignReviewers([organ.Supervisor2], D(7, 24), two), head);
        var reviewer = organ.Actor(organ.Supervisor2);
        ReviewerScore[] Marks(int facts) =>
        [
            new(ChecklistItem.Body, 5, "执法主体适格"),
            new(ChecklistItem.FactsAndEvidence, facts, facts < 10 ? "现场检查笔录未载明检查起止时间" : "事实清楚，证据确实充分"),
            new(ChecklistItem.Basis, 10, "适用法律正确"),
            new(ChecklistItem.Discretion, 5, "引用裁量基准，裁量适当"),
        ];
        if (files.Count > 0)
            await StepAsync(title, id, "score-file (the reviewer scores legal review)", new ScoreCaseFile(files[0].CaseId, organ.Supervisor2, D(7, 28),
                [.. Marks(10), new(ChecklistItem.LegalReview, 10, "已经法制审核")]), reviewer);
        foreach (var (file, n) in files.Select((f, n) => (f, n)))
            await StepAsync(title, id, $"score-file {file.CaseNumber}", new ScoreCaseFile(file.CaseId, organ.Supervisor2, D(7, 28), Marks(n == 0 ? 6 : 10)), reviewer);
        if (files.Count > 0)
        {
            var matterId = StreamKeys.NewCaseId();
            Cases.Add(("supervision matter on a reviewed file's defects", matterId, $"/api/supervision-matters/{matterId}"));
            await StepAsync("supervision matter on a reviewed file's defects", matterId, "open (case-file-review)", new OpenSupervisionMatter(
                SupervisionSource.CaseFileReview, "案卷评查发现现场检查笔录缺陷", D(7, 29), two, CaseId: files[0].CaseId, Body: organ.AgencyId,
                ReviewCampaignId: id), head);
        }
        await StepAsync(title, id, "close", new CloseReviewCampaign(D(7, 30), "评查完毕：结果按机关和执法人员见 results", two), head);
    }
}
