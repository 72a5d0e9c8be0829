using System.Text.Json;
using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

public class when_the_engine_uses_the_contract
{
    public static TheoryData<string> CommandNames() => [.. PenaltyCase.Commands.Keys];

    [Fact]
    public void every_command_of_domain_md_8_2_is_mapped()
    {
        string[] expected =
        [
            "register-lead", "file", "collect-evidence", "preserve-evidence", "decide-preserved-evidence", "apply-recusal",
            "decide-recusal", "suspend", "resume", "extend-decision-deadline", "conclude-investigation", "serve-penalty-notice",
            "record-statement", "waive-rights", "request-hearing", "schedule-hearing", "hold-hearing", "request-legal-review",
            "complete-legal-review", "hold-collective-discussion", "decide", "serve-decision", "publish-decision",
            "withdraw-publication", "record-payment", "approve-deferral", "approve-instalments", "serve-payment-reminder",
            "apply-court-enforcement", "refer-to-judiciary", "record-referral-outcome", "close", "archive", "decide-on-the-spot", "collect-on-the-spot",
            "hand-over-cash", "file-copy", "consent-to-fast-track",
        ];
        Assert.Equal(expected.Order(), PenaltyCase.Commands.Keys.Order());
        Assert.All(PenaltyCase.Commands.Values, t => Assert.True(typeof(ICaseCommand).IsAssignableFrom(t), t.Name));
    }

    [Fact]
    public void every_event_carries_the_case_id_and_who_recorded_it()
    {
        Assert.Equal(PenaltyCase.EventTypes.Count, PenaltyCase.EventTypes.Distinct().Count());
        Assert.All(PenaltyCase.EventTypes, t =>
        {
            Assert.Equal(typeof(string), t.GetProperty("CaseId")?.PropertyType);
            Assert.Equal(typeof(string), t.GetProperty("RecordedBy")?.PropertyType);
        });
    }

    [Fact]
    public void an_unknown_event_leaves_the_state_unchanged()
    {
        var state = FiledCase().State;
        Assert.Same(state, PenaltyCase.Evolve(state, new object()));
        Assert.Null(PenaltyCase.Evolve(null, new CaseFiled("x", "n", FiledOn, "head", "zhang", Fixtures.Policy, "2021", [], [], "head")));
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void an_empty_body_is_refused_never_thrown(string name)
    {
        var command = (ICaseCommand)JsonSerializer.Deserialize("{}", PenaltyCase.Commands[name])!;
        Assert.NotNull(command.NamedOfficers());
        foreach (var spec in new[] { new Spec([]), NewLead(), NotifiedCase(), ServedCase(), NewLead(Procedure.Simplified) })
        {
            var decision = spec.When(command);
            Assert.True(decision.IsRefused || decision.Events.Count == 0, $"{name} accepted an empty body");
        }
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void lists_with_empty_entries_are_refused_never_thrown(string name)
    {
        var type = PenaltyCase.Commands[name];
        var lists = type.GetConstructors().Single().GetParameters()
            .Where(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            .Select(p => $"\"{JsonNamingPolicy.CamelCase.ConvertName(p.Name!)}\":[null]");
        var command = (ICaseCommand)JsonSerializer.Deserialize($"{{{string.Join(",", lists)}}}", type)!;
        Assert.DoesNotContain(null, command.NamedOfficers());
        foreach (var spec in new[] { new Spec([]), NewLead(), NotifiedCase(), ServedCase(), NewLead(Procedure.Simplified) })
        {
            var decision = spec.When(command);
            Assert.True(decision.IsRefused || decision.Events.Count == 0, $"{name} accepted empty entries");
        }
    }
}
