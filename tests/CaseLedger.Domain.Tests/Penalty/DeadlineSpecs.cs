using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

public class when_listing_deadlines
{
    private static Deadline Get(Spec spec, string key, LocalDate today) =>
        PenaltyCase.Deadlines(spec.State!, Fixtures.Calendar, today).Single(d => d.Key == key);

    [Fact]
    public void the_decision_limit_is_90_days_from_filing_art_60()
    {
        var deadline = Get(FiledCase(), "decision", new LocalDate(2025, 2, 1));
        Assert.Equal((new LocalDate(2025, 4, 3), Counting.NaturalDays, DeadlineStatus.Open, "行政处罚法 Art. 60"),
            (deadline.End, deadline.Counting, deadline.Status, deadline.Rule));
    }

    [Fact]
    public void the_decision_limit_excludes_suspensions_and_adds_extensions_art_60()
    {
        var spec = NotifiedCase().Then(new SuspendCase("Lab test", new LocalDate(2025, 2, 10), "head"))
            .Then(new ResumeCase(new LocalDate(2025, 2, 20), "head"))
            .Then(new ExtendDecisionDeadline(30, "head", "Expert opinion", new LocalDate(2025, 3, 31)));
        var deadline = Get(spec, "decision", new LocalDate(2025, 4, 1));
        Assert.Equal(new LocalDate(2025, 5, 13), deadline.End);
        Assert.Single(deadline.Excluded);
        Assert.Equal("head", Assert.Single(deadline.Extensions).ApprovedBy);
    }

    [Fact]
    public void a_defence_period_that_passes_unused_has_lapsed_and_is_the_partys_art_45()
    {
        var deadline = Get(NotifiedCase(), "defence", new LocalDate(2025, 12, 31));
        Assert.Equal((DeadlineStatus.Lapsed, DeadlineOwner.Party), (deadline.Status, deadline.Owner));
    }

    [Fact]
    public void the_decision_limit_is_the_agencys_and_is_missed_when_it_passes_art_60()
    {
        var deadline = Get(FiledCase(), "decision", new LocalDate(2025, 12, 31));
        Assert.Equal((DeadlineStatus.Missed, DeadlineOwner.Agency), (deadline.Status, deadline.Owner));
    }

    [Fact]
    public void the_decision_limit_is_met_by_the_decision_art_60()
    {
        var deadline = Get(DecidedCase(), "decision", Fixtures.Today);
        Assert.Equal((DeadlineStatus.Met, (LocalDate?)DecidedOn), (deadline.Status, deadline.MetOn));
    }

    [Fact]
    public void the_hearing_request_window_is_5_working_days_art_64()
    {
        var deadline = Get(NotifiedCase(LargeFine), "hearing-request", new LocalDate(2025, 2, 1));
        Assert.Equal((new LocalDate(2025, 2, 7), Counting.WorkingDays, DeadlineStatus.Open, false),
            (deadline.End, deadline.Counting, deadline.Status, deadline.Provisional));
    }

    [Fact]
    public void the_defence_period_is_met_by_a_waiver_art_45()
    {
        var spec = NotifiedCase().Then(new WaiveRights(new LocalDate(2025, 1, 27)));
        Assert.Equal(DeadlineStatus.Met, Get(spec, "defence", Fixtures.Today).Status);
    }

    [Fact]
    public void service_and_publication_are_due_7_working_days_after_the_decision_art_61()
    {
        var spec = DecidedCase();
        Assert.Equal(new LocalDate(2025, 3, 3), Get(spec, "service", new LocalDate(2025, 2, 21)).End);
        Assert.Equal(DeadlineStatus.Missed, Get(spec, "publication", new LocalDate(2025, 3, 4)).Status);
    }

    [Fact]
    public void payment_is_due_15_days_after_service_with_the_rest_day_extension_art_67()
    {
        var deadline = Get(ServedCase(), "payment", new LocalDate(2025, 3, 1));
        Assert.Equal((new LocalDate(2025, 3, 8), new LocalDate(2025, 3, 10), DeadlineStatus.Open), (deadline.RawEnd, deadline.End, deadline.Status));
        Assert.Equal(DeadlineStatus.Met, Get(PaidCase(), "payment", Fixtures.Today).Status);
    }

    [Fact]
    public void the_reminder_period_is_10_working_days_coercion_law_art_54()
    {
        var spec = ServedCase().Then(new ServePaymentReminder(new LocalDate(2025, 3, 11), ["zhang"]));
        Assert.Equal(new LocalDate(2025, 3, 25), Get(spec, "reminder", new LocalDate(2025, 3, 12)).End);
    }

    [Fact]
    public void the_hearing_notice_period_is_shown_art_64()
    {
        var deadline = Get(HearingRequestedCase().Then(Schedule()), "hearing-notice", Fixtures.Today);
        Assert.Equal((new LocalDate(2025, 2, 14), DeadlineStatus.Met), (deadline.End, deadline.Status));
    }

    [Fact]
    public void the_preservation_decision_is_due_in_7_working_days_art_56()
    {
        var spec = FiledCase().Then(new PreserveEvidence("Milk", "head", TwoOfficers, new LocalDate(2025, 1, 24), Sha('f')));
        var deadline = Get(spec, "preservation-decision:P1", new LocalDate(2025, 2, 11));
        Assert.Equal((new LocalDate(2025, 2, 10), DeadlineStatus.Missed), (deadline.End, deadline.Status));
    }

    [Fact]
    public void a_deadline_in_a_year_without_official_calendar_is_provisional()
    {
        var spec = new Spec([]).On(new LocalDate(2027, 1, 10))
            .Then(Lead(actEnded: new LocalDate(2026, 11, 1), discovered: new LocalDate(2026, 12, 1)))
            .Then(File(on: new LocalDate(2026, 12, 2))).Then(Conclude(on: new LocalDate(2026, 12, 20)))
            .Then(Notice(on: new LocalDate(2026, 12, 28)));
        Assert.True(Get(spec, "defence", new LocalDate(2027, 1, 10)).Provisional);
        Assert.False(Get(FiledCase(), "decision", Fixtures.Today).Provisional);
    }
}
