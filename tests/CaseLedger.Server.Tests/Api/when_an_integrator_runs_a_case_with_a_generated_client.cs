using CaseLedger.Client;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Api;

/// <summary>
/// A C# client generated from docs/openapi.json by NSwag (samples/ApiClient, at build time) compiles and runs one whole
/// penalty case, lead to archive, against the real server: what the document says is what the server takes and answers.
/// </summary>
public sealed class when_an_integrator_runs_a_case_with_a_generated_client(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Hash = CaseScenarios.Hash;

    [Fact]
    public async Task the_generated_client_runs_a_general_case_from_lead_to_archive()
    {
        var staff = await server.StaffAsync();
        // The agency's head records every step (an administrator records none).
        using var http = server.Client(staff.TokenOf(staff.Head));
        var cases = new CasesClient(http) { BaseUrl = server.BaseAddress.ToString().TrimEnd('/') };
        string[] officers = [staff.Investigator1, staff.Investigator2];
        var fine = new PenaltyTerm { Kind = PenaltyKind.Fine, Amount = 3_000m };
        var discretion = new Discretion { BenchmarkItem = "食品安全法 Art. 124 基准 3", Level = "ordinary", Reason = "首次违法，货值较小" };
        static DateTimeOffset On(string date) => DateTimeOffset.Parse(date + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var opened = await Explained(() => cases.RegisterLeadAsync(new RegisterLead
        {
            AgencyId = staff.AgencyId,
            Procedure = Procedure.General,
            Party = new Party { Kind = PartyKind.Organisation, Name = "济南某食品有限公司", IdNumber = "91370100MA3C000000" },
            Violation = new Violation { Description = "销售超过保质期的食品", ActEndedOn = On(CaseDates.ActEnded), Continuing = false, Category = ViolationCategory.Ordinary },
            Source = "日常巡查",
            DiscoveredOn = On(CaseDates.Discovered),
            Officers = officers,
        }));
        var caseId = opened.CaseId;
        Assert.Equal(1, opened.Version);

        var steps = new List<Func<Task<CommandAnswer>>>
        {
            () => cases.FileAsync(caseId, new FileCase { FiledOn = On(CaseDates.Filed), ApprovedBy = staff.Head, Officers = officers, LeadOfficer = officers[0] }),
            () => cases.CollectEvidenceAsync(caseId, new CollectEvidence
            {
                Kind = EvidenceKind.InspectionRecord, Description = "现场检查笔录", Officers = officers, CollectedOn = On("2025-01-09"), MediaSha256 = Hash,
            }),
            () => cases.ConcludeInvestigationAsync(caseId, new ConcludeInvestigation
            {
                Outcome = InvestigationOutcome.Penalty, ProposedPenalties = [fine], Discretion = discretion, ConcludedOn = On(CaseDates.Concluded), Officers = officers,
            }),
            () => cases.ServePenaltyNoticeAsync(caseId, new ServePenaltyNotice
            {
                ProposedPenalties = [fine], ServedOn = On(CaseDates.Notified), Method = ServiceMethod.Direct, Officers = officers,
            }),
            () => cases.WaiveRightsAsync(caseId, new WaiveRights { On = On("2025-01-27"), Officers = officers, WaiverSha256 = Hash }),
            () => cases.DecideAsync(caseId, new MakeDecision
            {
                Outcome = InvestigationOutcome.Penalty, Penalties = [fine], Discretion = discretion, DecidedBy = staff.Head, DecidedOn = On("2025-01-28"), DecisionSha256 = Hash,
            }),
            () => cases.ServeDecisionAsync(caseId, new ServeDecision { ServedOn = On("2025-01-29"), Method = ServiceMethod.Direct, ElectronicConsent = false, Officers = officers }),
            () => cases.RecordPaymentAsync(caseId, new RecordPayment { Amount = 3_000m, PaidOn = On("2025-02-03"), ReceiptNumber = "RC-2025-0001", Officers = officers }),
            () => cases.CloseAsync(caseId, new CloseCase { ClosedBy = staff.Head, On = On("2025-02-04") }),
            () => cases.ArchiveAsync(caseId, new ArchiveCase { ArchivedBy = staff.Head, On = On("2025-02-05") }),
        };
        var version = opened.Version;
        foreach (var step in steps)
        {
            var answer = await Explained(step);
            Assert.True(answer.Version > version, $"A step appended nothing (version {answer.Version}).");
            Assert.NotEmpty(answer.Events);
            version = answer.Version;
        }
        Assert.Equal("archived", (await server.SummaryAsync(caseId))["stage"]!.GetValue<string>());

        // A refusal comes back as the documented problem, with its stable code.
        var refused = await Assert.ThrowsAsync<ApiException<ApiProblem>>(() =>
            cases.CollectEvidenceAsync(caseId, new CollectEvidence { Kind = EvidenceKind.Documentary, Description = "补充", Officers = officers, CollectedOn = On("2025-02-06"), MediaSha256 = Hash }));
        Assert.Equal(422, refused.StatusCode);
        Assert.Equal("case-closed", refused.Result.Code);
    }

    /// <summary>A refusal with the problem's detail in the failure message.</summary>
    private static async Task<T> Explained<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiException<ApiProblem> e)
        {
            throw new Xunit.Sdk.XunitException($"{e.StatusCode} {e.Result.Code}: {e.Result.Detail}");
        }
    }
}
