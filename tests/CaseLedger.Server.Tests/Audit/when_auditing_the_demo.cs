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
    public async Task the_clean_cases_have_no_findings_and_the_late_one_exactly_its_late_decision()
    {
        server.Clock.Reset(Instant.FromUtc(2026, 12, 1, 2, 0));
        var bus = server.App.Services.GetRequiredService<IMessageBus>();
        var run = new DemoRun(bus, server.Clock);
        var register = await run.RegisterAgencyAndOfficersAsync();
        var demo = new DemoCases(bus, register, await run.RegisterReconsiderationBodyAsync());
        await demo.RunAllAsync();
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();

        var report = await server.AuditAsync();
        foreach (var (title, id, _) in demo.Cases)
        {
            var codes = report.FindingsOf(id).Select(f => f.Code);
            if (title.StartsWith("past its 90-day limit", StringComparison.Ordinal))
                Assert.Equal(["decision-deadline-passed"], codes);
            else
                Assert.True(!codes.Any(), $"{title}: {string.Join(", ", codes)}");
        }
        Assert.Contains(report.Streams, s => s.Kind == "proceeding");
        Assert.All(report.Streams.Where(s => s.Kind != "case"), s => Assert.Empty(s.Findings));
        // Every read model is what its events give.
        Assert.DoesNotContain(report.Findings, f => f.Code == ReadModelCheck.Code);
        // The one created here, and the signing duty's own once the log passes 1,000 events (CheckpointEvery), which the demo may.
        Assert.InRange(report.Checkpoints, 1, 2);
    }
}
