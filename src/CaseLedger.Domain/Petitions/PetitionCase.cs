using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using NodaTime;

namespace CaseLedger.Domain.Petitions;

// A petition (信访工作条例 2022) as its own stream. Matters that belong to reconsideration, litigation or arbitration
// are routed into those channels (诉访分离, Outline item 41); the rest get a handling opinion, a review and a re-review.

public enum PetitionChannel { Reconsideration, Litigation, Arbitration, Administrative }

public enum PetitionOutcome { Supported, PartlySupported, NotSupported }

public sealed record PetitionLodged(
    string PetitionId, Party Petitioner, string Subject, string? Facts, LocalDate LodgedOn, string? CaseId, string? SameFactsAs, LocalDate NoticeDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PetitionAccepted(
    string PetitionId, LocalDate AcceptedOn, LocalDate NoticeSentOn, LocalDate HandlingDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>Routed into its statutory channel (Art. 31); routing to reconsideration opens the linked reconsideration.</summary>
public sealed record PetitionRouted(
    string PetitionId, PetitionChannel To, string Reason, LocalDate RoutedOn, string? ReconsiderationId,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PetitionHandlingExtended(
    string PetitionId, int Days, string ApprovedBy, string Reason, LocalDate ExtendedOn, LocalDate HandlingDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PetitionReplied(
    string PetitionId, PetitionOutcome Outcome, LocalDate RepliedOn, string OpinionSha256, LocalDate ReviewRequestDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PetitionReviewRequested(
    string PetitionId, LocalDate RequestedOn, LocalDate ReplyDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PetitionReviewReplied(
    string PetitionId, PetitionOutcome Outcome, LocalDate RepliedOn, string OpinionSha256, LocalDate ReReviewRequestDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PetitionReReviewRequested(
    string PetitionId, LocalDate RequestedOn, LocalDate ReplyDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The re-review closes the matter: nothing on the same facts is accepted again (Art. 36).</summary>
public sealed record PetitionReReviewReplied(
    string PetitionId, PetitionOutcome Outcome, LocalDate RepliedOn, string OpinionSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PetitionState(PetitionLodged Lodging)
{
    public string Id => Lodging.PetitionId;
    public PetitionAccepted? Acceptance { get; init; }
    public PetitionRouted? Routing { get; init; }
    public PetitionHandlingExtended? Extension { get; init; }
    public PetitionReplied? Reply { get; init; }
    public PetitionReviewRequested? ReviewRequest { get; init; }
    public PetitionReviewReplied? Review { get; init; }
    public PetitionReReviewRequested? ReReviewRequest { get; init; }
    public PetitionReReviewReplied? ReReview { get; init; }

    internal PetitionState Apply(object @event) => @event switch
    {
        PetitionAccepted e => this with { Acceptance = e },
        PetitionRouted e => this with { Routing = e },
        PetitionHandlingExtended e => this with { Extension = e },
        PetitionReplied e => this with { Reply = e },
        PetitionReviewRequested e => this with { ReviewRequest = e },
        PetitionReviewReplied e => this with { Review = e },
        PetitionReReviewRequested e => this with { ReReviewRequest = e },
        PetitionReReviewReplied e => this with { ReReview = e },
        _ => this,
    };
}

public interface IPetitionCommand : IProceedingCommand;

/// <summary><c>POST /api/petitions</c>: registration (Art. 22). <see cref="SameFactsAs"/> names an earlier petition on the same facts.</summary>
public sealed record LodgePetition(
    Party? Petitioner, string? Subject, LocalDate LodgedOn, string? Facts = null, string? CaseId = null, string? SameFactsAs = null,
    IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>accept</c>: acceptance with the written notice to the petitioner within 15 days (Art. 23).</summary>
public sealed record AcceptPetition(LocalDate AcceptedOn, LocalDate? NoticeSentOn = null, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary>
/// <c>route</c>: into reconsideration, litigation, arbitration or another administrative procedure (Art. 31). To reconsideration
/// it names the case and when the petitioner knew of the act; the engine opens the reconsideration under <see cref="ReconsiderationId"/>.
/// </summary>
public sealed record RoutePetition(
    PetitionChannel To, LocalDate RoutedOn, string? Reason, string? CaseId = null, LocalDate? KnewOn = null, bool RemedyNoticeGiven = true,
    string? Body = null, string? ReconsiderationId = null, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);

    public ApplyForReconsideration Application(PetitionState petition, string petitionId) =>
        new(CaseId ?? petition.Lodging.CaseId, petition.Lodging.Petitioner, KnewOn ?? default, RoutedOn, RemedyNoticeGiven, Body,
            petition.Lodging.Subject, PetitionId: petitionId, Documents: petition.Lodging.Documents);
}

/// <summary><c>reply</c>: the handling opinion within 60 days of acceptance (+30 once, Art. 34).</summary>
public sealed record ReplyPetition(LocalDate RepliedOn, PetitionOutcome Outcome, string? OpinionSha256, IReadOnlyList<string>? Staff = null,
    IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>extend</c>: once, at most 30 days, with the head's approval and reasons (Art. 34).</summary>
public sealed record ExtendPetition(LocalDate On, int Days, string? ApprovedBy, string? Reason, IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ApprovedBy);
}

/// <summary><c>request-review</c>: within 30 days of the reply (Art. 35).</summary>
public sealed record RequestPetitionReview(LocalDate RequestedOn, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>reply-review</c>: the review's answer within 30 days (Art. 35).</summary>
public sealed record ReplyPetitionReview(LocalDate RepliedOn, PetitionOutcome Outcome, string? OpinionSha256, IReadOnlyList<string>? Staff = null,
    IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>request-re-review</c>: within 30 days of the review's answer (Art. 36).</summary>
public sealed record RequestPetitionReReview(LocalDate RequestedOn, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>reply-re-review</c>: the final answer within 30 days (Art. 36).</summary>
public sealed record ReplyPetitionReReview(LocalDate RepliedOn, PetitionOutcome Outcome, string? OpinionSha256, IReadOnlyList<string>? Staff = null,
    IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary>Petition work (信访工作条例 2022) as a pure decider. Its periods are natural days: the Regulations count working days only where they say so.</summary>
public static class PetitionCase
{
    public const int NoticeDays = 15;
    public const int HandlingDays = 60;
    public const int ExtensionMaxDays = 30;
    public const int ReviewRequestDays = 30;
    public const int ReviewReplyDays = 30;

    internal static readonly Staffing Staff = new(
        [Role.EnforcementOfficer, Role.AgencyHead, Role.Supervisor, Role.ReconsiderationStaff, Role.LegalReviewer], QualificationRequired: false, "petition");

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
    };

    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(PetitionLodged), typeof(PetitionAccepted), typeof(PetitionRouted), typeof(PetitionHandlingExtended), typeof(PetitionReplied),
        typeof(PetitionReviewRequested), typeof(PetitionReviewReplied), typeof(PetitionReReviewRequested), typeof(PetitionReReviewReplied),
    ];

    public static PetitionState? Evolve(PetitionState? state, object @event) => (state, @event) switch
    {
        (null, PetitionLodged e) => new PetitionState(e),
        (null, _) => null,
        _ => state.Apply(@event),
    };

    public static string StageOf(PetitionState s) =>
        s.ReReview is not null ? "closed-after-re-review"
        : s.Routing is not null ? $"routed-to-{Law.Kebab(s.Routing.To)}"
        : s.ReReviewRequest is not null ? "re-review"
        : s.Review is not null ? "reviewed"
        : s.ReviewRequest is not null ? "review"
        : s.Reply is not null ? "replied"
        : s.Acceptance is not null ? "accepted"
        : "lodged";

    public static LocalDate HandlingDue(PetitionState s) =>
        s.Acceptance is { } a ? a.AcceptedOn.PlusDays(HandlingDays + (s.Extension?.Days ?? 0)) : s.Lodging.LodgedOn.PlusDays(NoticeDays + HandlingDays);

    /// <param name="earlier">The petition named by <see cref="LodgePetition.SameFactsAs"/> (read for <c>lodge</c>).</param>
    /// <param name="contested">The case a routing to reconsideration names (read for <c>route</c>).</param>
    public static Decision Decide(IPetitionCommand command, PetitionState? state, CaseContext context, PetitionState? earlier = null,
        PenaltyCaseState? contested = null) => (command, state) switch
    {
        (LodgePetition c, _) => Lodge(c, state, context, earlier),
        (_, null) => Decision.Refuse(RefusalCodes.NotFound, $"Petition '{context.CaseId}' does not exist."),
        (_, { ReReview: { } final }) => Decision.Refuse(RefusalCodes.PetitionClosed,
            $"The re-review answered on {Dates.Show(final.RepliedOn)}; the matter is closed and not accepted again (信访工作条例 Art. 36)."),
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

    private static Acting Step(LocalDate on) => new(on, Staff);

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
                c.LodgedOn.PlusDays(NoticeDays), step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Decision Accept(AcceptPetition c, PetitionState s, CaseContext context)
    {
        if (s.Acceptance is not null) return Decision.Nothing;
        var notice = c.NoticeSentOn ?? c.AcceptedOn;
        var step = Step(c.AcceptedOn).By(c.Staff).After(s.Lodging.LodgedOn, "registration");
        return (Valid.Required(c.AcceptedOn, "acceptedOn") ?? (notice < c.AcceptedOn ? Valid.Fail("noticeSentOn may not be before acceptedOn.") : null)
                ?? (notice > context.Today ? new Refusal(RefusalCodes.DateOutOfOrder, "noticeSentOn is later than today.") : null)
                ?? Valid.Documents(c.Documents) ?? step.Check(context) ?? Routed(s))
            .Then(() => Decision.Accept(new PetitionAccepted(s.Id, c.AcceptedOn, notice, c.AcceptedOn.PlusDays(HandlingDays),
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
            .Then(() => Decision.Accept(new PetitionRouted(s.Id, c.To, c.Reason!, c.RoutedOn, c.To == PetitionChannel.Reconsideration ? c.ReconsiderationId : null,
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    /// <summary>The routed application must stand on its own (in time, a decided case): its refusal is the routing's refusal.</summary>
    private static Refusal? WouldApply(RoutePetition c, PetitionState s, CaseContext context, PenaltyCaseState? contested) =>
        ReconsiderationCase.Decide(c.Application(s, s.Id), null, context with { CaseId = c.ReconsiderationId!, Actor = Actor.System }, contested).Refusal;

    private static Decision Reply(ReplyPetition c, PetitionState s, CaseContext context)
    {
        if (s.Reply is not null) return Decision.Nothing;
        var step = Step(c.RepliedOn).By(c.Staff).After(s.Acceptance?.AcceptedOn, "acceptance");
        return (Valid.Required(c.RepliedOn, "repliedOn") ?? Valid.Required(c.OpinionSha256, "opinionSha256") ?? Valid.Sha256(c.OpinionSha256, "opinionSha256")
                ?? Valid.Documents(c.Documents) ?? step.Check(context) ?? Routed(s)
                ?? (s.Acceptance is null ? Valid.WrongStage("Accept the petition first (Art. 23).") : null))
            .Then(() => Decision.Accept(new PetitionReplied(s.Id, c.Outcome, c.RepliedOn, Valid.Lower(c.OpinionSha256)!, c.RepliedOn.PlusDays(ReviewRequestDays),
                step.Signatures(context), Valid.Hashes(c.Documents, c.OpinionSha256), context.Actor.Id)));
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
                s.Acceptance!.AcceptedOn.PlusDays(HandlingDays + c.Days), step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Refusal? Late(LocalDate requestedOn, LocalDate due, string what, string article) =>
        requestedOn > due
            ? new Refusal(RefusalCodes.ReviewRequestLate, $"A {what} was to be requested by {Dates.Show(due)}: 30 days (信访工作条例 {article}).")
            : null;

    private static Decision RequestReview(RequestPetitionReview c, PetitionState s, CaseContext context)
    {
        if (s.ReviewRequest is not null) return Decision.Nothing;
        var step = Step(c.RequestedOn).By(c.Staff).After(s.Reply?.RepliedOn, "reply");
        return (Valid.Required(c.RequestedOn, "requestedOn") ?? Valid.Documents(c.Documents) ?? step.Check(context) ?? Routed(s)
                ?? (s.Reply is null ? Valid.WrongStage("The petition has not been answered yet.") : null)
                ?? Late(c.RequestedOn, s.Reply!.ReviewRequestDueOn, "review", "Art. 35"))
            .Then(() => Decision.Accept(new PetitionReviewRequested(s.Id, c.RequestedOn, c.RequestedOn.PlusDays(ReviewReplyDays),
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Decision ReplyReview(ReplyPetitionReview c, PetitionState s, CaseContext context)
    {
        if (s.Review is not null) return Decision.Nothing;
        var step = Step(c.RepliedOn).By(c.Staff).After(s.ReviewRequest?.RequestedOn, "review request");
        return (Valid.Required(c.RepliedOn, "repliedOn") ?? Valid.Required(c.OpinionSha256, "opinionSha256") ?? Valid.Sha256(c.OpinionSha256, "opinionSha256")
                ?? Valid.Documents(c.Documents) ?? step.Check(context)
                ?? (s.ReviewRequest is null ? Valid.WrongStage("No review was requested.") : null))
            .Then(() => Decision.Accept(new PetitionReviewReplied(s.Id, c.Outcome, c.RepliedOn, Valid.Lower(c.OpinionSha256)!, c.RepliedOn.PlusDays(ReviewRequestDays),
                step.Signatures(context), Valid.Hashes(c.Documents, c.OpinionSha256), context.Actor.Id)));
    }

    private static Decision RequestReReview(RequestPetitionReReview c, PetitionState s, CaseContext context)
    {
        if (s.ReReviewRequest is not null) return Decision.Nothing;
        var step = Step(c.RequestedOn).By(c.Staff).After(s.Review?.RepliedOn, "review");
        return (Valid.Required(c.RequestedOn, "requestedOn") ?? Valid.Documents(c.Documents) ?? step.Check(context)
                ?? (s.Review is null ? Valid.WrongStage("The review has not been answered yet.") : null)
                ?? Late(c.RequestedOn, s.Review!.ReReviewRequestDueOn, "re-review", "Art. 36"))
            .Then(() => Decision.Accept(new PetitionReReviewRequested(s.Id, c.RequestedOn, c.RequestedOn.PlusDays(ReviewReplyDays),
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

    /// <summary>Every deadline of the petition (domain.md §8.5); natural days without the rest-day extension.</summary>
    public static IReadOnlyList<Deadline> Deadlines(PetitionState s, IWorkingDayCalendar calendar, LocalDate today)
    {
        var list = new DeadlineList(calendar, today).PartyRights("review-request", "re-review-request");
        list.NaturalDays("notice", "Registration, routing and written notice within 15 days", "信访工作条例 Arts. 22–23", s.Lodging.LodgedOn, NoticeDays,
            s.Acceptance?.NoticeSentOn ?? s.Routing?.RoutedOn, restDayExtension: false);
        if (s.Acceptance is { } accepted)
            list.NaturalDays("handling", "Handling opinion within 60 days of acceptance", "信访工作条例 Art. 34", accepted.AcceptedOn, HandlingDays,
                s.Reply?.RepliedOn ?? s.Routing?.RoutedOn,
                extensions: s.Extension is { } e ? [new DeadlineExtension(e.Days, e.ApprovedBy, e.ExtendedOn, e.Reason)] : [], restDayExtension: false);
        if (s.Reply is { } reply && s.Review is null)
            list.NaturalDays("review-request", "Review requested within 30 days of the reply", "信访工作条例 Art. 35", reply.RepliedOn, ReviewRequestDays,
                s.ReviewRequest?.RequestedOn, restDayExtension: false);
        if (s.ReviewRequest is { } review)
            list.NaturalDays("review", "Review answered within 30 days", "信访工作条例 Art. 35", review.RequestedOn, ReviewReplyDays, s.Review?.RepliedOn, restDayExtension: false);
        if (s.Review is { } reviewed && s.ReReview is null)
            list.NaturalDays("re-review-request", "Re-review requested within 30 days of the review", "信访工作条例 Art. 36", reviewed.RepliedOn, ReviewRequestDays,
                s.ReReviewRequest?.RequestedOn, restDayExtension: false);
        if (s.ReReviewRequest is { } reReview)
            list.NaturalDays("re-review", "Re-review answered within 30 days", "信访工作条例 Art. 36", reReview.RequestedOn, ReviewReplyDays, s.ReReview?.RepliedOn, restDayExtension: false);
        return list.All;
    }
}
