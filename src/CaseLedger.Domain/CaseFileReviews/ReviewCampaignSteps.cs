using NodaTime;
using CaseLedger.Domain.SupervisionMatters;

namespace CaseLedger.Domain.CaseFileReviews;

/// <summary>The steps of a case-file review campaign (山东省行政执法监督条例 Arts. 4, 14, 22).</summary>
internal static class ReviewCampaignSteps
{
    public static Decision Decide(OpenReviewCampaign c, ReviewCampaignState? state, CaseContext context, ReviewCampaignParties parties)
    {
        if (state is not null)
            return state.Opening.Title == c.Title && state.Opening.OpenedOn == c.OpenedOn
                ? Decision.Nothing
                : Decision.Refuse(RefusalCodes.AlreadyExists, $"Review campaign '{context.CaseId}' already exists.");
        var agencies = (c.Agencies ?? []).Distinct().ToList();
        var step = ReviewCampaign.By(c.OpenedOn, c.Supervisors);
        return (Valid.Required(c.Title, "title") ?? Valid.Required(c.OpenedOn, "openedOn")
                ?? Valid.Required(c.PeriodFrom, "periodFrom") ?? Valid.Required(c.PeriodTo, "periodTo")
                ?? (agencies.Count == 0 || agencies.Any(string.IsNullOrWhiteSpace) ? Valid.Fail("agencies: the agencies whose files are reviewed (Art. 14).") : null)
                ?? (c.PeriodTo < c.PeriodFrom ? Valid.Fail("periodTo must not be before periodFrom.") : null)
                ?? (c.PeriodTo > c.OpenedOn ? Valid.Fail("periodTo must not be after openedOn: the files reviewed are decided ones.") : null)
                ?? (c.SampleSize < 1 ? Valid.Fail("sampleSize must be at least 1.") : null)
                ?? (string.IsNullOrWhiteSpace(c.Body) ? Valid.Fail("body is required: the supervising organ, whose supervision staff review (Art. 4).") : null)
                ?? (c.Seed is null ? Valid.Fail("seed is required: the draw of the sample is recorded to be reproduced.") : null)
                ?? Valid.Documents(c.Documents)
                ?? (parties.Organ is null ? new Refusal(RefusalCodes.NotFound, $"Agency '{c.Body}' is not registered: the supervising organ is an agency of the register.") : null)
                ?? (agencies.FirstOrDefault(a => parties.Agencies.All(p => p.Id != a)) is { } unknown
                    ? new Refusal(RefusalCodes.NotFound, $"Agency '{unknown}' is not registered.")
                    : null)
                ?? step.Check(context)
                ?? parties.Agencies.Select(a => SupervisionLaw.MaySupervise(parties.Organ!, a)).FirstOrDefault(r => r is not null))
            .Then(() =>
            {
                var candidates = parties.Candidates.Where(f => agencies.Contains(f.AgencyId) && f.DecidedOn >= c.PeriodFrom && f.DecidedOn <= c.PeriodTo).ToList();
                return Decision.Accept(new ReviewCampaignOpened(context.CaseId, c.Title!, c.Body!, agencies, c.PeriodFrom, c.PeriodTo, c.SampleSize, c.Seed!.Value,
                    candidates.Count, ReviewChecklist.Draw(candidates, c.Seed.Value, c.SampleSize), c.OpenedOn,
                    SupervisionMatter.Signed(step, context), Valid.Hashes(c.Documents), context.Actor.Id));
            });
    }

