using CaseLedger.Domain.Penalty;

namespace CaseLedger.Domain.Tests.Penalty;

/// <summary>
/// Commands with the usual fields, and the case states specs start from, built by running those commands.
/// The timeline (2025): act ended 11-20-2024, discovered Jan 2, filed Jan 3, evidence Jan 6, concluded Jan 20,
/// notice served Fri Jan 24 (defence and hearing request until Feb 7 over the Spring Festival), hearing
/// requested Feb 5, noticed Feb 6, held Feb 14, review Feb 17–18, discussion Feb 19, decision Feb 20, service Feb 21.
/// </summary>
internal static class Scenarios
{
    public static readonly LocalDate ActEnded = new(2024, 11, 20);
    public static readonly LocalDate Discovered = new(2025, 1, 2);
    public static readonly LocalDate FiledOn = new(2025, 1, 3);
    public static readonly LocalDate CollectedOn = new(2025, 1, 6);
    public static readonly LocalDate ConcludedOn = new(2025, 1, 20);
    public static readonly LocalDate NoticeOn = new(2025, 1, 24);
    public static readonly LocalDate RequestedOn = new(2025, 2, 5);
    public static readonly LocalDate HearingNoticeOn = new(2025, 2, 6);
    public static readonly LocalDate HearingOn = new(2025, 2, 14);
    public static readonly LocalDate ReviewRequestedOn = new(2025, 2, 17);
    public static readonly LocalDate ReviewedOn = new(2025, 2, 18);
    public static readonly LocalDate DiscussedOn = new(2025, 2, 19);
    public static readonly LocalDate DecidedOn = new(2025, 2, 20);
    public static readonly LocalDate ServedOn = new(2025, 2, 21);

    public static readonly IReadOnlyList<PenaltyTerm> SmallFine = [new(PenaltyKind.Fine, 5_000m)];
    public static readonly IReadOnlyList<PenaltyTerm> LargeFine = [new(PenaltyKind.Fine, 20_000m)];
    public static readonly Discretion Benchmark = new("AMR-2024-17", "ordinary", "first violation, corrected at once");
    public static readonly string[] TwoOfficers = ["zhang", "li"];

    public static string Sha(char c) => new(c, 64);

    public static RegisterLead Lead(
        Procedure procedure = Procedure.General, PartyKind party = PartyKind.Citizen, LocalDate? actEnded = null,
        ViolationCategory category = ViolationCategory.Ordinary, LocalDate? discovered = null, bool harm = false) =>
        new(Fixtures.AgencyId, procedure, new Party(party, "Wang Wu", "370102199001011234"),
            new Violation("Sold expired food", actEnded ?? ActEnded, false, category, harm), "inspection",
            discovered ?? Discovered, ["zhang"]);

    public static FileCase File(LocalDate? on = null, string[]? officers = null, string approvedBy = "head") =>
        new(on ?? FiledOn, approvedBy, officers ?? TwoOfficers, (officers ?? TwoOfficers)[0]);

    public static CollectEvidence Evidence(
        string[]? officers = null, LocalDate? on = null, string? media = null, CoerciveMeasure? measure = null) =>
        new(EvidenceKind.InspectionRecord, "On-site inspection record", officers ?? TwoOfficers, on ?? CollectedOn, media, measure);

    public static ConcludeInvestigation Conclude(
        IReadOnlyList<PenaltyTerm>? penalties = null, bool major = false, bool complex = false,
        InvestigationOutcome outcome = InvestigationOutcome.Penalty, LocalDate? on = null) =>
        new(outcome, outcome == InvestigationOutcome.Penalty ? penalties ?? SmallFine : [], Benchmark, major, complex,
            on ?? ConcludedOn, TwoOfficers);

    public static ServePenaltyNotice Notice(IReadOnlyList<PenaltyTerm>? penalties = null, LocalDate? on = null) =>
        new(penalties, on ?? NoticeOn, ServiceMethod.Direct, TwoOfficers);

    public static RequestHearing HearingRequest(LocalDate? on = null) => new(on ?? RequestedOn, ["zhang"]);

