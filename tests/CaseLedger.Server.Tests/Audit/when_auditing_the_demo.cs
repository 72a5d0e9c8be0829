using CaseLedger.Audit;
using CaseLedger.Cli;
using CaseLedger.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Wolverine;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>The demo's cases, run through the commands, audited from their stored events.</summary>
public class when_auditing_the_demo(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task the_clean_cases_have_no_findings_and_the_others_exactly_their_missed_deadlines()
    {
        server.Clock.Reset(Instant.FromUtc(2026, 12, 1, 2, 0));
        var bus = server.App.Services.GetRequiredService<IMessageBus>();
        var register = await new DemoRun(bus, server.Clock).RegisterAgencyAndOfficersAsync();
        var demo = new DemoCases(bus, register);
        await demo.RunAllAsync();
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();

        var report = await server.AuditAsync();
        string CaseOf(string title) => demo.Cases.Single(c => c.Title.StartsWith(title, StringComparison.Ordinal)).CaseId;
        IEnumerable<string> Codes(string title) => report.FindingsOf(CaseOf(title)).Select(f => f.Code);

        Assert.Empty(Codes("general"));
        Assert.Empty(Codes("simplified"));
        Assert.Equal(["deadline-missed:decision"], Codes("past its 90-day limit"));
        Assert.Equal(["deadline-missed:service", "deadline-missed:publication"], Codes("decision refused"));
        Assert.All(report.Streams.Where(s => s.Kind != "case"), s => Assert.Empty(s.Findings));
        Assert.Equal(1, report.Checkpoints);
    }
}
