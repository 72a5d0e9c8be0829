using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

/// <summary>DeadlineMissed (domain.md §8.5): the system records a duty that passed unmet, once, the day after it ended.</summary>
public class when_a_deadline_passes_unmet
{
    private static readonly LocalDate PreservedOn = new(2025, 1, 24);
    private static readonly LocalDate PreservationEnd = new(2025, 2, 10);

    private static Spec Preserved() =>
        InvestigatedCase().Then(new PreserveEvidence("Milk", "head", TwoOfficers, PreservedOn, Sha('f'))).As(Actor.System.Id);

    [Fact]
    public void the_preservation_decision_of_art_56_is_open_on_its_last_day_and_missed_the_day_after()
    {
        var preserved = Preserved();
        Assert.Equal(PreservationEnd, PenaltyCase.Deadlines(preserved.State!, Fixtures.Calendar, PreservationEnd)
            .Single(d => d.Key.StartsWith("preservation-decision", StringComparison.Ordinal)).End);

        preserved.On(PreservationEnd).When(new RecordMissedDeadlines()).AppendsNothing();

        var missed = preserved.On(PreservationEnd.PlusDays(1)).When(new RecordMissedDeadlines()).Single<DeadlineMissed>();
        Assert.Equal((PreservationEnd, PreservationEnd.PlusDays(1), "行政处罚法 Art. 56", "system"), (missed.DueOn, missed.MissedOn, missed.Rule, missed.RecordedBy));
    }

    [Fact]
    public void a_deadline_recorded_missed_is_never_recorded_again() =>
        Preserved().On(PreservationEnd.PlusDays(3)).Then(new RecordMissedDeadlines())
            .On(PreservationEnd.PlusDays(30)).When(new RecordMissedDeadlines()).AppendsNothing();

    [Fact]
    public void a_party_right_unused_in_time_lapses_and_is_not_recorded_art_45() =>
        Assert.DoesNotContain(
            NotifiedCase().As(Actor.System.Id).On(new LocalDate(2025, 3, 3)).When(new RecordMissedDeadlines()).Events.OfType<DeadlineMissed>(),
            e => e.DeadlineKey is "defence" or "hearing-request");

    [Fact]
    public void only_the_system_records_a_missed_deadline() =>
        Preserved().As("head").On(PreservationEnd.PlusDays(1)).When(new RecordMissedDeadlines()).Refused(RefusalCodes.Forbidden);
}
