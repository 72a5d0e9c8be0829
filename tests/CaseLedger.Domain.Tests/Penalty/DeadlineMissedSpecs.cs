using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

/// <summary>DeadlineMissed (domain.md §8.5): the system records a deadline that passed unmet, once, the day after it ended.</summary>
public class when_a_deadline_passes_unmet
{
    private static readonly LocalDate DefenceEnd = new(2025, 2, 7);

    [Fact]
    public void the_defence_period_of_art_45_is_open_on_its_last_day_and_missed_the_day_after()
    {
        var notified = NotifiedCase().As(Actor.System.Id);
        Assert.Equal(DefenceEnd, PenaltyCase.Deadlines(notified.State!, Fixtures.Calendar, DefenceEnd).Single(d => d.Key == "defence").End);

        notified.On(DefenceEnd).When(new RecordMissedDeadlines()).AppendsNothing();

        var missed = notified.On(DefenceEnd.PlusDays(1)).When(new RecordMissedDeadlines()).Events.OfType<DeadlineMissed>()
            .Single(e => e.DeadlineKey == "defence");
        Assert.Equal((DefenceEnd, DefenceEnd.PlusDays(1), "行政处罚法 Art. 45", "system"), (missed.DueOn, missed.MissedOn, missed.Rule, missed.RecordedBy));
    }

    [Fact]
    public void a_deadline_recorded_missed_is_never_recorded_again()
    {
        var recorded = NotifiedCase().As(Actor.System.Id).On(DefenceEnd.PlusDays(3)).Then(new RecordMissedDeadlines());
        Assert.NotEmpty(recorded.State!.MissedDeadlines);
        recorded.On(DefenceEnd.PlusDays(30)).When(new RecordMissedDeadlines()).AppendsNothing();
    }

    [Fact]
    public void a_statement_within_the_period_meets_it()
    {
        var stated = NotifiedCase().Then(new RecordStatement(DefenceEnd, [new StatementPoint("Within date", "Labels say otherwise", false)], ["zhang"]));
        var decision = stated.As(Actor.System.Id).On(DefenceEnd.PlusDays(1)).When(new RecordMissedDeadlines());
        Assert.DoesNotContain(decision.Events.OfType<DeadlineMissed>(), e => e.DeadlineKey == "defence");
    }

    [Fact]
    public void only_the_system_records_a_missed_deadline() =>
        NotifiedCase().As("head").On(DefenceEnd.PlusDays(1)).When(new RecordMissedDeadlines()).Refused(RefusalCodes.Forbidden);
}