    public static Decision Decide(AssignReviewers c, ReviewCampaignState s, CaseContext context)
    {
        var reviewers = (c.Reviewers ?? []).Distinct().ToList();
        if (reviewers.Count > 0 && reviewers.All(r => s.Reviewers.Any(x => x.OfficerId == r))) return Decision.Nothing;
        var step = ReviewCampaign.By(c.AssignedOn, c.Supervisors).After(s.Opening.OpenedOn, "opening of the campaign");
        return (Valid.Required(c.AssignedOn, "assignedOn")
                ?? (reviewers.Count == 0 || reviewers.Any(string.IsNullOrWhiteSpace) ? Valid.Fail("reviewers: the supervision staff who score the files.") : null)
                ?? step.Check(context, s.Closure?.ClosedOn, "review campaign")
                ?? reviewers.Select(r => Reviewer(r, s, context, c.AssignedOn)).FirstOrDefault(r => r is not null))
            .Then(() => Decision.Accept(new ReviewersAssigned(s.Id,
                [.. reviewers.Where(r => s.Reviewers.All(x => x.OfficerId != r))
                    .Select(r => context.Officers[r]).Select(o => new AssignedReviewer(o.Id, o.AgencyId, o.SupervisionCertificateOn(c.AssignedOn)?.Number))],
                c.AssignedOn, SupervisionMatter.Signed(step, context), context.Actor.Id)));
    }

    /// <summary>A reviewer is supervision staff with a valid supervision certificate (Art. 22), never of an agency whose files are reviewed.</summary>
    private static Refusal? Reviewer(string id, ReviewCampaignState s, CaseContext context, LocalDate on)
    {
        if (!context.Officers.TryGetValue(id, out var officer)) return new Refusal(RefusalCodes.NotFound, $"Officer '{id}' is not registered.");
        if (officer.IsAuxiliary || !officer.Has(Role.SupervisionStaff) || officer.SupervisionCertificateOn(on) is null)
            return new Refusal(RefusalCodes.OfficerNotCertified,
                $"'{id}' is not supervision staff holding a supervision certificate valid on {Dates.Show(on)} (山东省行政执法监督条例 Art. 22).");
        return s.Opening.Agencies.Contains(officer.AgencyId)
            ? new Refusal(RefusalCodes.ReviewerFromReviewedAgency,
                $"'{id}' is staff of '{officer.AgencyId}', whose files this campaign reviews: no one reviews their own agency's files (Art. 14).")
            : null;
    }

