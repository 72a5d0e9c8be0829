namespace CaseLedger.Domain.Penalty;

/// <summary>Where the case must stand for a step (<c>wrong-stage</c>); each message names what must come first.</summary>
internal static class Stages
{
    public static Refusal? Filed(PenaltyCaseState s) =>
        s.Filing is null
            ? Valid.WrongStage(s.Procedure == Procedure.Simplified
                ? "A simplified-procedure case has no filing; decide on the spot."
                : "File the case first (立案).")
            : null;

    /// <summary>Filed, not referred, not decided and not suspended: the investigation is running.</summary>
    public static Refusal? Investigating(PenaltyCaseState s) =>
        Filed(s)
        ?? (s.Referral is not null ? Valid.WrongStage("The case was referred to the judiciary.") : null)
        ?? (s.Decision is not null ? Valid.WrongStage($"The decision was made on {Dates.Show(s.Decision.DecidedOn)}.") : null)
        ?? NotSuspended(s);

    public static Refusal? NotSuspended(PenaltyCaseState s) =>
        s.IsSuspended ? Valid.WrongStage($"The case is suspended since {Dates.Show(s.Suspensions[^1].From)}; resume it first.") : null;

    public static Refusal? Concluded(PenaltyCaseState s) =>
        Investigating(s) ?? (s.Conclusion is null ? Valid.WrongStage("Conclude the investigation first.") : null);

    public static Refusal? NoticeServed(PenaltyCaseState s) =>
        Concluded(s) ?? (s.Notice is null ? Valid.WrongStage("Serve the penalty notice first (Art. 44).") : null);

    public static Refusal? Decided(PenaltyCaseState s) =>
        s.Decision is null ? Valid.WrongStage("Decide the case first.")
        : s.Revocation is not null ? Valid.WrongStage($"The decision was revoked on {Dates.Show(s.Revocation.RevokedOn)}.")
        : null;

    public static Refusal? Served(PenaltyCaseState s) =>
        Decided(s) ?? (s.Service is null ? Valid.WrongStage("Serve the decision first (Art. 61).") : null);

    /// <summary>A fine is owed: a served decision or an on-the-spot decision with a fine not yet paid in full.</summary>
    public static Refusal? FineOwed(PenaltyCaseState s) =>
        (s.OnTheSpot is null ? Served(s) : null)
        ?? (s.Fine <= 0 ? Valid.WrongStage("The decision imposes no fine.") : null)
        ?? (s.PaidInFull ? Valid.WrongStage("The fine is paid in full.") : null)
        ?? (s.Collection is not null ? Valid.WrongStage($"The fine was collected on the spot on {Dates.Show(s.Collection.CollectedOn)}.") : null);
}
