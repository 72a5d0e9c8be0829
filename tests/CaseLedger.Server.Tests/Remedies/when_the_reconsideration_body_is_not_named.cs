using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Remedies;

/// <summary>
/// The reconsideration organ's staff receive an application (行政复议法 Arts. 22, 30) and act on it: one that names no
/// body belongs to the organ of the staff who record it, so its staff, not only an administrator, act on it. Anyone else
/// names the body, an agency of the register (Arts. 24–28), and so does a petition routed to reconsideration.
/// </summary>
public class when_the_reconsideration_body_is_not_named(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static object Application(string caseId, string? body = null, string[]? receivedBy = null) => new
    {
        caseId,
        applicant = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
        knewOn = "2025-03-10",
        appliedOn = "2026-02-03",
        remedyNoticeGiven = false,
        body,
        receivedBy,
    };

    [Fact]
    public async Task the_organs_staff_who_receive_it_are_its_body_and_act_on_it_art_30()
    {
        var staff = await server.StaffAsync();
        var body = await server.ReconsiderationBodyAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var applied = await (await server.Client(Recorders.Of(server, body.BodyId))
            .PostJsonAsync("/api/reconsiderations", Application(caseId, receivedBy: [body.Staff1]))).AssertOkAsync(201);
        var id = (string)applied["reconsiderationId"]!;

        Assert.Equal(body.BodyId, (string?)(await server.GetAsync($"/api/reconsiderations/{id}"))["body"]);
        await server.RemedyOkAsync("reconsiderations", id, "accept", new { acceptedOn = "2026-02-04", staff = new[] { body.Staff1 } });
        // The penalty agency's own staff are the respondent, not the organ.
        await (await server.RemedyCommandAsync("reconsiderations", id, "send-copy", new { sentOn = "2026-02-05" }, staff.TokenOf(staff.Head)))
            .AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task anyone_else_names_the_body_or_is_refused_and_nothing_is_appended()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var before = await server.VersionAsync(caseId);
        // The head of the agency that decided is no reconsideration staff: naming no body, its application names no organ.
        await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/reconsiderations", Application(caseId)))
            .AssertProblemAsync(400, "validation-failed");
        Assert.Equal(before, await server.VersionAsync(caseId));
    }

    [Fact]
    public async Task a_body_is_an_agency_of_the_register_whose_staff_record_the_application()
    {
        var staff = await server.StaffAsync();
        var body = await server.ReconsiderationBodyAsync();
        var other = await server.ReconsiderationBodyAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        await (await server.Client(Recorders.Of(server, body.BodyId)).PostJsonAsync("/api/reconsiderations", Application(caseId, "济南市人民政府")))
            .AssertProblemAsync(403, "forbidden");
        await (await server.Client(Recorders.Of(server, body.BodyId)).PostJsonAsync("/api/reconsiderations", Application(caseId, other.BodyId)))
            .AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task a_petition_routed_to_reconsideration_names_a_registered_body_art_31()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var lodged = await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            subject = "对罚款决定不服",
            lodgedOn = "2026-02-02",
            caseId,
        })).AssertOkAsync(201);
        var id = (string)lodged["petitionId"]!;
        var version = (await server.VersionAsync(id))!.Value;
        object Route(string? body) => new { to = "reconsideration", routedOn = "2026-02-05", reason = "复议", knewOn = "2025-03-10", remedyNoticeGiven = false, body };
        await (await server.RemedyCommandAsync("petitions", id, "route", Route(null))).AssertProblemAsync(400, "validation-failed");
        await (await server.RemedyCommandAsync("petitions", id, "route", Route("济南市人民政府"))).AssertProblemAsync(404, "not-found");
        Assert.Equal(version, await server.VersionAsync(id));
    }
}
