using System.Collections.Concurrent;
using System.Diagnostics;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Penalty;
using CaseLedger.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Wolverine;
using Xunit.Abstractions;

namespace CaseLedger.Server.Tests.Operations;

/// <summary>
/// What one command costs the database, counted rather than timed (issue 18): the round trips Npgsql makes for one
/// collect-evidence, against Marten's own command pattern (one fetch for writing, one SaveChanges batch, the commit). A
/// round trip more per command is a large share of its time on two cores: a change that adds one fails here first.
/// </summary>
public class when_counting_a_commands_round_trips(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task collect_evidence_reads_in_one_round_trip_and_writes_in_one()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var bus = server.App.Services.GetRequiredService<IMessageBus>();
        var head = new Actor(staff.Head, "head", new HashSet<Role> { Role.AgencyHead, Role.EnforcementOfficer }, staff.AgencyId);
        var evidence = new CollectEvidence(EvidenceKind.InspectionRecord, "现场检查笔录", staff.Investigators, new LocalDate(2025, 1, 9), CaseScenarios.Hash);
        // Warm: a process's first command reads what later ones find cached.
        Assert.Null((await bus.InvokeAsync<CommandResult>(new RunCommand(caseId, evidence, head))).Refusal);

        // Npgsql's spans of this command alone, by the trace it runs in: the feed's and the dispatcher's polls are others.
        var trips = new ConcurrentQueue<(ActivityTraceId Trace, string Text)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                trips.Enqueue((activity.TraceId, (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement"))?.ToString() ?? activity.DisplayName));
            },
        };
        ActivitySource.AddActivityListener(listener);
        ActivityTraceId trace;
        using (var command = new Activity("collect-evidence").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            trace = command.TraceId;
            Assert.Null((await bus.InvokeAsync<CommandResult>(new RunCommand(caseId, evidence with { Description = "询问笔录" }, head))).Refusal);
        }

        var ours = trips.Where(t => t.Trace == trace).Select(t => t.Text).ToList();
        foreach (var (text, i) in ours.Select((t, i) => (t, i))) output.WriteLine($"--- round trip {i + 1}\n{text}");
        // The read: the stream's version, the case file and the officers, in one batch. The write: the event, the case file and
        // what supervisors see of it, in one batch (the commit follows, untraced). Marten's pattern makes the same two.
        Assert.Equal(2, ours.Count);
        Assert.Contains("mt_streams", ours[0], StringComparison.Ordinal);
        Assert.Contains("mt_doc_officer", ours[0], StringComparison.Ordinal);
        Assert.Contains("mt_quick_append_events", ours[1], StringComparison.Ordinal);
        Assert.Contains("mt_doc_casesupervision", ours[1], StringComparison.Ordinal);
    }
}
