using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Procedures;
using CaseLedger.Domain.Reconsideration;
using NodaTime;

namespace CaseLedger.Domain.Petitions;

/// <summary>
/// Petition work (信访工作条例 2022) as a pure decider. Its periods are natural days (working days only where the Regulations
/// say so: the 5-day objection to a transfer, Art. 23); with no counting rule of their own, a period ending on a rest day
/// moves to the next working day (民法典 Arts. 203–204). Review and re-review run from receipt of the written answer (Arts. 35–36).
/// </summary>
public static class PetitionCase
{
    // The periods come from the one table the flow charts are drawn from (ProcedureRules.Statutory).
    private static int Rule(string limit, LimitUnit unit) => ProcedureRules.Statutory.Length(ProcedureRules.Petition, limit, unit);

    public static readonly int NoticeDays = Rule("notice", LimitUnit.Days);
    public static readonly int HandlingDays = Rule("handling", LimitUnit.Days);
    public static readonly int ExtensionMaxDays = Rule("extension", LimitUnit.Days);
    public static readonly int ReviewRequestDays = Rule("review-request", LimitUnit.Days);
    public static readonly int ReReviewRequestDays = Rule("re-review-request", LimitUnit.Days);
    public static readonly int ReReviewReplyDays = Rule("re-review", LimitUnit.Days);
    public static readonly int ReviewReplyDays = Rule("review", LimitUnit.Days);
    public static readonly int TransferObjectionWorkingDays = Rule("transfer-objection", LimitUnit.WorkingDays);

    internal static readonly Staffing Staff = new(
        [Role.EnforcementOfficer, Role.AgencyHead, Role.Supervisor, Role.ReconsiderationStaff, Role.LegalReviewer], QualificationRequired: false, "petition");

    /// <summary>Who records its steps (docs/access.md).</summary>
    public static IReadOnlySet<Role> Writers => Staff.Writers;