    public static ScheduleHearing Schedule(LocalDate? hearingOn = null, string presider = "presider", LocalDate? noticeOn = null) =>
        new(hearingOn ?? HearingOn, presider, noticeOn ?? HearingNoticeOn, "Hearing room 2");

    public static HoldHearing Hold(LocalDate? on = null, bool appeared = true, string presider = "presider") =>
        new(on ?? HearingOn, presider, appeared, appeared ? Sha('a') : null);

    public static RequestLegalReview ReviewRequest(LocalDate? on = null) => new(on ?? ReviewRequestedOn, ["zhang"]);

    public static CompleteLegalReview Review(
        ReviewOutcome outcome = ReviewOutcome.Passed, LocalDate? on = null, string reviewer = "reviewer") =>
        new(reviewer, outcome, outcome == ReviewOutcome.Passed ? "Lawful and proportionate" : "Facts unclear", on ?? ReviewedOn, Sha('b'));

    public static HoldCollectiveDiscussion Discussion(LocalDate? on = null, string[]? participants = null, string? minutes = "c") =>
        new(participants ?? ["head", "deputy"], "Impose the proposed penalty", minutes is null ? null : Sha(minutes[0]), on ?? DiscussedOn);

    public static MakeDecision Decide(
        IReadOnlyList<PenaltyTerm>? penalties = null, LocalDate? on = null, Discretion? discretion = null,
        InvestigationOutcome outcome = InvestigationOutcome.Penalty, string decidedBy = "head", bool withoutDiscretion = false) =>
        new(outcome, outcome == InvestigationOutcome.Penalty ? penalties ?? SmallFine : [],
            withoutDiscretion ? null : discretion ?? Benchmark, decidedBy, on ?? DecidedOn, Sha('d'));

    public static ServeDecision Serve(LocalDate? on = null, ServiceMethod method = ServiceMethod.Direct, bool consent = false) =>
        new(on ?? ServedOn, method, consent, ["zhang"]);

    /// <summary>The party's statement and defence heard on the spot, before an on-the-spot decision (Arts. 44, 52).</summary>
    public static RecordStatement HeardOnTheSpot(LocalDate on, string officer = "zhang") =>
        new(on, [new StatementPoint("The sign was only just put up", "Photographs show it there for a week", false)], [officer]);

    public static CloseCase Close(LocalDate? on = null) => new("head", on ?? new LocalDate(2025, 6, 2));

    // States, named by where the case stands.

    public static Spec NewLead(Procedure procedure = Procedure.General, PartyKind party = PartyKind.Citizen) =>
        new Spec([]).Then(Lead(procedure, party));

    /// <summary>A simplified-procedure lead whose party was heard on the spot on <paramref name="on"/>.</summary>
    public static Spec HeardLead(LocalDate on, PartyKind party = PartyKind.Citizen) =>
        NewLead(Procedure.Simplified, party).Then(HeardOnTheSpot(on));

    public static Spec FiledCase() => NewLead().Then(File());

    public static Spec InvestigatedCase() => FiledCase().Then(Evidence());

    public static Spec ConcludedCase(IReadOnlyList<PenaltyTerm>? penalties = null, bool major = false, bool complex = false) =>
        InvestigatedCase().Then(Conclude(penalties, major, complex));

    public static Spec NotifiedCase(IReadOnlyList<PenaltyTerm>? penalties = null, bool major = false, bool complex = false) =>
        ConcludedCase(penalties, major, complex).Then(Notice());

    /// <summary>A 20,000-yuan fine on a citizen: the hearing right applies.</summary>
    public static Spec HearingRequestedCase() => NotifiedCase(LargeFine).Then(HearingRequest());

    public static Spec HearingHeldCase() => HearingRequestedCase().Then(Schedule()).Then(Hold());

    public static Spec ReviewedAfterHearingCase() => HearingHeldCase().Then(ReviewRequest()).Then(Review());

    public static Spec DecidedCase() => NotifiedCase().Then(Decide());

    public static Spec ServedCase() => DecidedCase().Then(Serve());

    public static Spec PaidCase() => ServedCase().Then(new RecordPayment(5_000m, new LocalDate(2025, 3, 3), "R-001"));
}
