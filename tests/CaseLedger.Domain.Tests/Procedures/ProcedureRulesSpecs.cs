using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Procedures;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.Tests.Penalty;
using CaseLedger.Domain.Tests.Petitions;
using CaseLedger.Domain.Tests.Reconsideration;

namespace CaseLedger.Domain.Tests.Procedures;

/// <summary>
/// Outline item 23 (执法流程图): the published flow charts and the engine read one table. Every deadline the engine computes
/// for a procedure has the length and counting of the limit of the same key in <see cref="ProcedureRules.Statutory"/>.
/// </summary>
public class when_the_engine_and_the_flow_chart_read_the_rules
{
    private static readonly LocalDate Today = new(2025, 6, 30);

    private static IEnumerable<Deadline> PenaltyDeadlines()
    {
        var served = Scenarios.ServedCase();
        var published = served.Then(new PublishDecision(new LocalDate(2025, 2, 24), "credit-platform", ["zhang"]));
        Spec[] cases = [Scenarios.NotifiedCase(Scenarios.LargeFine), Scenarios.HearingHeldCase(), served, published];
        return cases.SelectMany(c => PenaltyCase.Deadlines(c.State!, Fixtures.Calendar, Today));
    }

    private static void Agree(string flow, IEnumerable<Deadline> deadlines, params string[] mustCover)
    {
        var rules = ProcedureRules.Statutory.Flow(flow);
        var checkedKeys = new HashSet<string>();
        foreach (var deadline in deadlines)
        {
            var key = deadline.Key.Split(':')[0];
            var limit = rules.Limits.FirstOrDefault(l => l.Key == key);
            if (limit is null) continue;
            Assert.True(limit.Length == deadline.Length, $"{flow}/{key}: the chart says {limit.Length}, the engine counts {deadline.Length}.");
            Assert.Equal(limit.Unit switch
            {
                LimitUnit.WorkingDays => Counting.WorkingDays,
                LimitUnit.Months => Counting.Months,
                _ => Counting.NaturalDays,
            }, deadline.Counting);
            checkedKeys.Add(key);
        }
        Assert.Empty(mustCover.Except(checkedKeys));
    }

    [Fact]
    public void general_procedure_deadlines_have_the_charts_limits_Penalty_Law_Arts_45_60_61_64_67()
    {
        Agree(ProcedureRules.General, PenaltyDeadlines(), "decision", "defence", "hearing-request", "hearing-notice", "service", "publication", "payment");
    }

    [Fact]
    public void reconsideration_deadlines_have_the_charts_limits_Reconsideration_Law_Arts_20_30_48_62()
    {
        var replied = ReconsiderationScenarios.RepliedCase();
        Agree(ProcedureRules.Reconsideration, ReconsiderationCase.Deadlines(replied.State!, Fixtures.Calendar, Today),
            "application", "acceptance", "copy", "reply", "decision");
    }

    [Fact]
    public void petition_deadlines_have_the_charts_limits_Petition_Regulations_Arts_22_34_35_36()
    {
        var reReview = PetitionSpec.Reviewed().Then(new RequestPetitionReReview(new LocalDate(2025, 6, 20)));
        Agree(ProcedureRules.Petition, new[] { PetitionSpec.Replied(), reReview }.SelectMany(p => PetitionCase.Deadlines(p.State!, Fixtures.Calendar, Today)),
            "notice", "handling", "review-request", "review", "re-review-request", "re-review");
    }

    [Fact]
    public void a_changed_table_changes_the_limit_it_names_and_nothing_the_engine_enforces()
    {
        var changed = ProcedureRules.Statutory.WithLength(ProcedureRules.General, "defence", 9);

        Assert.Equal(9, changed.Limit(ProcedureRules.General, "defence").Length);
        Assert.Equal(5, ProcedureRules.Statutory.Limit(ProcedureRules.General, "defence").Length);
        Assert.Equal(5, PenaltyDeadlines().First(d => d.Key == "defence").Length);
        Assert.Equal(changed.Flow(ProcedureRules.General).Limits.Count(), ProcedureRules.Statutory.Flow(ProcedureRules.General).Limits.Count());
    }

    [Fact]
    public void a_limit_counted_in_another_unit_is_refused_not_misread()
    {
        Assert.Throws<InvalidOperationException>(() => ProcedureRules.Statutory.Length(ProcedureRules.General, "defence", LimitUnit.Days));
        Assert.Throws<KeyNotFoundException>(() => ProcedureRules.Statutory.WithLength(ProcedureRules.General, "no-such-limit", 1));
    }

    [Fact]
    public void every_procedure_the_outline_names_has_a_chart_and_every_limit_an_article()
    {
        Assert.Equal([ProcedureRules.General, ProcedureRules.Simplified, ProcedureRules.FastTrack, ProcedureRules.Reconsideration, ProcedureRules.Petition],
            ProcedureRules.Statutory.Flows.Select(f => f.Key));
        Assert.All(ProcedureRules.Statutory.Flows.SelectMany(f => f.Limits), l =>
        {
            Assert.True(l.Length > 0);
            Assert.False(string.IsNullOrWhiteSpace(l.Article.Zh) || string.IsNullOrWhiteSpace(l.Article.En));
        });
    }
}
