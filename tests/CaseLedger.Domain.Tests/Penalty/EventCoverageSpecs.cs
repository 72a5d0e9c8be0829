using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

/// <summary>
/// Every event type a penalty stream can hold is produced by some decision (or, for the remedy events, appended
/// by a reconsideration or litigation). The stored JSON of each type is pinned by the engine's contract tests.
/// </summary>
public class when_storing_events
{
    private static IEnumerable<object> Samples()
    {
        var general = ReviewedAfterHearingCase().On(new LocalDate(2025, 12, 31)).Then(Discussion())
            .Then(new PreserveEvidence("Milk", "head", TwoOfficers, new LocalDate(2025, 1, 24), Sha('f')))
            .Then(new DecidePreservedEvidence("P1", PreservedEvidenceHandling.SealOrSeize, "head", new LocalDate(2025, 2, 10)))
            .Then(new ApplyRecusal("wang", RecusalApplicant.Party, "cousin", new LocalDate(2025, 2, 10)))
            .Then(new DecideRecusal("wang", true, "head", new LocalDate(2025, 2, 10)))
            .Then(new SuspendCase("Lab test", new LocalDate(2025, 2, 11), "head")).Then(new ResumeCase(new LocalDate(2025, 2, 12), "head"))
            .Then(new ExtendDecisionDeadline(30, "head", "Expert opinion", new LocalDate(2025, 2, 12)))
            .Then(new RecordStatement(new LocalDate(2025, 1, 27), [new StatementPoint("Within date", "Labels say otherwise", false)], ["zhang"]))
            .Then(Decide(LargeFine)).Then(Serve()).Then(new PublishDecision(new LocalDate(2025, 2, 24), "credit-china"))
            .Then(new ApproveInstalments("head", [new Instalment(new LocalDate(2025, 4, 1), 20_000m)], new LocalDate(2025, 3, 5)))
            .Then(new ApproveDeferral("head", new LocalDate(2025, 4, 30), "Hardship", new LocalDate(2025, 3, 6)))
            .Then(new ServePaymentReminder(new LocalDate(2025, 5, 6), ["zhang"]))
            .Then(new ApplyCourtEnforcement(new LocalDate(2025, 9, 1), "Licheng Court", "head"))
            .Then(new RecordPayment(20_000m, new LocalDate(2025, 9, 2), "R-1"))
            .ThenEvent(new RemedyStarted(Fixtures.CaseId, RemedyKind.Reconsideration, "R-1", new LocalDate(2025, 3, 1), "system"))
            .ThenEvent(new RemedyEnded(Fixtures.CaseId, RemedyKind.Reconsideration, "R-1", new LocalDate(2025, 3, 2), "system"))
            .ThenEvent(new DecisionChanged(Fixtures.CaseId, "R-1", [new PenaltyTerm(PenaltyKind.Fine, 10_000m)], "Reduced", new LocalDate(2025, 3, 2), "system"))
            .ThenEvent(new DecisionConfirmedIllegal(Fixtures.CaseId, "R-2", false, "Minor procedural flaw", new LocalDate(2025, 3, 3), "system"))
            .ThenEvent(new DecisionRevoked(Fixtures.CaseId, "L-1", "Judgment", new LocalDate(2025, 9, 3), "system"))
            .Then(new WithdrawPublication(new LocalDate(2025, 9, 4), "Revoked"))
            .Then(Close(new LocalDate(2025, 9, 5))).Then(new ArchiveCase("zhang", new LocalDate(2025, 9, 5)));
        var waived = HearingRequestedCase().Then(Schedule()).Then(Hold(appeared: false))
            .Then(new WaiveRights(new LocalDate(2025, 1, 27))).Then(ReviewRequest(new LocalDate(2025, 2, 14))).Then(Review(ReviewOutcome.Failed, new LocalDate(2025, 2, 14)));
        var referred = FiledCase().Then(new ReferToJudiciary(new LocalDate(2025, 1, 22), "PSB", "head"))
            .Then(new RecordReferralOutcome(ReferralOutcome.Returned, new LocalDate(2025, 2, 3), ["zhang"], "No crime: fine only"));
        var missed = InvestigatedCase().Then(new PreserveEvidence("Milk", "head", TwoOfficers, new LocalDate(2025, 1, 24), Sha('f')))
            .As(Actor.System.Id).Then(new RecordMissedDeadlines());
        var spot = HeardLead(FiledOn).Then(new DecideOnTheSpot(new PenaltyTerm(PenaltyKind.Fine, 50m), "SD-1", "zhang", FiledOn, Benchmark))
            .Then(new CollectOnTheSpot(50m, CollectionGround.SmallFine, "F-1", "zhang", FiledOn))
            .Then(new HandOverCash(FiledOn, "zhang")).Then(new FileCopy(FiledOn, "zhang"));
        var fast = new Spec([]).With(Fixtures.Policy with { FastTrack = true }).Then(Lead(Procedure.FastTrack)).Then(File())
            .Then(new ConsentToFastTrack(Sha('f'), Fixtures.At(FiledOn), FiledOn, ["zhang"]));
        return new[] { general, waived, referred, spot, fast, missed }.SelectMany(s => s.History);
    }

    [Fact]
    public void every_event_type_is_reachable()
    {
        var produced = Samples().Select(e => e.GetType()).ToHashSet();
        Assert.Empty(PenaltyCase.EventTypes.Where(t => !produced.Contains(t)).Select(t => t.Name));
        Assert.Empty(produced.Where(t => !PenaltyCase.EventTypes.Contains(t)).Select(t => t.Name));
    }
}
