namespace CaseLedger.Server.Tests.Support;

/// <summary>A supervising organ: two supervision staff with supervision certificates and its head, who records for them.</summary>
public sealed record SupervisingOrgan(string OrganId, string Supervisor1, string Supervisor2, string Head, IReadOnlyDictionary<string, string> Tokens)
{
    public string[] Supervisors => [Supervisor1, Supervisor2];

    public string TokenOf(string officerId) => Tokens[officerId];
}

/// <summary>Scenario builders for supervision matters (山东省行政执法监督条例) over HTTP.</summary>
public static class SupervisionMatterScenarios
{
    /// <summary>A city government's legal affairs office (Art. 4) with its certified supervision staff (Art. 22).</summary>
    public static async Task<SupervisingOrgan> SupervisingOrganAsync(this ServerFixture server, string domain = "legal-affairs", string level = "city")
    {
        var organ = ServerFixture.Unique("organ");
        await (await server.Client().PostJsonAsync("/api/agencies", new
        {
            agencyId = organ,
            name = "济南市司法局",
            level,
            domain,
            policy = new { hearingThresholds = new { citizen = 10000, organisation = 100000 }, legalReviewCatalogue = Array.Empty<string>(), fastTrack = false, restDayExtension = true },
        })).AssertOkAsync(201);
        var tokens = new Dictionary<string, string>();
        async Task<string> Staff(string[] roles, bool certified = true)
        {
            var (id, token) = await server.OfficerAsync(organ, roles, certified: false);
            if (certified) await server.SupervisionCertificateAsync(id);
            tokens[id] = token;
            return id;
        }
        var head = await Staff(["agency-head", "supervision-staff"]);
        Recorders.Register(server, organ, tokens[head]);
        return new SupervisingOrgan(organ, await Staff(["supervision-staff"]), await Staff(["supervision-staff"]), head, tokens);
    }

    public static async Task SupervisionCertificateAsync(this ServerFixture server, string officerId) =>
        await (await server.Client().PostJsonAsync($"/api/officers/{officerId}/certificates", new
        {
            number = $"JD-{officerId}",
            domain = "enforcement-supervision",
            kind = "supervision",
            validFrom = "2024-01-01",
            validTo = "2027-12-31",
            importedFrom = RegisterScenarios.ImportedFrom,
        })).AssertOkAsync();

    /// <summary>A complaint about <paramref name="caseId"/> opened on 2025-12-01 by the organ's two supervisors; answers the matter's id.</summary>
    public static async Task<string> OpenSupervisionMatterAsync(this ServerFixture server, SupervisingOrgan organ, string caseId)
    {
        var opened = await (await server.Client(organ.TokenOf(organ.Head)).PostJsonAsync("/api/supervision-matters", new
        {
            source = "complaint",
            subject = "处罚决定认定事实不清",
            openedOn = "2025-12-01",
            supervisors = organ.Supervisors,
            caseId,
            body = organ.OrganId,
            complainant = "济南某食品有限公司",
        })).AssertOkAsync(201);
        return (string)opened["matterId"]!;
    }

    /// <summary>Files read on 2025-12-02; the opinion issued 12-05 and received Mon 12-08: the agency may correct itself until 2026-01-07 (Art. 28).</summary>
    public static async Task<string> SupervisionOpinionAsync(this ServerFixture server, SupervisingOrgan organ, string caseId)
    {
        var id = await server.OpenSupervisionMatterAsync(organ, caseId);
        await server.RemedyOkAsync("supervision-matters", id, "investigate", new
        {
            method = "read-files", description = "调阅案卷", on = "2025-12-02", supervisors = organ.Supervisors, recordSha256 = CaseScenarios.Hash,
        });
        await server.RemedyOkAsync("supervision-matters", id, "issue-opinion", new
        {
            findings = new[] { "主要事实不清" }, issuedOn = "2025-12-05", receivedOn = "2025-12-08", supervisors = organ.Supervisors,
            opinionSha256 = CaseScenarios.Hash,
        });
        return id;
    }

    public static object Revocation(SupervisingOrgan organ, string decidedOn = "2026-01-12") => new
    {
        type = "revoke", grounds = new[] { "main-facts-unclear" }, decidedBy = organ.Head, decidedOn, receivedOn = "2026-01-13",
        supervisors = organ.Supervisors, reasons = "主要事实不清", decisionSha256 = CaseScenarios.Hash,
    };
}
