using System.ComponentModel;
using CaseLedger.Access;
using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;
using CaseLedger.Server;
using CaseLedger.Supervision;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;
using Wolverine;

namespace CaseLedger.Cli;

/// <summary>
/// <c>caseledger demo</c>: starts the embedded PostgreSQL, registers an agency and its officers through
/// the same command pipeline the HTTP API uses, and prints who they are and where to look.
/// Every run uses fresh ids, so it can be run again on the same database.
/// </summary>
public sealed class DemoCommand(IClock clock) : AsyncCommand<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--serve")]
        [Description("Then serve the demo's cases, printing the console's URL and a supervisor's token (until Ctrl-C).")]
        public bool Serve { get; set; }

        [CommandOption("--urls <URLS>")]
        [Description("With --serve: where to listen (default http://127.0.0.1:5080).")]
        public string? Urls { get; set; }

        public override ValidationResult Validate() =>
            Urls is not null && !Serve ? ValidationResult.Error("--urls goes with --serve.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings arguments, CancellationToken cancellationToken)
    {
        var serve = arguments.Serve;
        var urls = serve ? arguments.Urls ?? "http://127.0.0.1:5080" : "http://127.0.0.1:0";
        await using var database = await CaseLedgerDatabase.OpenAsync();
        AnsiConsole.MarkupLineInterpolated($"Database: {database.Description}");
        // Served, it sweeps deadlines as `serve` does; a demo that only prints sweeps once, below.
        var settings = new CaseLedgerSettings(database.ConnectionString, clock) { DeadlineSweepInterval = serve ? TimeSpan.FromMinutes(1) : null };
        await using var app = CaseLedgerServer.Build(settings, urls, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var bus = app.Services.GetRequiredService<IMessageBus>();
        var run = new DemoRun(bus, clock);

        var register = await run.RegisterAgencyAndOfficersAsync();
        var table = new Table().Title($"Agency [bold]{register.AgencyId}[/] and its officers").AddColumns("officer", "name", "roles", "certificate");
        foreach (var officer in register.Officers)
            table.AddRow(Markup.Escape(officer.Id), Markup.Escape(officer.Name), string.Join(", ", officer.Roles.Select(r => Words.Kebab(r))), officer.Certificate ?? "— (auxiliary: never signs)");
        AnsiConsole.Write(table);

        var body = await run.RegisterReconsiderationBodyAsync();
        var cases = new DemoCases(bus, register, body);
        await cases.RunAllAsync();
        AnsiConsole.MarkupLine("[bold]What happened[/] ([green]✓[/] recorded · [red]✗[/] refused, nothing appended):");
        foreach (var group in cases.Steps.GroupBy(s => s.Case))
        {
            var story = new Table().Title($"[bold]{Markup.Escape(group.Key)}[/]").AddColumn("step").AddColumn("").AddColumn("answer");
            foreach (var step in group)
                story.AddRow(Markup.Escape(step.Step), step.Accepted ? "[green]✓[/]" : "[red]✗[/]", Markup.Escape(step.Answer));
            AnsiConsole.Write(story);
        }

        await PrintEnforcementWindowAsync(app.Services, cases, AgencyZone.Today(clock.GetCurrentInstant()));
        var sweep = await app.Services.GetRequiredService<DeadlineSweep>().SweepAsync();
        AnsiConsole.MarkupLineInterpolated($"Deadline sweep: {sweep.Recorded} deadlines that passed unmet recorded as deadline_missed (by the system actor).");

        AnsiConsole.MarkupLine("[bold]Where to look[/] (run [bold]caseledger serve[/], then with an officer's token):");
        foreach (var (title, id, href) in cases.Cases)
        {
            if (!href.StartsWith("/api/cases/", StringComparison.Ordinal))
            {
                AnsiConsole.MarkupLineInterpolated($"  {title}: GET {href}");
                continue;
            }
            AnsiConsole.MarkupLineInterpolated($"  {title}: GET {href}  ·  /events  ·  /audit-trail  ·  /state?asOf=INSTANT");
            AnsiConsole.MarkupLineInterpolated($"    caseledger replay {id} [[--as-of INSTANT]]  ·  caseledger audit-trail {id}");
        }
        AnsiConsole.MarkupLine("Supervisors (a supervisor's, auditor's or administrator's token):");
        AnsiConsole.MarkupLineInterpolated($"  GET /api/deadlines?status=open|overdue|due-soon&agency={register.AgencyId}");
        AnsiConsole.MarkupLine("  GET /api/queues/legal-review · /api/queues/collective-discussion · /api/queues/hearings · /api/queues/publicity");
        AnsiConsole.MarkupLineInterpolated($"  GET /api/agencies/{register.AgencyId}/figures  ·  caseledger rebuild [[projection]]");
        AnsiConsole.MarkupLineInterpolated($"  without a server: caseledger board --agency {register.AgencyId}  ·  caseledger queues legal-review  ·  caseledger figures {register.AgencyId}");
        AnsiConsole.MarkupLineInterpolated($"  assessment: caseledger assessment {register.AgencyId} --year 2026 --quarter 3  ·  caseledger officer-assessment {register.Officers[0].Id} --year 2026");
        AnsiConsole.MarkupLine("API tokens of the demo officers (shown once, only their hashes are kept):");
        foreach (var officer in register.Officers)
            AnsiConsole.MarkupLineInterpolated($"  {officer.Id}: {officer.Token}");
        if (!serve)
        {
            await app.StopAsync();
            return ExitCodes.Success;
        }
        await ServeAsync(app, run, [register.AgencyId, body.AgencyId], cases);
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>demo --serve</c>: a supervisor with scope over the demo's agencies (registered by the administrator, as the staff are),
    /// the console's address and the supervisor's token printed, then the server until Ctrl-C.
    /// </summary>
    private static async Task ServeAsync(WebApplication app, DemoRun run, string[] agencies, DemoCases cases)
    {
        var supervisor = await run.RegisterSupervisorAsync(app.Services.GetRequiredService<IDocumentStore>(), agencies);
        var root = app.Urls.First().TrimEnd('/');
        // One value a line, so that a narrow terminal wraps none of them.
        AnsiConsole.MarkupLine("[bold]The console[/] is served until Ctrl-C. Open");
        AnsiConsole.MarkupLineInterpolated($"  {root}/console");
        AnsiConsole.MarkupLineInterpolated($"and sign in with the token of {supervisor.Name} ({supervisor.Id}), supervisor over {string.Join(", ", agencies)}:");
        AnsiConsole.MarkupLineInterpolated($"  supervisor token: [bold yellow]{supervisor.Token}[/]");
        AnsiConsole.MarkupLine("The demo's cases in the console:");
        foreach (var (title, id, href) in cases.Cases.Where(c => c.Href.StartsWith("/api/cases/", StringComparison.Ordinal)))
        {
            AnsiConsole.MarkupLineInterpolated($"  {title}:");
            AnsiConsole.MarkupLineInterpolated($"    {root}/console/cases/{id}");
        }
        await app.WaitForShutdownAsync();
    }

    /// <summary>The court-enforcement window of the unpaid fine, as the case's deadline board shows it (行政强制法 Arts. 53–54).</summary>
    private static async Task PrintEnforcementWindowAsync(IServiceProvider services, DemoCases cases, LocalDate today)
    {
        var id = cases.Cases.Single(c => c.Title == DemoCases.EnforcementTitle).Id;
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        if ((await session.LoadAsync<CaseFile>(id))?.State is not { } state) return;
        var window = PenaltyCase.Deadlines(state, services.GetRequiredService<CalendarService>().Current, today).SingleOrDefault(d => d.Key == "court-enforcement");
        if (window is null) return;
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]Court-enforcement window[/] of the unpaid fine ({window.Rule}): the remedy periods end {window.Trigger:yyyy-MM-dd}, apply by {window.End:yyyy-MM-dd} · {Words.Kebab(window.Status)}{(window.MetOn is { } met ? $" on {met:yyyy-MM-dd}" : "")}");
    }
}

/// <summary>
/// The demo's register, kept by an administrator through the in-process message bus; the cases are recorded by the agencies'
/// own staff (<see cref="DemoCases"/>), since an administrator keeps the register and records no step of a case.
/// </summary>
public sealed class DemoRun(IMessageBus bus, IClock clock)
{
    private readonly string _stamp = clock.GetCurrentInstant().ToUnixTimeSeconds().ToString("x", System.Globalization.CultureInfo.InvariantCulture)[^5..];

    public sealed record DemoOfficer(string Id, string Name, IReadOnlyList<Role> Roles, string? Certificate, string Token);

    public sealed record DemoRegister(string AgencyId, string Domain, IReadOnlyList<DemoOfficer> Officers)
    {
        /// <summary>The officer as the actor of the steps it records (what its token resolves to).</summary>
        public Actor Actor(string officerId) =>
            Officers.Single(o => o.Id == officerId) is var o ? new Actor(o.Id, o.Name, o.Roles.ToHashSet(), AgencyId) : throw new InvalidOperationException();
    }

    public async Task<DemoRegister> RegisterAgencyAndOfficersAsync()
    {
        const string domain = "market-regulation";
        var agencyId = $"jinan-samr-{_stamp}";
        var today = AgencyZone.Today(clock.GetCurrentInstant());
        await RunAsync(agencyId, new RegisterAgency(agencyId, "济南市市场监督管理局 (Jinan Market Regulation)", AgencyLevel.City, domain,
            AgencyPolicy.Default with { LegalReviewThresholds = new PartyThresholds(5_000m, 50_000m) }, new LocalDate(2021, 7, 15)));
        await PublishListsAsync(agencyId);

        (string Suffix, string Name, Role[] Roles, bool Qualified, bool Certified)[] people =
        [
            ("zhang-wei", "张伟 Zhang Wei", [Role.EnforcementOfficer], false, true),
            ("li-na", "李娜 Li Na", [Role.EnforcementOfficer], false, true),
            ("wang-fang", "王芳 Wang Fang (legal review)", [Role.LegalReviewer], true, true),
            ("chen-jie", "陈杰 Chen Jie (bureau head)", [Role.AgencyHead, Role.EnforcementOfficer], false, true),
            ("sun-li", "孙丽 Sun Li (deputy head)", [Role.AgencyHead, Role.EnforcementOfficer], false, true),
            ("liu-yang", "刘洋 Liu Yang (hearings)", [Role.HearingPresider, Role.EnforcementOfficer], true, true),
            ("zhao-lei", "赵磊 Zhao Lei (auxiliary)", [Role.Auxiliary], false, false),
        ];
        var officers = new List<DemoOfficer>();
        foreach (var person in people)
        {
            var id = $"{person.Suffix}-{_stamp}";
            var registered = await RunAsync(id, new RegisterOfficer(id, person.Name, agencyId, person.Roles, person.Qualified));
            string? certificate = null;
            if (person.Certified)
            {
                // Certified by the province before the bureau kept its register in CaseLedger: imported with the issuing record.
                certificate = $"SD-{_stamp}-{officers.Count + 1:000}";
                await RunAsync(id, new IssueCertificate(certificate, domain, today.PlusYears(-3), today.PlusYears(2), ImportedFrom: ImportedFrom));
            }
            if (person.Roles.Contains(Role.HearingPresider))
            {
                // The presider certificate on the qualification cycle (山东省行政执法监督条例 Arts. 10, 11): training, a passed examination, then the certificate.
                var examinedOn = new LocalDate(2025, 11, 20);
                await RunAsync(id, new RecordTraining("行政处罚法与听证程序", 40m, examinedOn.PlusDays(-60)));
                await RunAsync(id, new RecordTraining("执法伦理与证据规则", 24m, examinedOn.PlusDays(-30)));
                await RunAsync(id, new RecordExamination(CertificateKind.Presider, "hearing", examinedOn, true, 86m));
                await RunAsync(id, new IssueCertificate($"TZ-{_stamp}-{officers.Count + 1:000}", "hearing", new LocalDate(2025, 12, 1), today.PlusYears(2), CertificateKind.Presider));
            }
            officers.Add(new DemoOfficer(id, person.Name, person.Roles, certificate, registered.IssuedToken!));
        }
        return new DemoRegister(agencyId, domain, officers);
    }

    /// <summary>Where the certificates the province issued before CaseLedger kept the register come from.</summary>
    public const string ImportedFrom = "山东省行政执法证件管理系统";

    /// <summary>The item of the bureau's discretion benchmarks its decisions cite (<see cref="DemoCases"/>).</summary>
    public const string BenchmarkItem = "食品安全法 Art. 124 裁量基准 第3项";

    /// <summary>
    /// The bureau's published lists (山东省行政执法监督条例 Arts. 9, 12, 15): its announcement as an enforcement body, its discretion
    /// benchmark catalogue (the item its decisions cite, in force since 2021-07-15) and its powers with their bases.
    /// </summary>
    private async Task PublishListsAsync(string agencyId)
    {
        var lists = PublishedLists.StreamId(agencyId);
        await RunAsync(lists, new AnnounceEnforcementBody("济南市人民政府", "济政字〔2021〕35号", "食品安全法 Art. 6; 行政处罚法 Art. 18", new LocalDate(2021, 7, 1)));
        await RunAsync(lists, new IssueDiscretionCatalogue(new LocalDate(2021, 7, 15), "济市监法〔2021〕12号",
        [
            new DiscretionItem(BenchmarkItem, "经营不符合食品安全标准的食品", "食品安全法 Art. 124",
            [
                new DiscretionLevel("lighter", "首次违法，货值极小，及时整改", 0m, 5_000m),
                new DiscretionLevel("ordinary", "一般情节", 100m, 150_000m),
                new DiscretionLevel("heavier", "多次违法或造成危害", 150_000m, null),
            ]),
            new DiscretionItem("食品安全法 Art. 126 裁量基准 第1项", "未按规定进行进货查验", "食品安全法 Art. 126",
            [
                new DiscretionLevel("ordinary", "一般情节", 5_000m, 50_000m),
            ]),
        ]));
        await RunAsync(lists, new IssuePowersList(new LocalDate(2021, 7, 15), "济市监法〔2021〕13号",
        [
            new EnforcementPower("XK-001", "食品经营许可", "licensing", "食品安全法 Art. 35", "行政审批科", "申请—受理—审查—决定（20 个工作日）"),
            new EnforcementPower("CF-124", "对经营不符合食品安全标准食品的处罚", "penalty", "食品安全法 Art. 124", "执法稽查局", "一般程序：立案—调查—法制审核—告知—决定"),
            new EnforcementPower("QZ-001", "查封、扣押不符合食品安全标准的食品", "coercion", "食品安全法 Art. 110", "执法稽查局", "行政强制法第三章"),
        ]));
    }

    /// <summary>
    /// A supervisor of the city's government (in its reconsideration office's agency, as the demo registers no other) whose
    /// scope an administrator grants over <paramref name="agencies"/>, as <c>POST /api/officers/{id}/scope</c> stores it.
    /// </summary>
    public async Task<DemoOfficer> RegisterSupervisorAsync(IDocumentStore store, IReadOnlyList<string> agencies)
    {
        var id = $"he-ping-{_stamp}";
        const string name = "何平 He Ping (supervisor)";
        var registered = await RunAsync(id, new RegisterOfficer(id, name, agencies[^1], [Role.Supervisor], false));
        await using var session = store.LightweightSession();
        session.Store(new SupervisionScope(id, [.. agencies], ApiTokens.BootstrapAdminId, clock.GetCurrentInstant()));
        await session.SaveChangesAsync();
        return new DemoOfficer(id, name, [Role.Supervisor], null, registered.IssuedToken!);
    }

    public sealed record DemoBody(string AgencyId, string Staff1, string Staff2, string Head)
    {
        public Actor Actor(string staffId) => new(staffId, staffId, staffId == Head
            ? new HashSet<Role> { Role.AgencyHead, Role.ReconsiderationStaff }
            : new HashSet<Role> { Role.ReconsiderationStaff }, AgencyId);
    }

    /// <summary>The government's reconsideration body (Outline items 34–35) with qualified staff.</summary>
    public async Task<DemoBody> RegisterReconsiderationBodyAsync()
    {
        var bodyId = $"jinan-government-{_stamp}";
        await RunAsync(bodyId, new RegisterAgency(bodyId, "济南市人民政府行政复议办公室 (Jinan reconsideration office)", AgencyLevel.City, "reconsideration"));
        var ids = new List<string>();
        foreach (var (suffix, name, roles) in new (string, string, Role[])[]
        {
            ("zhou-min", "周敏 Zhou Min", [Role.ReconsiderationStaff]),
            ("wu-tao", "吴涛 Wu Tao", [Role.ReconsiderationStaff]),
            ("zheng-hua", "郑华 Zheng Hua (office head)", [Role.AgencyHead, Role.ReconsiderationStaff]),
        })
        {
            var id = $"{suffix}-{_stamp}";
            await RunAsync(id, new RegisterOfficer(id, name, bodyId, roles, true));
            ids.Add(id);
        }
        return new DemoBody(bodyId, ids[0], ids[1], ids[2]);
    }

    private async Task<CommandResult> RunAsync(string streamId, object command)
    {
        var result = await bus.InvokeAsync<CommandResult>(new RunCommand(streamId, command, ApiTokens.BootstrapAdmin));
        if (result.Refusal is { } refusal)
            throw new InvalidOperationException($"The demo was refused on {streamId}: {refusal.Code}: {refusal.Message}");
        return result;
    }
}
