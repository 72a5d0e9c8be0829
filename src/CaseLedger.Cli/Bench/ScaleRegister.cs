using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;

namespace CaseLedger.Cli.Bench;

/// <summary>One agency of the scale run with the staff its cases name, as registered through the command pipeline.</summary>
public sealed record ScaleAgency(string Id, Agency Agency, Actor Investigator, Actor Second, Actor Reviewer, Actor Head, Actor Deputy, Actor Presider)
{
    public string[] Investigators => [Investigator.Id, Second.Id];
}

/// <summary>The reconsideration body of the scale run and its staff.</summary>
public sealed record ScaleBody(string Id, Actor Staff1, Actor Staff2, Actor Head);

/// <summary>
/// The register the loaded cases are decided against: agencies (a market-regulation bureau in each of Shandong's cities and
/// counties, so to speak) and the government's reconsideration office, each registered by commands through the bus, then
/// read back as the deciders read them (officers with their certificates, agencies with their policies).
/// </summary>
public sealed record ScaleRegister(IReadOnlyList<ScaleAgency> Agencies, ScaleBody Body, IReadOnlyDictionary<string, Officer> Officers)
{
    public static async Task<ScaleRegister> RegisterAsync(IMessageBus bus, IDocumentStore store, int agencies, LocalDate today, string stamp)
    {
        async Task RunAsync(string stream, object command)
        {
            var result = await bus.InvokeAsync<CommandResult>(new RunCommand(stream, command, ApiTokens.BootstrapAdmin));
            if (result.Refusal is { } refusal) throw new InvalidOperationException($"The scale register was refused on {stream}: {refusal.Code}: {refusal.Message}");
        }

        async Task<Actor> OfficerAsync(string agencyId, string domain, string id, string name, Role[] roles, bool qualified, bool certified)
        {
            await RunAsync(id, new RegisterOfficer(id, name, agencyId, roles, qualified));
            // Certified by the province before the register was kept here: imported, as the demo's officers are (the qualification cycle).
            if (certified) await RunAsync(id, new IssueCertificate($"SD-{id}", domain, today.PlusYears(-3), today.PlusYears(2), ImportedFrom: DemoRun.ImportedFrom));
            if (certified && roles.Contains(Role.HearingPresider))
                await RunAsync(id, new IssueCertificate($"TZ-{id}", "hearing", today.PlusYears(-3), today.PlusYears(2), CertificateKind.Presider, DemoRun.ImportedFrom));
            return new Actor(id, name, roles.ToHashSet(), agencyId);
        }

        const string domain = "market-regulation";
        var registered = new List<(string Id, Actor[] Staff)>();
        for (var a = 0; a < agencies; a++)
        {
            var id = $"scale-samr-{a:000}-{stamp}";
            await RunAsync(id, new RegisterAgency(id, $"第{a + 1}市场监督管理局 (market regulation bureau {a + 1})", a % 4 == 0 ? AgencyLevel.City : AgencyLevel.County,
                domain, AgencyPolicy.Default with { LegalReviewThresholds = new PartyThresholds(5_000m, 50_000m) }, today.PlusYears(-4)));
            registered.Add((id,
            [
                await OfficerAsync(id, domain, $"zhang-{a:000}-{stamp}", "张伟", [Role.EnforcementOfficer], false, true),
                await OfficerAsync(id, domain, $"li-{a:000}-{stamp}", "李娜", [Role.EnforcementOfficer], false, true),
                await OfficerAsync(id, domain, $"wang-{a:000}-{stamp}", "王芳 (legal review)", [Role.LegalReviewer], true, true),
                await OfficerAsync(id, domain, $"chen-{a:000}-{stamp}", "陈杰 (head)", [Role.AgencyHead, Role.EnforcementOfficer], false, true),
                await OfficerAsync(id, domain, $"sun-{a:000}-{stamp}", "孙丽 (deputy head)", [Role.AgencyHead, Role.EnforcementOfficer], false, true),
                await OfficerAsync(id, domain, $"liu-{a:000}-{stamp}", "刘洋 (hearings)", [Role.HearingPresider, Role.EnforcementOfficer], true, true),
            ]));
        }

        var bodyId = $"scale-government-{stamp}";
        await RunAsync(bodyId, new RegisterAgency(bodyId, "人民政府行政复议办公室 (reconsideration office)", AgencyLevel.City, "reconsideration"));
        var body = new ScaleBody(bodyId,
            await OfficerAsync(bodyId, "reconsideration", $"zhou-{stamp}", "周敏", [Role.ReconsiderationStaff], true, false),
            await OfficerAsync(bodyId, "reconsideration", $"wu-{stamp}", "吴涛", [Role.ReconsiderationStaff], true, false),
            await OfficerAsync(bodyId, "reconsideration", $"zheng-{stamp}", "郑华 (office head)", [Role.AgencyHead, Role.ReconsiderationStaff], true, false));

        await using var query = store.QuerySession();
        var officerIds = registered.SelectMany(r => r.Staff.Select(s => s.Id)).Concat([body.Staff1.Id, body.Staff2.Id, body.Head.Id]).ToList();
        var officers = (await query.LoadManyAsync<Officer>(officerIds)).ToDictionary(o => o.Id);
        var loaded = new List<ScaleAgency>();
        foreach (var (id, staff) in registered)
        {
            var agency = await query.LoadAsync<Agency>(id) ?? throw new InvalidOperationException($"Agency {id} was not registered.");
            loaded.Add(new ScaleAgency(id, agency, staff[0], staff[1], staff[2], staff[3], staff[4], staff[5]));
        }
        return new ScaleRegister(loaded, body, officers);
    }
}
