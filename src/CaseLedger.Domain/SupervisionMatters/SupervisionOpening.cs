namespace CaseLedger.Domain.SupervisionMatters;

/// <summary>Opening (Arts. 4, 6, 20–22), investigation steps (Arts. 23, 25) and talks (约谈, Art. 26).</summary>
internal static class SupervisionOpening
{
    public static Decision Decide(OpenSupervisionMatter c, SupervisionMatterState? state, CaseContext context, SupervisionParties parties)
    {
        if (state is not null)
            return state.Opening.Source == c.Source && state.Opening.OpenedOn == c.OpenedOn && state.Opening.Subject == c.Subject
                ? Decision.Nothing
                : Decision.Refuse(RefusalCodes.AlreadyExists, $"Supervision matter '{context.CaseId}' already exists.");
        var step = SupervisionMatter.BySupervisors(c.OpenedOn, c.Supervisors);
        var agencyId = parties.Case?.AgencyId ?? c.AgencyId;
        return (Valid.Required(c.Subject, "subject") ?? Valid.Required(c.OpenedOn, "openedOn")
                ?? (c.Source is SupervisionSource.Complaint or SupervisionSource.Report && string.IsNullOrWhiteSpace(c.Complainant)
                    ? Valid.Fail("complainant is required: who complained or reported (Art. 20).")
                    : null)
                ?? (c.Source == SupervisionSource.PlanItem && string.IsNullOrWhiteSpace(c.PlanItem)
                    ? Valid.Fail("planItem is required: the item of the annual supervision plan (Art. 21).")
                    : null)
                ?? (string.IsNullOrWhiteSpace(c.Body) ? Valid.Fail("body is required: the supervising organ, whose supervision staff act on the matter (Art. 4).") : null)
                ?? (string.IsNullOrWhiteSpace(c.CaseId) && string.IsNullOrWhiteSpace(c.AgencyId)
                    ? Valid.Fail("caseId or agencyId is required: the case or the agency supervised.")
                    : null)
                ?? (c.Source == SupervisionSource.CaseFileReview && (string.IsNullOrWhiteSpace(c.ReviewCampaignId) || string.IsNullOrWhiteSpace(c.CaseId))
                    ? Valid.Fail("reviewCampaignId and caseId are required: the campaign whose review found the file's defects (Art. 14).")
                    : null)
                ?? Valid.Documents(c.Documents)
                ?? (c.CaseId is { Length: > 0 } && parties.Case is null ? new Refusal(RefusalCodes.NotFound, $"Case '{c.CaseId}' does not exist.") : null)
                ?? (parties.Case is { } concerned && c.AgencyId is { Length: > 0 } named && named != concerned.AgencyId
                    ? Valid.Fail($"agencyId '{named}' is not the agency of case '{concerned.CaseId}' ('{concerned.AgencyId}').")
                    : null)
                ?? (parties.Organ is null ? new Refusal(RefusalCodes.NotFound, $"Agency '{c.Body}' is not registered: the supervising organ is an agency of the register.") : null)
                ?? (parties.Supervised is null ? new Refusal(RefusalCodes.NotFound, $"Agency '{agencyId}' is not registered.") : null)
                ?? step.Check(context)
                ?? SupervisionLaw.MaySupervise(parties.Organ!, parties.Supervised!)
                ?? (c.Source == SupervisionSource.CaseFileReview ? Reviewed(c, parties.Reviewed) : null))
            .Then(() => Decision.Accept(new SupervisionMatterOpened(
                context.CaseId, c.Source, c.Subject!, c.Body!, parties.Supervised!.Id, parties.Case?.CaseId, c.Complainant, c.PlanItem, c.OpenedOn,
                SupervisionMatter.Signed(step, context), Valid.Hashes(c.Documents), context.Actor.Id,
                c.Source == SupervisionSource.CaseFileReview ? c.ReviewCampaignId : null)));
    }

    /// <summary>A matter opened on a case-file review rests on the defects the campaign's score of that case found (Art. 14).</summary>
    private static Refusal? Reviewed(OpenSupervisionMatter c, CaseFileReviews.CaseFileScored? scored) =>
        scored is null
            ? new Refusal(RefusalCodes.NotFound, $"Review campaign '{c.ReviewCampaignId}' has not scored case '{c.CaseId}'.")
            : scored.Defects.Count == 0
                ? new Refusal(RefusalCodes.FileWithoutDefects, $"The review of case '{c.CaseId}' found no defect (score {scored.Score} of 100): nothing to open a matter on.")
                : null;

    public static Decision Decide(InvestigateSupervisionMatter c, SupervisionMatterState s, CaseContext context)
    {
        var media = c.MediaSha256 ?? [];
        if (s.Steps.Any(x => x.What == $"investigation:{c.Method}:{Valid.Lower(c.RecordSha256)}" && x.On == c.On)) return Decision.Nothing;
        var step = SupervisionMatter.BySupervisors(c.On, c.Supervisors).After(s.Opening.OpenedOn, "opening of the matter");
        return (Valid.Required(c.Description, "description") ?? Valid.Required(c.On, "on")
                ?? (string.IsNullOrWhiteSpace(c.RecordSha256) ? Valid.Fail("recordSha256 is required: each investigation step is recorded (Arts. 23, 25).") : null)
                ?? Valid.Sha256(c.RecordSha256, "recordSha256")
                ?? media.Select(m => Valid.Sha256(m, "mediaSha256")).FirstOrDefault(r => r is not null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn)
                ?? (c.Method == InvestigationMethod.Recording && media.Count == 0
                    ? new Refusal(RefusalCodes.MediaRecordRequired, "A recording step keeps the audio or video it made: name its mediaSha256 (Art. 25).")
                    : null))
            .Then(() => Decision.Accept(new SupervisionInvestigated(s.Id, c.Method, c.Description!, c.On, Valid.Lower(c.RecordSha256)!,
                [.. media.Select(m => Valid.Lower(m)!)], SupervisionMatter.Signed(step, context), Valid.Hashes(c.Documents, c.RecordSha256), context.Actor.Id)));
    }

    public static Decision Decide(HoldSupervisionTalk c, SupervisionMatterState s, CaseContext context)
    {
        var leaders = c.Leaders ?? [];
        if (s.Steps.Any(x => x.What == $"talk:{Valid.Lower(c.RecordSha256)}" && x.On == c.On)) return Decision.Nothing;
        var step = SupervisionMatter.BySupervisors(c.On, c.Supervisors).After(s.Opening.OpenedOn, "opening of the matter");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.Reason, "reason")
                ?? (leaders.Count == 0 || leaders.Any(string.IsNullOrWhiteSpace) ? Valid.Fail("leaders: the agency's leaders summoned to the talk (Art. 26).") : null)
                ?? (string.IsNullOrWhiteSpace(c.RecordSha256) ? Valid.Fail("recordSha256 is required: the talk is recorded (Art. 26).") : null)
                ?? Valid.Sha256(c.RecordSha256, "recordSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn))
            .Then(() => Decision.Accept(new SupervisionTalkHeld(s.Id, [.. leaders], c.Reason!, c.On, Valid.Lower(c.RecordSha256)!,
                SupervisionMatter.Signed(step, context), Valid.Hashes(c.Documents, c.RecordSha256), context.Actor.Id)));
    }
}
