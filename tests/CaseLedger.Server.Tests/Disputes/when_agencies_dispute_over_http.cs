using CaseLedger.Audit;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Server.Tests.Disputes;

/// <summary>
/// A dispute between agencies (执法争议协调裁决, 山东省行政执法监督条例 Art. 18) over HTTP: agency A, about to decide a 50,000-yuan fine,
/// disputes with agency B which of them is competent; the city's legal affairs office records an agreement A signs (B competent), then
/// the government's ruling binding both. The fake clock stands at 2026-03-02.
/// </summary>
public class when_agencies_dispute_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static object Raise(AgencyStaff a, AgencyStaff b, SupervisingOrgan organ, string caseId) => new
    {
        kind = "competence", subject = "网络销售过期食品案的管辖", agencies = new[] { b.AgencyId }, office = organ.OrganId,
        raisedOn = "2026-02-02", raisedBy = a.Head, caseId,
    };

    private static object Agreement(SupervisingOrgan organ, string[] signedBy, string competent) => new
    {
        agreedOn = "2026-02-10", terms = "由平台所在地市场监管部门管辖", signedBy, supervisors = organ.Supervisors,
        agreementSha256 = CaseScenarios.Hash, competentAgency = competent,
    };

    private static object Decision(AgencyStaff staff) => new
    {
        outcome = "penalty", penalties = CaseScenarios.Fine(50_000m), discretion = CaseScenarios.Discretion, decidedBy = staff.Head, decidedOn = "2025-02-10",
    };

    private async Task<long> VersionOf(string streamId)
    {
        await using var session = server.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(streamId))?.Version ?? 0;
    }

    [Fact]
    public async Task a_bound_agencys_decision_is_refused_and_the_ruling_binds_the_agencies_it_names_art_18()
    {
        var (a, b, stranger) = (await server.NewStaffAsync(), await server.NewStaffAsync(), await server.NewStaffAsync());
        var organ = await server.SupervisingOrganAsync();
        var caseId = await server.NotifiedCaseAsync(a, 50_000m);
        var raised = await (await server.Client(a.TokenOf(a.Head)).PostJsonAsync("/api/disputes", Raise(a, b, organ, caseId))).AssertOkAsync(201);
        var id = (string)raised["disputeId"]!;

        // Neither an agency not party nor a party's head records the office's agreement; a refused command appends nothing.
        var office = server.Client(organ.TokenOf(organ.Head));
        var url = $"/api/disputes/{id}/record-agreement";
        await (await server.Client(stranger.TokenOf(stranger.Head)).PostJsonAsync(url, Agreement(organ, [a.AgencyId], b.AgencyId))).AssertProblemAsync(403, "forbidden");
        await (await server.Client(b.TokenOf(b.Head)).PostJsonAsync(url, Agreement(organ, [a.AgencyId], b.AgencyId))).AssertProblemAsync(403, "forbidden");
        await (await office.PostJsonAsync(url, Agreement(organ, [stranger.AgencyId], b.AgencyId))).AssertProblemAsync(400, "validation-failed");
        Assert.Equal(1, await VersionOf(id));

        await (await office.PostJsonAsync(url, Agreement(organ, [a.AgencyId], b.AgencyId))).AssertOkAsync();
        // The same request replayed appends nothing.
        await (await office.PostJsonAsync(url, Agreement(organ, [a.AgencyId], b.AgencyId))).AssertOkAsync();
        Assert.Equal(2, await VersionOf(id));

        // A signed that B is competent: its decision on the case is refused, and appends nothing.
        var problem = await server.AssertRefusedAsync(caseId, "decide", Decision(a), "bound-by-dispute");
        Assert.Contains(b.AgencyId, (string?)problem["detail"]);

        // B did not sign: failing agreement the government rules, binding both.
        await (await office.PostJsonAsync($"/api/disputes/{id}/rule", new
        {
            ruledOn = "2026-02-20", government = "济南市人民政府", ruling = "本案由 B 管辖", binds = new[] { a.AgencyId, b.AgencyId },
            supervisors = organ.Supervisors, rulingSha256 = CaseScenarios.Hash, competentAgency = b.AgencyId,
        })).AssertOkAsync();
        var summary = await (await server.Client(b.TokenOf(b.Head)).GetAsync($"/api/disputes/{id}")).AssertOkAsync();
        Assert.Equal(("ruled", caseId), ((string?)summary["stage"], (string?)summary["caseId"]));
        Assert.Contains(summary["bound"]!.AsArray(), x => (string?)x!["agencyId"] == a.AgencyId && (string?)x["competentAgency"] == b.AgencyId);
        await (await server.Client(stranger.TokenOf(stranger.Head)).GetAsync($"/api/disputes/{id}")).AssertProblemAsync(403, "forbidden");
        await server.AssertRefusedAsync(caseId, "decide", Decision(a), "bound-by-dispute");
    }

    [Fact]
    public async Task an_agency_not_party_cannot_raise_a_dispute_over_a_case_of_others_art_18()
    {
        var (a, b, stranger) = (await server.NewStaffAsync(), await server.NewStaffAsync(), await server.NewStaffAsync());
        var organ = await server.SupervisingOrganAsync();
        var caseId = await server.NotifiedCaseAsync(a, 50_000m);
        // A stranger's head naming A's head as the raiser is not A's: the policy refuses it.
        await (await server.Client(stranger.TokenOf(stranger.Head)).PostJsonAsync("/api/disputes", Raise(a, b, organ, caseId))).AssertProblemAsync(403, "forbidden");
        // In its own name, over a case neither it nor B holds: refused, the case's agency is no party.
        await (await server.Client(stranger.TokenOf(stranger.Head)).PostJsonAsync("/api/disputes", Raise(stranger, b, organ, caseId)))
            .AssertProblemAsync(400, "validation-failed");
        // The case's agency decides as before.
        await server.OkAsync(caseId, "decide", Decision(a));
    }

    [Fact]
    public async Task the_audit_verifies_the_dispute_stream_and_finds_a_changed_row()
    {
        var (a, b) = (await server.NewStaffAsync(), await server.NewStaffAsync());
        var organ = await server.SupervisingOrganAsync();
        var raised = await (await server.Client(a.TokenOf(a.Head)).PostJsonAsync("/api/disputes", Raise(a, b, organ, await server.NotifiedCaseAsync(a, 50_000m))))
            .AssertOkAsync(201);
        var id = (string)raised["disputeId"]!;
        await (await server.Client(organ.TokenOf(organ.Head)).PostJsonAsync($"/api/disputes/{id}/record-agreement",
            Agreement(organ, [a.AgencyId, b.AgencyId], b.AgencyId))).AssertOkAsync();
        Assert.Empty(await server.AuditBothWaysAsync(id));

        // Who signed rewritten in the stored event: the chain breaks there.
        var log = server.App.Services.GetRequiredService<StoredLog>();
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            $"update {log.Table("mt_events")} set data = jsonb_set(data, '{{signedBy}}', jsonb_build_array($2::text)) where stream_id = $1 and version = 2", id, b.AgencyId);
        Assert.Contains(await server.AuditBothWaysAsync(id), f => f.Code == "chain-hash-mismatch" && f.Version == 2);
    }
}
