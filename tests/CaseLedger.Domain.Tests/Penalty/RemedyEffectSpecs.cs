using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

/// <summary>Effects a reconsideration or litigation carries onto the case: only the system carries them, each once.</summary>
public class when_a_remedy_touches_the_decision
{
    private static readonly LocalDate RevokedOn = new(2025, 4, 10);

    private static Decision AsSystem(Spec spec, ICaseCommand command) =>
        PenaltyCase.Decide(command, spec.State, Fixtures.Context(today: spec.Today) with { Actor = Actor.System });

    private static Spec Published() => ServedCase().Then(new PublishDecision(new LocalDate(2025, 2, 24), "credit-china"));

    [Fact]
    public void a_revocation_opens_the_3_working_day_withdrawal_art_48()
    {
        var revoked = AsSystem(Published(), new CarryRemedyDecision(RemedyKind.Reconsideration, "R-1", RemedyEffect.Revoke, null, "Facts unclear", RevokedOn))
            .Single<DecisionRevoked>();
        var state = Published().ThenEvent(revoked).State!;
        Assert.Equal(0m, state.Fine);
        var withdrawal = PenaltyCase.Deadlines(state, Fixtures.Calendar, RevokedOn).Single(d => d.Key == "withdrawal");
        Assert.Equal(new LocalDate(2025, 4, 15), withdrawal.End);
        Assert.Equal(DeadlineStatus.Open, withdrawal.Status);
    }

    [Fact]
    public void the_same_remedy_decision_is_carried_once()
    {
        var carry = new CarryRemedyDecision(RemedyKind.Reconsideration, "R-1", RemedyEffect.Revoke, null, "Facts unclear", RevokedOn);
        var once = Published().ThenEvent(AsSystem(Published(), carry).Single<DecisionRevoked>());
        AsSystem(once, carry).AppendsNothing();
    }

    [Fact]
    public void a_change_replaces_the_penalties()
    {
        var changed = AsSystem(Published(), new CarryRemedyDecision(RemedyKind.Reconsideration, "R-1", RemedyEffect.Change,
            [new PenaltyTerm(PenaltyKind.Fine, 3_000m)], "Content improper", RevokedOn)).Single<DecisionChanged>();
        Assert.Equal(3_000m, Published().ThenEvent(changed).State!.Fine);
    }

    [Fact]
    public void a_void_decision_owes_nothing_art_67()
    {
        var voided = AsSystem(Published(), new CarryRemedyDecision(RemedyKind.Reconsideration, "R-1", RemedyEffect.ConfirmVoid, null, "No basis", RevokedOn))
            .Single<DecisionConfirmedIllegal>();
        Assert.Equal(0m, Published().ThenEvent(voided).State!.Fine);
    }

    [Fact]
    public void nobody_types_in_a_remedy_effect() =>
        Published().When(new CarryRemedyDecision(RemedyKind.Reconsideration, "R-1", RemedyEffect.Revoke, null, "x", RevokedOn)).Refused(RefusalCodes.Forbidden);

    [Fact]
    public void a_remedy_starts_and_ends_once_and_freezes_the_late_fee_art_73()
    {
        var start = new StartRemedy(RemedyKind.Reconsideration, "R-1", new LocalDate(2025, 3, 10));
        var started = ServedCase().ThenEvent(AsSystem(ServedCase(), start).Single<RemedyStarted>());
        AsSystem(started, start).AppendsNothing();
        var end = new EndRemedy(RemedyKind.Reconsideration, "R-1", new LocalDate(2025, 4, 10));
        var ended = started.ThenEvent(AsSystem(started, end).Single<RemedyEnded>());
        AsSystem(ended, end).AppendsNothing();
        // Due 03-08 (Sat) → 03-10; paid 04-20: 41 days late, 31 of them frozen (03-10 … 04-10).
        var paid = ended.When(new RecordPayment(5_000m, new LocalDate(2025, 4, 20), "R-9")).Single<PaymentRecorded>();
        Assert.Equal(10, paid.LateFeeDays);
    }

    [Fact]
    public void a_closed_case_still_takes_the_effect_art_48()
    {
        var closed = Published().Then(new RecordPayment(5_000m, new LocalDate(2025, 3, 3), "R-001")).Then(Close());
        AsSystem(closed, new CarryRemedyDecision(RemedyKind.Reconsideration, "R-1", RemedyEffect.Revoke, null, "Facts unclear", new LocalDate(2025, 6, 10)))
            .Single<DecisionRevoked>();
    }
}