    public static Decision Decide(ScoreCaseFile c, ReviewCampaignState s, CaseContext context, FileUnderReview? file)
    {
        var scores = c.Scores ?? [];
        if (c.CaseId is { } caseId && s.ScoreOf(caseId) is { } done && done.Reviewer == c.Reviewer && done.ScoredOn == c.ScoredOn) return Decision.Nothing;
        var step = ReviewCampaign.By(c.ScoredOn, c.Reviewer is null ? [] : [c.Reviewer], 1).After(s.Opening.OpenedOn, "opening of the campaign");
        var sampled = s.Opening.Files.FirstOrDefault(f => f.CaseId == c.CaseId);
        return (Valid.Required(c.CaseId, "caseId") ?? Valid.Required(c.Reviewer, "reviewer") ?? Valid.Required(c.ScoredOn, "scoredOn")
                ?? Valid.Documents(c.Documents)
                ?? scores.Select(Scored).FirstOrDefault(r => r is not null)
                ?? (scores.GroupBy(x => x.Item).FirstOrDefault(g => g.Count() > 1) is { } twice ? Valid.Fail($"{Words.Kebab(twice.Key)} is scored twice.") : null)
                ?? step.Check(context, s.Closure?.ClosedOn, "review campaign")
                ?? (sampled is null
                    ? new Refusal(RefusalCodes.FileNotInSample, $"Case '{c.CaseId}' is not among the {s.Opening.Files.Count} files this campaign drew (seed {s.Opening.Seed}).")
                    : null)
                ?? (s.Reviewers.All(r => r.OfficerId != c.Reviewer)
                    ? new Refusal(RefusalCodes.ReviewerNotAssigned, $"'{c.Reviewer}' is not a reviewer of this campaign: assign the reviewers first.")
                    : null)
                ?? (scores.FirstOrDefault(x => ReviewChecklist.EngineItems.Contains(x.Item)) is { } prefilled
                    ? new Refusal(RefusalCodes.ChecklistItemPrefilled,
                        $"{Words.Kebab(prefilled.Item)} is checked by the engine from the stored events; the reviewer scores {string.Join(", ", ReviewChecklist.ReviewerItems.Select(i => Words.Kebab(i)))}.")
                    : null)
                ?? (ReviewChecklist.ReviewerItems.Where(i => scores.All(x => x.Item != i)).Select(i => (ChecklistItem?)i).FirstOrDefault() is { } missing
                    ? Valid.Fail($"{Words.Kebab(missing)} is not scored: the reviewer scores {string.Join(", ", ReviewChecklist.ReviewerItems.Select(i => Words.Kebab(i)))}, each with a note.")
                    : null)
                ?? (s.ScoreOf(c.CaseId!) is { } earlier ? Valid.WrongStage($"Case '{c.CaseId}' was scored on {Dates.Show(earlier.ScoredOn)} by '{earlier.Reviewer}'.") : null)
                ?? (file is null || file.Case.CaseId != c.CaseId ? new Refusal(RefusalCodes.NotFound, $"Case '{c.CaseId}' does not exist.") : null))
            .Then(() =>
            {
                ChecklistScore[] items = [.. ReviewChecklist.Prefill(file!), .. scores.Select(x =>
                    new ChecklistScore(x.Item, ReviewChecklist.Points[x.Item], x.Points, Prefilled: false, x.Note!.Trim(), []))];
                items = [.. items.OrderBy(i => i.Item)];
                var handledBy = file!.Case.Investigators.Count > 0 ? file.Case.Investigators
                    : file.Case.Filing is { } filing ? [filing.LeadOfficer] : [];
                return Decision.Accept(new CaseFileScored(s.Id, sampled!.CaseId, sampled.CaseNumber, sampled.AgencyId, [.. handledBy], c.Reviewer!, c.ScoredOn,
                    items, items.Sum(i => i.Points), [.. items.Where(i => i.Points < i.MaxPoints).Select(i => i.Item)],
                    SupervisionMatter.Signed(step, context), Valid.Hashes(c.Documents), context.Actor.Id));
            });
    }

    private static Refusal? Scored(ReviewerScore x) =>
        !ReviewChecklist.Points.TryGetValue(x.Item, out var max) ? Valid.Fail($"'{x.Item}' is no item of the checklist.")
        : x.Points < 0 || x.Points > max ? Valid.Fail($"{Words.Kebab(x.Item)} scores from 0 to {max} points; {x.Points} given.")
        : string.IsNullOrWhiteSpace(x.Note) ? Valid.Fail($"{Words.Kebab(x.Item)}: the reviewer's note is required (what was looked at, what is missing).")
        : null;

    public static Decision Decide(CloseReviewCampaign c, ReviewCampaignState s, CaseContext context)
    {
        if (s.Closure is { } closed && closed.ClosedOn == c.ClosedOn) return Decision.Nothing;
        var step = ReviewCampaign.By(c.ClosedOn, c.Supervisors)
            .After(s.Scored.Select(x => (LocalDate?)x.ScoredOn).Max() ?? s.Opening.OpenedOn, "last file scored");
        var left = s.Opening.Files.Count(f => s.ScoreOf(f.CaseId) is null);
        return (Valid.Required(c.ClosedOn, "closedOn") ?? Valid.Required(c.Conclusion, "conclusion") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn, "review campaign")
                ?? (left > 0 ? Valid.WrongStage($"{left} of the {s.Opening.Files.Count} sampled files are not scored yet.") : null))
            .Then(() => Decision.Accept(new ReviewCampaignClosed(s.Id, c.Conclusion!, c.ClosedOn, SupervisionMatter.Signed(step, context),
                Valid.Hashes(c.Documents), context.Actor.Id)));
    }
}