    public static IReadOnlyDictionary<string, Type> Commands { get; } = new Dictionary<string, Type>
    {
        ["lodge"] = typeof(LodgePetition),
        ["accept"] = typeof(AcceptPetition),
        ["route"] = typeof(RoutePetition),
        ["reply"] = typeof(ReplyPetition),
        ["extend"] = typeof(ExtendPetition),
        ["request-review"] = typeof(RequestPetitionReview),
        ["reply-review"] = typeof(ReplyPetitionReview),
        ["request-re-review"] = typeof(RequestPetitionReReview),
        ["reply-re-review"] = typeof(ReplyPetitionReReview),
        ["object-to-transfer"] = typeof(ObjectToTransfer),
        ["record-receipt"] = typeof(RecordAnswerReceipt),
    };

    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(PetitionLodged), typeof(PetitionAccepted), typeof(PetitionRouted), typeof(PetitionHandlingExtended), typeof(PetitionReplied),
        typeof(PetitionReviewRequested), typeof(PetitionReviewReplied), typeof(PetitionReReviewRequested), typeof(PetitionReReviewReplied),
        typeof(PetitionTransferObjected), typeof(PetitionAnswerReceived),
    ];

    public static PetitionState? Evolve(PetitionState? state, object @event) => (state, @event) switch
    {
        (null, PetitionLodged e) => new PetitionState(e),
        (null, _) => null,
        _ => state.Apply(@event),
    };

    public static string StageOf(PetitionState s) =>
        s.ReReview is not null ? "closed-after-re-review"
        : s.Objection is not null ? "transfer-objected"
        : s.Routing is not null ? $"routed-to-{Law.Kebab(s.Routing.To)}"
        : s.ReReviewRequest is not null ? "re-review"
        : s.Review is not null ? "reviewed"
        : s.ReviewRequest is not null ? "review"
        : s.Reply is not null ? "replied"
        : s.Acceptance is not null ? "accepted"
        : "lodged";

    /// <summary>A natural-day period of the Regulations, moved off a rest day (民法典 Arts. 203–204).</summary>
    private static LocalDate End(IWorkingDayCalendar calendar, LocalDate trigger, int days) => NaturalPeriods.End(calendar, trigger, days);

    /// <summary>Art. 35: 30 days from receiving the written reply (from the reply itself while no receipt is recorded).</summary>
    public static LocalDate ReviewRequestDue(PetitionState s, IWorkingDayCalendar calendar) =>
        End(calendar, s.ReplyReceivedOn ?? s.Reply!.RepliedOn, ReviewRequestDays);

    /// <summary>Art. 36: 30 days from receiving the review's written answer (from the answer itself while no receipt is recorded).</summary>
    public static LocalDate ReReviewRequestDue(PetitionState s, IWorkingDayCalendar calendar) =>
        End(calendar, s.ReviewReceivedOn ?? s.Review!.RepliedOn, ReReviewRequestDays);

    /// <param name="earlier">The petition named by <see cref="LodgePetition.SameFactsAs"/> (read for <c>lodge</c>).</param>
    /// <param name="contested">The case a routing to reconsideration names (read for <c>route</c>).</param>
    public static Decision Decide(IPetitionCommand command, PetitionState? state, CaseContext context, PetitionState? earlier = null,
        PenaltyCaseState? contested = null) => (command, state) switch
    {
        (LodgePetition c, _) => Lodge(c, state, context, earlier),
        (_, null) => Decision.Refuse(RefusalCodes.NotFound, $"Petition '{context.CaseId}' does not exist."),
        (_, { ReReview: { } final }) => Decision.Refuse(RefusalCodes.PetitionClosed,
            $"The re-review answered on {Dates.Show(final.RepliedOn)}; the matter is closed and not accepted again (信访工作条例 Art. 36)."),
        (ObjectToTransfer c, var s) => Object(c, s, context),
        (_, { Objection: { } objected } s) => Decision.Refuse(RefusalCodes.CaseClosed,
            $"The transfer was disputed on {Dates.Show(objected.ObjectedOn)}; the materials go back to {s.Lodging.TransferredFrom} (信访工作条例 Art. 23)."),
        (RecordAnswerReceipt c, var s) => Receipt(c, s, context),
        (AcceptPetition c, var s) => Accept(c, s, context),
        (RoutePetition c, var s) => Route(c, s, context, contested),
        (ReplyPetition c, var s) => Reply(c, s, context),
        (ExtendPetition c, var s) => Extend(c, s, context),
        (RequestPetitionReview c, var s) => RequestReview(c, s, context),
        (ReplyPetitionReview c, var s) => ReplyReview(c, s, context),
        (RequestPetitionReReview c, var s) => RequestReReview(c, s, context),
        (ReplyPetitionReReview c, var s) => ReplyReReview(c, s, context),
        _ => Decision.Refuse(RefusalCodes.ValidationFailed, $"'{command.GetType().Name}' is not a petition command."),
    };

    private static Step Step(LocalDate on) => new(on) { Staffing = Staff };

    private static Refusal? Routed(PetitionState s) =>
        s.Routing is { } r ? new Refusal(RefusalCodes.CaseClosed, $"The petition was routed to {Law.Kebab(r.To)} on {Dates.Show(r.RoutedOn)}.") : null;

    private static Decision Lodge(LodgePetition c, PetitionState? state, CaseContext context, PetitionState? earlier)
    {
        if (state is not null)
            return state.Lodging.LodgedOn == c.LodgedOn && state.Lodging.Subject == c.Subject
                ? Decision.Nothing
                : Decision.Refuse(RefusalCodes.AlreadyExists, $"Petition '{context.CaseId}' already exists.");
        var step = Step(c.LodgedOn).By(c.Staff);
        return (Valid.Required(c.Petitioner, "petitioner") ?? Valid.Required(c.Petitioner?.Name, "petitioner.name") ?? Valid.Required(c.Subject, "subject")
                ?? Valid.Required(c.LodgedOn, "lodgedOn") ?? Valid.Documents(c.Documents)
                ?? (c.SameFactsAs is not null && earlier is null ? new Refusal(RefusalCodes.NotFound, $"Petition '{c.SameFactsAs}' does not exist.") : null)
                ?? step.Check(context)
                ?? (earlier?.ReReview is { } final
                    ? new Refusal(RefusalCodes.PetitionClosed,
                        $"Petition '{earlier.Id}' on the same facts was closed by re-review on {Dates.Show(final.RepliedOn)} (信访工作条例 Art. 36).")
                    : null))
            .Then(() => Decision.Accept(new PetitionLodged(context.CaseId, c.Petitioner!, c.Subject!, c.Facts, c.LodgedOn, c.CaseId, c.SameFactsAs,
                End(context.Calendar, c.LodgedOn, NoticeDays), step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id, c.TransferredFrom)));
    }

    private static Decision Accept(AcceptPetition c, PetitionState s, CaseContext context)
    {
        if (s.Acceptance is not null) return Decision.Nothing;
        var notice = c.NoticeSentOn ?? c.AcceptedOn;
        var step = Step(c.AcceptedOn).By(c.Staff).After(s.Lodging.LodgedOn, "registration");
        return (Valid.Required(c.AcceptedOn, "acceptedOn") ?? (notice < c.AcceptedOn ? Valid.Fail("noticeSentOn may not be before acceptedOn.") : null)
                ?? (notice > context.Today ? new Refusal(RefusalCodes.DateOutOfOrder, "noticeSentOn is later than today.") : null)
                ?? Valid.Documents(c.Documents) ?? step.Check(context) ?? Routed(s))
            .Then(() => Decision.Accept(new PetitionAccepted(s.Id, c.AcceptedOn, notice, End(context.Calendar, c.AcceptedOn, HandlingDays),
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Decision Route(RoutePetition c, PetitionState s, CaseContext context, PenaltyCaseState? contested)
    {
        if (s.Routing is { } routed && routed.To == c.To) return Decision.Nothing;
        var step = Step(c.RoutedOn).By(c.Staff).After(s.Lodging.LodgedOn, "registration");
        return (Valid.Required(c.RoutedOn, "routedOn") ?? Valid.Required(c.Reason, "reason") ?? Valid.Documents(c.Documents)
                ?? (c.To == PetitionChannel.Reconsideration
                    ? Valid.Required(c.CaseId ?? s.Lodging.CaseId, "caseId") ?? Valid.Required(c.KnewOn ?? default, "knewOn")
                      ?? Valid.Required(c.ReconsiderationId, "reconsiderationId")
                    : null)
                ?? step.Check(context) ?? Routed(s)
                ?? (s.Reply is not null ? Valid.WrongStage($"The petition was answered on {Dates.Show(s.Reply.RepliedOn)}.") : null)
                ?? (c.To == PetitionChannel.Reconsideration ? WouldApply(c, s, context, contested) : null))
            .Then(() => Decision.Accept(Routed(c, s, step.Signatures(context), context)));
    }

    private static PetitionRouted Routed(RoutePetition c, PetitionState s, IReadOnlyList<OfficerSignature> signatures, CaseContext context) =>
        c.To == PetitionChannel.Reconsideration
            ? new PetitionRouted(s.Id, c.To, c.Reason!, c.RoutedOn, c.ReconsiderationId, signatures, Valid.Hashes(c.Documents), context.Actor.Id,
                c.CaseId ?? s.Lodging.CaseId, c.KnewOn, c.RemedyNoticeGiven, c.Body)
            : new PetitionRouted(s.Id, c.To, c.Reason!, c.RoutedOn, null, signatures, Valid.Hashes(c.Documents), context.Actor.Id);

    /// <summary>
    /// The reconsideration a routing opens (Art. 31; 诉访分离), built from the recorded routing and the petition's lodging alone, so
    /// that the engine carries it from the stored events.
    /// </summary>
    public static ApplyForReconsideration RoutedApplication(PetitionState petition, PetitionRouted routed) =>
        new(routed.CaseId ?? petition.Lodging.CaseId, petition.Lodging.Petitioner, routed.KnewOn ?? default, routed.RoutedOn,
            routed.RemedyNoticeGiven ?? true, routed.Body, petition.Lodging.Subject, PetitionId: routed.PetitionId, Documents: petition.Lodging.Documents);

    /// <summary>The routed application must stand on its own (in time, a decided case): its refusal is the routing's refusal.</summary>
    private static Refusal? WouldApply(RoutePetition c, PetitionState s, CaseContext context, PenaltyCaseState? contested) =>
        ReconsiderationCase.Decide(RoutedApplication(s, Routed(c, s, [], context)), null,
            context with { CaseId = c.ReconsiderationId!, Actor = Actor.System }, contested).Refusal;

    private static Decision Reply(ReplyPetition c, PetitionState s, CaseContext context)
    {
        if (s.Reply is not null) return Decision.Nothing;
        var step = Step(c.RepliedOn).By(c.Staff).After(s.Acceptance?.AcceptedOn, "acceptance");
        return (Valid.Required(c.RepliedOn, "repliedOn") ?? Valid.Required(c.OpinionSha256, "opinionSha256") ?? Valid.Sha256(c.OpinionSha256, "opinionSha256")
                ?? Received(c.ReceivedOn, c.RepliedOn, context)
                ?? Valid.Documents(c.Documents) ?? step.Check(context) ?? Routed(s)
                ?? (s.Acceptance is null ? Valid.WrongStage("Accept the petition first (Art. 23).") : null))
            .Then(() => Decision.Accept(new PetitionReplied(s.Id, c.Outcome, c.RepliedOn, Valid.Lower(c.OpinionSha256)!,
                End(context.Calendar, c.ReceivedOn ?? c.RepliedOn, ReviewRequestDays),
                step.Signatures(context), Valid.Hashes(c.Documents, c.OpinionSha256), context.Actor.Id, c.ReceivedOn)));
    }

    private static Decision Extend(ExtendPetition c, PetitionState s, CaseContext context)
    {
        if (s.Extension is { } done && done.Days == c.Days && done.ExtendedOn == c.On) return Decision.Nothing;
        var step = Step(c.On).Head(c.ApprovedBy).After(s.Acceptance?.AcceptedOn, "acceptance");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.ApprovedBy, "approvedBy") ?? Valid.Required(c.Reason, "reason")
                ?? (c.Days <= 0 ? Valid.Fail("days must be positive.") : null) ?? Valid.Documents(c.Documents)
                ?? step.Check(context) ?? Routed(s)
                ?? (s.Acceptance is null ? Valid.WrongStage("Accept the petition first.") : null)
                ?? (s.Reply is not null ? Valid.WrongStage($"The petition was answered on {Dates.Show(s.Reply.RepliedOn)}.") : null)
                ?? (s.Extension is { } first
                    ? new Refusal(RefusalCodes.ExtensionExhausted, $"The one extension of Art. 34 was granted on {Dates.Show(first.ExtendedOn)}.")
                    : null)
                ?? (c.Days > ExtensionMaxDays ? new Refusal(RefusalCodes.ExtensionNotAllowed, "An extension is at most 30 days (Art. 34).") : null))
            .Then(() => Decision.Accept(new PetitionHandlingExtended(s.Id, c.Days, c.ApprovedBy!, c.Reason!, c.On,
                End(context.Calendar, s.Acceptance!.AcceptedOn, HandlingDays + c.Days), step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Refusal? Late(LocalDate requestedOn, LocalDate due, LocalDate? receivedOn, string what, string article) =>
        requestedOn > due
            ? new Refusal(RefusalCodes.ReviewRequestLate, $"A {what} was to be requested by {Dates.Show(due)}: 30 days from receiving the written answer"
                + (receivedOn is null ? " (no receipt recorded: counted from the answer; record-receipt first if it arrived later)" : $" on {Dates.Show(receivedOn.Value)}")
                + $" (信访工作条例 {article}).")
            : null;

    private static Refusal? Received(LocalDate? receivedOn, LocalDate answeredOn, CaseContext context) =>
        receivedOn < answeredOn ? Valid.Fail("receivedOn may not be before the answer.")
        : receivedOn > context.Today ? new Refusal(RefusalCodes.DateOutOfOrder, "receivedOn is later than today.")
        : null;

    private static Decision Object(ObjectToTransfer c, PetitionState s, CaseContext context)
    {
        if (s.Objection is not null) return Decision.Nothing;
        var step = Step(c.On).By(c.Staff).After(s.Lodging.LodgedOn, "receipt of the transfer");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.Reason, "reason") ?? Valid.Documents(c.Documents) ?? step.Check(context) ?? Routed(s)
                ?? (s.Lodging.TransferredFrom is null ? Valid.WrongStage("Only a petition transferred to the agency is disputed (Art. 23); name transferredFrom when lodging it.") : null)
                ?? (s.Acceptance is not null ? Valid.WrongStage($"The petition was accepted on {Dates.Show(s.Acceptance.AcceptedOn)}.") : null))
            .Then(() => Decision.Accept(new PetitionTransferObjected(s.Id, c.Reason!, c.On,
                context.Calendar.AddWorkingDays(s.Lodging.LodgedOn, TransferObjectionWorkingDays), step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    /// <summary>The petitioner's receipt of the latest written answer: the review (or re-review) window runs from it.</summary>
    private static Decision Receipt(RecordAnswerReceipt c, PetitionState s, CaseContext context)
    {
        var (answer, answeredOn) = s.Review is { } review ? (PetitionAnswer.Review, review.RepliedOn) : (PetitionAnswer.Reply, s.Reply?.RepliedOn);
        var recorded = answer == PetitionAnswer.Review ? s.ReviewReceivedOn : s.ReplyReceivedOn;
        if (recorded == c.ReceivedOn) return Decision.Nothing;
        var step = Step(c.ReceivedOn).By(c.Staff).After(answeredOn, "written answer");
        return (Valid.Required(c.ReceivedOn, "receivedOn") ?? Valid.Documents(c.Documents) ?? step.Check(context) ?? Routed(s)
                ?? (answeredOn is null ? Valid.WrongStage("The petition has not been answered in writing yet.") : null)
                ?? (recorded is { } earlier ? Valid.WrongStage($"The petitioner's receipt was recorded: {Dates.Show(earlier)}.") : null)
                ?? ((answer == PetitionAnswer.Reply ? s.ReviewRequest is not null : s.ReReviewRequest is not null)
                    ? Valid.WrongStage("The next review was already requested.")
                    : null))
            .Then(() => Decision.Accept(new PetitionAnswerReceived(s.Id, answer, c.ReceivedOn, End(context.Calendar, c.ReceivedOn, answer == PetitionAnswer.Reply ? ReviewRequestDays : ReReviewRequestDays),
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Decision RequestReview(RequestPetitionReview c, PetitionState s, CaseContext context)
    {
        if (s.ReviewRequest is not null) return Decision.Nothing;
        var step = Step(c.RequestedOn).By(c.Staff).After(s.Reply?.RepliedOn, "reply");
        return (Valid.Required(c.RequestedOn, "requestedOn") ?? Valid.Documents(c.Documents) ?? step.Check(context) ?? Routed(s)
                ?? (s.Reply is null ? Valid.WrongStage("The petition has not been answered yet.") : null)
                ?? Late(c.RequestedOn, ReviewRequestDue(s, context.Calendar), s.ReplyReceivedOn, "review", "Art. 35"))
            .Then(() => Decision.Accept(new PetitionReviewRequested(s.Id, c.RequestedOn, End(context.Calendar, c.RequestedOn, ReviewReplyDays),
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Decision ReplyReview(ReplyPetitionReview c, PetitionState s, CaseContext context)
    {
        if (s.Review is not null) return Decision.Nothing;
        var step = Step(c.RepliedOn).By(c.Staff).After(s.ReviewRequest?.RequestedOn, "review request");
        return (Valid.Required(c.RepliedOn, "repliedOn") ?? Valid.Required(c.OpinionSha256, "opinionSha256") ?? Valid.Sha256(c.OpinionSha256, "opinionSha256")
                ?? Received(c.ReceivedOn, c.RepliedOn, context)
                ?? Valid.Documents(c.Documents) ?? step.Check(context)
                ?? (s.ReviewRequest is null ? Valid.WrongStage("No review was requested.") : null))
            .Then(() => Decision.Accept(new PetitionReviewReplied(s.Id, c.Outcome, c.RepliedOn, Valid.Lower(c.OpinionSha256)!,
                End(context.Calendar, c.ReceivedOn ?? c.RepliedOn, ReReviewRequestDays),
                step.Signatures(context), Valid.Hashes(c.Documents, c.OpinionSha256), context.Actor.Id, c.ReceivedOn)));
    }

    private static Decision RequestReReview(RequestPetitionReReview c, PetitionState s, CaseContext context)
    {
        if (s.ReReviewRequest is not null) return Decision.Nothing;
        var step = Step(c.RequestedOn).By(c.Staff).After(s.Review?.RepliedOn, "review");
        return (Valid.Required(c.RequestedOn, "requestedOn") ?? Valid.Documents(c.Documents) ?? step.Check(context)
                ?? (s.Review is null ? Valid.WrongStage("The review has not been answered yet.") : null)
                ?? Late(c.RequestedOn, ReReviewRequestDue(s, context.Calendar), s.ReviewReceivedOn, "re-review", "Art. 36"))
            .Then(() => Decision.Accept(new PetitionReReviewRequested(s.Id, c.RequestedOn, End(context.Calendar, c.RequestedOn, ReReviewReplyDays),
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Decision ReplyReReview(ReplyPetitionReReview c, PetitionState s, CaseContext context)
    {
        var step = Step(c.RepliedOn).By(c.Staff).After(s.ReReviewRequest?.RequestedOn, "re-review request");
        return (Valid.Required(c.RepliedOn, "repliedOn") ?? Valid.Required(c.OpinionSha256, "opinionSha256") ?? Valid.Sha256(c.OpinionSha256, "opinionSha256")
                ?? Valid.Documents(c.Documents) ?? step.Check(context)
                ?? (s.ReReviewRequest is null ? Valid.WrongStage("No re-review was requested.") : null))
            .Then(() => Decision.Accept(new PetitionReReviewReplied(s.Id, c.Outcome, c.RepliedOn, Valid.Lower(c.OpinionSha256)!,
                step.Signatures(context), Valid.Hashes(c.Documents, c.OpinionSha256), context.Actor.Id)));
    }

    /// <summary>Every deadline of the petition (domain.md §8.5); natural days moved off a rest day (民法典 Arts. 203–204).</summary>
    public static IReadOnlyList<Deadline> Deadlines(PetitionState s, IWorkingDayCalendar calendar, LocalDate today)
    {
        var list = new DeadlineList(calendar, today).PartyRights("review-request", "re-review-request").AgencyOptions("transfer-objection");
        if (s.Lodging.TransferredFrom is not null)
            list.WorkingDays("transfer-objection", "Objection to a transferred petition outside the agency's remit within 5 working days", "信访工作条例 Art. 23",
                s.Lodging.LodgedOn, TransferObjectionWorkingDays, s.Objection?.ObjectedOn);
        list.NaturalDays("notice", "Registration, routing and written notice within 15 days", "信访工作条例 Arts. 22–23", s.Lodging.LodgedOn, NoticeDays,
            s.Acceptance?.NoticeSentOn ?? s.Routing?.RoutedOn ?? s.Objection?.ObjectedOn);
        if (s.Acceptance is { } accepted)
            list.NaturalDays("handling", "Handling opinion within 60 days of acceptance", "信访工作条例 Art. 34", accepted.AcceptedOn, HandlingDays,
                s.Reply?.RepliedOn ?? s.Routing?.RoutedOn,
                extensions: s.Extension is { } e ? [new DeadlineExtension(e.Days, e.ApprovedBy, e.ExtendedOn, e.Reason)] : []);
        if (s.Reply is { } reply && s.Review is null)
            list.NaturalDays("review-request", "Review requested within 30 days of receiving the written reply", "信访工作条例 Art. 35",
                s.ReplyReceivedOn ?? reply.RepliedOn, ReviewRequestDays, s.ReviewRequest?.RequestedOn);
        if (s.ReviewRequest is { } review)
            list.NaturalDays("review", "Review answered within 30 days", "信访工作条例 Art. 35", review.RequestedOn, ReviewReplyDays, s.Review?.RepliedOn);
        if (s.Review is { } reviewed && s.ReReview is null)
            list.NaturalDays("re-review-request", "Re-review requested within 30 days of receiving the review's answer", "信访工作条例 Art. 36",
                s.ReviewReceivedOn ?? reviewed.RepliedOn, ReReviewRequestDays, s.ReReviewRequest?.RequestedOn);
        if (s.ReReviewRequest is { } reReview)
            list.NaturalDays("re-review", "Re-review answered within 30 days", "信访工作条例 Art. 36", reReview.RequestedOn, ReReviewReplyDays, s.ReReview?.RepliedOn);
        return list.All;
    }
}
