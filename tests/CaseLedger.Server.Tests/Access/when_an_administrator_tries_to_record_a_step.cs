using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Access;

/// <summary>
/// An administrator keeps the register (agencies, officers, certificates, tokens, scopes, grants, calendar) but is no
/// agency's enforcement staff (行政处罚法 Arts. 17, 42: penalties are imposed by the agency through its own certified
/// officers): every step it tries on a case or a linked proceeding is 403 forbidden and appends nothing (docs/access.md).
/// </summary>
[Collection(AccessCollection.Name)]
public sealed class when_an_administrator_tries_to_record_a_step(AccessFixture server)
{
    private const string Admin = ServerFixture.AdminToken;

    private static readonly object Payment = new { amount = 5_000m, paidOn = "2025-02-10", receiptNumber = "SD2025-0210-009" };

    private async Task<long> VersionOf(string streamId)
    {
        await using var session = server.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(streamId))?.Version ?? 0;
    }

    [Fact]
    public async Task an_administrators_step_naming_the_officers_is_forbidden_and_appends_nothing()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var problem = await server.AssertRefusedAsync(caseId, "collect-evidence", new
        {
            kind = "inspection-record", description = "现场检查笔录", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash,
        }, "forbidden", 403, Admin);
        Assert.EndsWith("(docs/access.md).", (string?)problem["detail"]);
    }

    [Fact]
    public async Task an_administrators_payment_record_is_forbidden_and_appends_nothing() =>
        await server.AssertRefusedAsync(await server.PublishedCaseAsync(await server.StaffAsync()), "record-payment", Payment, "forbidden", 403, Admin);

    [Fact]
    public async Task an_administrators_decision_and_publication_are_forbidden_and_append_nothing()
    {
        var staff = await server.StaffAsync();
        var notified = await server.NotifiedCaseAsync(staff, fine: 5_000m);
        await server.AssertRefusedAsync(notified, "waive-rights", new { on = "2025-01-27" }, "forbidden", 403, Admin);
        var served = await server.CaseWithServedDecisionAsync(staff);
        await server.AssertRefusedAsync(served, "publish-decision", new { publishedOn = "2025-02-21", channel = "信用中国" }, "forbidden", 403, Admin);
        // The agency's own certified officer records the same publication.
        await server.OkAsync(served, "publish-decision", new { publishedOn = "2025-02-21", channel = "信用中国" }, staff.TokenOf(staff.Investigator1));
    }

    [Fact]
    public async Task an_administrator_opens_no_case()
    {
        var staff = await server.StaffAsync();
        await (await server.Client(Admin).PostJsonAsync("/api/cases", new
        {
            agencyId = staff.AgencyId,
            procedure = "general",
            party = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            violation = new { description = "销售过期食品", actEndedOn = CaseDates.ActEnded, continuing = false, category = "ordinary" },
            source = "12315",
            discoveredOn = CaseDates.Discovered,
            officers = staff.Investigators,
        })).AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task an_administrator_records_no_step_of_a_reconsideration_a_suit_or_a_petition()
    {
        var staff = await server.StaffAsync();
        var body = await server.ReconsiderationBodyAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var before = await VersionOf(caseId);
        await (await server.Client(Admin).PostJsonAsync("/api/reconsiderations", new
        {
            caseId, applicant = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-03-10", appliedOn = "2026-02-03", remedyNoticeGiven = false, body = body.BodyId, receivedBy = new[] { body.Staff1 },
        })).AssertProblemAsync(403, "forbidden");
        await (await server.Client(Admin).PostJsonAsync("/api/litigations", new
        {
            caseId, court = "济南市历下区人民法院", plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29", filedOn = "2025-07-01", complaintReceivedOn = "2025-07-08", staff = staff.Investigators,
        })).AssertProblemAsync(403, "forbidden");
        await (await server.Client(Admin).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" }, subject = "对罚款决定不服", lodgedOn = "2026-02-02", caseId,
        })).AssertProblemAsync(403, "forbidden");
        Assert.Equal(before, await VersionOf(caseId));

        var id = await server.ApplyForReconsiderationAsync(caseId, body, "2026-02-03");
        var version = await VersionOf(id);
        await (await server.RemedyCommandAsync("reconsiderations", id, "accept", new { acceptedOn = "2026-02-04", staff = new[] { body.Staff1 } }, Admin))
            .AssertProblemAsync(403, "forbidden");
        Assert.Equal(version, await VersionOf(id));
        await server.RemedyOkAsync("reconsiderations", id, "accept", new { acceptedOn = "2026-02-04", staff = new[] { body.Staff1 } });
    }

    [Fact]
    public async Task no_officer_may_be_registered_as_caseledger_itself()
    {
        var staff = await server.StaffAsync();
        foreach (var reserved in new[] { "system", "SYSTEM", "bootstrap-admin" })
            await (await server.Client(Admin).PostJsonAsync("/api/officers", new
            {
                officerId = reserved, name = "冒名", agencyId = staff.AgencyId, roles = new[] { "admin", "enforcement-officer" }, legalProfessionalQualification = false,
            })).AssertProblemAsync(400, "validation-failed");
    }
}
