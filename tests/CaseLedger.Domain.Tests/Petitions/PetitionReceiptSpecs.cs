using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Tests.Penalty;

namespace CaseLedger.Domain.Tests.Petitions;

public class when_a_petitioner_receives_the_written_answer
{
    private static readonly LocalDate Later = new(2025, 8, 31);

    [Fact]
    public void the_review_window_runs_from_receipt_of_the_written_reply_art_35()
    {
        // Answered 04-20, received 04-28: the review may be requested until 05-28, not 05-20.
        var received = (PetitionSpec.Replied() with { Today = Later }).Then(new RecordAnswerReceipt(new LocalDate(2025, 4, 28), ["zhang"]));
        Assert.Equal(new LocalDate(2025, 4, 28), received.State!.ReplyReceivedOn);
        received.When(new RequestPetitionReview(new LocalDate(2025, 5, 28))).Single<PetitionReviewRequested>();
        received.When(new RequestPetitionReview(new LocalDate(2025, 5, 29))).Refused(RefusalCodes.ReviewRequestLate);
        var row = PetitionCase.Deadlines(received.State, Fixtures.Calendar, new LocalDate(2025, 5, 1)).Single(d => d.Key == "review-request");
        Assert.Equal((new LocalDate(2025, 4, 28), new LocalDate(2025, 5, 28)), (row.Trigger, row.End));
    }

    [Fact]
    public void a_reply_handed_over_records_its_receipt_art_35()
    {
        // Received Fri 04-25: 30 days end Sun 05-25, moved to Mon 05-26.
        var replied = PetitionSpec.Accepted().When(new ReplyPetition(new LocalDate(2025, 4, 20), PetitionOutcome.NotSupported, PetitionSpec.Sha('a'),
            ReceivedOn: new LocalDate(2025, 4, 25))).Single<PetitionReplied>();
        Assert.Equal(new LocalDate(2025, 5, 26), replied.ReviewRequestDueOn);
    }

    [Fact]
    public void the_re_review_window_runs_from_receipt_of_the_review_answer_art_36()
    {
        // Review answered 05-30, received 06-05: 30 days end Sat 07-05 → Mon 07-07.
        var received = (PetitionSpec.Reviewed() with { Today = Later }).Then(new RecordAnswerReceipt(new LocalDate(2025, 6, 5), ["zhang"]));
        received.When(new RequestPetitionReReview(new LocalDate(2025, 7, 7))).Single<PetitionReReviewRequested>();
        received.When(new RequestPetitionReReview(new LocalDate(2025, 7, 8))).Refused(RefusalCodes.ReviewRequestLate);
    }

    [Fact]
    public void a_receipt_is_not_before_the_answer() =>
        PetitionSpec.Replied().When(new RecordAnswerReceipt(new LocalDate(2025, 4, 19), ["zhang"])).Refused(RefusalCodes.DateOutOfOrder);
}

public class when_a_petition_is_transferred_to_the_agency
{
    private static PetitionSpec Transferred() =>
        new PetitionSpec([]).Then(PetitionSpec.Lodge() with { TransferredFrom = "Jinan Municipal Petition Bureau" });

    [Fact]
    public void an_objection_is_due_within_5_working_days_art_23()
    {
        // Received Mon 2025-03-03: 5 working days end Mon 03-10.
        var row = PetitionCase.Deadlines(Transferred().State!, Fixtures.Calendar, new LocalDate(2025, 3, 4)).Single(d => d.Key == "transfer-objection");
        Assert.Equal((Counting.WorkingDays, new LocalDate(2025, 3, 10), DeadlineStatus.Open), (row.Counting, row.End, row.Status));
        var objected = Transferred().Then(new ObjectToTransfer(new LocalDate(2025, 3, 7), "Outside the agency's remit", ["zhang"]));
        Assert.Equal(DeadlineStatus.Met, PetitionCase.Deadlines(objected.State!, Fixtures.Calendar, Fixtures.Today).Single(d => d.Key == "transfer-objection").Status);
        objected.When(new AcceptPetition(new LocalDate(2025, 3, 8))).Refused(RefusalCodes.CaseClosed);
    }

    [Fact]
    public void an_objection_not_raised_lapses_and_a_late_one_shows_missed_art_23()
    {
        Assert.Equal(DeadlineStatus.Lapsed,
            PetitionCase.Deadlines(Transferred().State!, Fixtures.Calendar, Fixtures.Today).Single(d => d.Key == "transfer-objection").Status);
        var late = Transferred().Then(new ObjectToTransfer(new LocalDate(2025, 3, 12), "Outside the agency's remit", ["zhang"]));
        Assert.Equal(DeadlineStatus.Missed, PetitionCase.Deadlines(late.State!, Fixtures.Calendar, Fixtures.Today).Single(d => d.Key == "transfer-objection").Status);
    }

    [Fact]
    public void only_a_transferred_petition_is_objected_to_art_23() =>
        PetitionSpec.Lodged().When(new ObjectToTransfer(new LocalDate(2025, 3, 4), "Outside the agency's remit", ["zhang"])).Refused(RefusalCodes.WrongStage);
}

public class when_a_petition_period_ends_on_a_rest_day
{
    [Fact]
    public void it_moves_to_the_next_working_day_civil_code_arts_203_204()
    {
        // Lodged Sat 2025-03-08: 15 days end Sun 03-23, moved to Mon 03-24.
        var lodged = new PetitionSpec([]).Then(PetitionSpec.Lodge() with { LodgedOn = new LocalDate(2025, 3, 8) }).State!;
        Assert.Equal(new LocalDate(2025, 3, 24), lodged.Lodging.NoticeDueOn);
        var notice = PetitionCase.Deadlines(lodged, Fixtures.Calendar, new LocalDate(2025, 3, 10)).Single(d => d.Key == "notice");
        Assert.Equal((new LocalDate(2025, 3, 23), new LocalDate(2025, 3, 24)), (notice.RawEnd, notice.End));
    }
}
