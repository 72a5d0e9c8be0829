using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

/// <summary>Which version of the Penalty Law applies (domain.md §6): procedure by the day of the step, substance by the act (Art. 37).</summary>
public class when_applying_the_law_in_force
{
    private static Spec ActOfJune2021() =>
        new Spec([]).Then(Lead(actEnded: new LocalDate(2021, 6, 30), discovered: new LocalDate(2023, 6, 1)))
            .Then(File(new LocalDate(2023, 6, 2))).Then(Evidence(on: new LocalDate(2023, 6, 5)))
            .Then(Conclude(LargeFine, on: new LocalDate(2023, 6, 20)));

    [Fact]
    public void a_notice_served_after_2021_07_15_gives_5_working_days_whatever_the_act_procedure_follows_the_step_art_64()
    {
        var spec = ActOfJune2021().Then(Notice(on: new LocalDate(2023, 6, 26)));
        // Mon 2023-06-26 + 5 working days: Tue 27, Wed 28, Thu 29, Fri 30, Mon 3 July.
        Assert.Equal(new LocalDate(2023, 7, 3), spec.State!.Notice!.HearingRequestDueOn);
        spec.When(HearingRequest(new LocalDate(2023, 7, 3))).Single<HearingRequested>();
        spec.When(HearingRequest(new LocalDate(2023, 7, 4))).Refused(RefusalCodes.HearingRequestLate);
    }

    [Fact]
    public void the_hearing_request_deadline_shows_5_working_days_for_an_old_act_art_64()
    {
        var spec = ActOfJune2021().Then(Notice(on: new LocalDate(2023, 6, 26)));
        var deadline = PenaltyCase.Deadlines(spec.State!, Fixtures.Calendar, new LocalDate(2023, 6, 27)).Single(d => d.Key == "hearing-request");
        Assert.Equal((5, Counting.WorkingDays), (deadline.Length, deadline.Counting));
    }

    [Fact]
    public void an_act_that_ended_before_2021_07_15_keeps_the_2_year_limitation_art_37()
    {
        var lead = Lead(actEnded: new LocalDate(2021, 7, 14), category: ViolationCategory.LifeHealth, harm: true,
            discovered: new LocalDate(2023, 7, 15));
        new Spec([]).Then(lead).When(File(new LocalDate(2023, 7, 17))).Refused(RefusalCodes.LimitationExpired);
    }

    [Fact]
    public void an_act_that_ended_on_2021_07_15_has_the_5_year_limitation_with_harm_art_36()
    {
        var lead = Lead(actEnded: new LocalDate(2021, 7, 15), category: ViolationCategory.Financial, harm: true,
            discovered: new LocalDate(2025, 1, 2));
        new Spec([]).Then(lead).When(File()).Single<CaseFiled>();
    }

    [Fact]
    public void the_5_year_limitation_needs_harm_art_36()
    {
        var lead = Lead(actEnded: new LocalDate(2022, 12, 31), category: ViolationCategory.LifeHealth, harm: false);
        new Spec([]).Then(lead).When(File()).Refused(RefusalCodes.LimitationExpired);
    }

    [Fact]
    public void harm_in_an_ordinary_case_does_not_lengthen_the_limitation_art_36()
    {
        var lead = Lead(actEnded: new LocalDate(2022, 12, 31), category: ViolationCategory.Ordinary, harm: true);
        new Spec([]).Then(lead).When(File()).Refused(RefusalCodes.LimitationExpired);
    }

    [Fact]
    public void the_case_records_the_substantive_law_of_the_act_art_37() =>
        Assert.Equal("1996/2017", ActOfJune2021().State!.Filing!.LawVersion);

    [Fact]
    public void a_policy_written_without_the_decision_limits_has_90_and_30_days_art_60()
    {
        var policy = System.Text.Json.JsonSerializer.Deserialize<AgencyPolicy>(
            """{"HearingThresholds":{"Citizen":1,"Organisation":2},"LegalReviewCatalogue":[],"FastTrack":false,"RestDayExtension":true}""")!;
        Assert.Equal((90, 30), (policy.DecisionDays, policy.ExtensionDays));
    }
}

public class when_a_notice_was_stored_under_the_act_date_rule
{
    [Fact]
    public void a_notice_stored_with_the_old_3_day_window_still_gives_5_working_days_art_64()
    {
        // A notice served in 2023 on an act of June 2021, stored while the act's date still chose the window: 3 days.
        var concluded = new Spec([]).Then(Scenarios.Lead(actEnded: new LocalDate(2021, 6, 30), discovered: new LocalDate(2023, 6, 1)))
            .Then(Scenarios.File(new LocalDate(2023, 6, 2))).Then(Scenarios.Conclude(Scenarios.LargeFine, on: new LocalDate(2023, 6, 20)));
        var served = concluded.When(Scenarios.Notice(on: new LocalDate(2023, 6, 26))).Single<PenaltyNoticeServed>();
        var stored = concluded.ThenEvent(served with { HearingRequestDueOn = new LocalDate(2023, 6, 29) });
        stored.When(Scenarios.HearingRequest(new LocalDate(2023, 7, 3))).Single<HearingRequested>();
        var deadline = PenaltyCase.Deadlines(stored.State!, Fixtures.Calendar, new LocalDate(2023, 6, 27)).Single(d => d.Key == "hearing-request");
        Assert.Equal(new LocalDate(2023, 7, 3), deadline.End);
    }
}
