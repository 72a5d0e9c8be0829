using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary><c>serve-decision</c>: within 7 working days (Art. 61); electronic service only with the party's signed consent.</summary>
public sealed record ServeDecision(
    LocalDate ServedOn,
    ServiceMethod Method,
    bool ElectronicConsent,
    IReadOnlyList<string>? Officers,
    string? ElectronicConsentSha256 = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary><c>publish-decision</c>: within 7 working days (three-systems guidance).</summary>
public sealed record PublishDecision(
    LocalDate PublishedOn,
    string? Channel,
    IReadOnlyList<string>? Officers = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary><c>withdraw-publication</c>: within 3 working days of a revocation or change (Art. 48).</summary>
public sealed record WithdrawPublication(
    LocalDate On,
    string? Reason,
    IReadOnlyList<string>? Officers = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary><c>record-payment</c>: a payment of the fine; the late fee of Art. 72 is computed up to the payment date.</summary>
public sealed record RecordPayment(
    decimal Amount,
    LocalDate PaidOn,
    string? ReceiptNumber,
    IReadOnlyList<string>? Officers = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary><c>approve-deferral</c>: the head defers payment (Art. 66).</summary>
public sealed record ApproveDeferral(
    string? ApprovedBy,
    LocalDate DeferredTo,
    string? Reason,
    LocalDate On,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ApprovedBy);
}

/// <summary><c>approve-instalments</c>: the head approves payment by instalments (Art. 66).</summary>
public sealed record ApproveInstalments(
    string? ApprovedBy,
    IReadOnlyList<Instalment>? Schedule,
    LocalDate On,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ApprovedBy);
}

/// <summary><c>serve-payment-reminder</c>: the written reminder (催告书) before court enforcement (Coercion Law Art. 54).</summary>
public sealed record ServePaymentReminder(
    LocalDate On,
    IReadOnlyList<string>? Officers,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary>
/// <c>apply-court-enforcement</c>: only after the remedy periods, within 3 months after them (Coercion Law Art. 53; 行诉解释 Art. 156),
/// and no earlier than 10 working days after the reminder (Coercion Law Arts. 54, 69).
/// </summary>
public sealed record ApplyCourtEnforcement(
    LocalDate On,
    string? Court,
    string? ApprovedBy,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ApprovedBy);
}

internal static class Execution
{
    public static Decision Decide(ServeDecision c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Service is { } served && served.ServedOn == c.ServedOn && served.Method == c.Method) return Decision.Nothing;
        var step = new Step(c.ServedOn).Officers(c.Officers).After(s.Decision?.DecidedOn, "decision");
        return (Valid.Required(c.ServedOn, "servedOn") ?? Valid.Sha256(c.ElectronicConsentSha256, "electronicConsentSha256")
                ?? (c.Method == ServiceMethod.Oral ? Valid.Fail("A decision is served in writing.") : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Decided(s)
                ?? (s.Service is not null ? Valid.WrongStage($"The decision was served on {Dates.Show(s.Service.ServedOn)}.") : null)
                ?? (c.Method == ServiceMethod.Electronic && !c.ElectronicConsent && c.ElectronicConsentSha256 is null
                    ? new Refusal(RefusalCodes.ElectronicServiceWithoutConsent, "Electronic service needs the party's signed consent (Art. 61).")
                    : null))
            .Then(() => Decision.Accept(new DecisionServed(
                s.CaseId, c.Method, c.ServedOn, Valid.Lower(c.ElectronicConsentSha256),
                s.Fine > 0 ? context.Calendar.Adjusted(c.ServedOn.PlusDays(Law.PaymentDays), Counting.NaturalDays, Law.Policy(s).RestDayExtension) : null,
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents, c.ElectronicConsentSha256), context.Actor.Id)));
    }

    public static Decision Decide(PublishDecision c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Publication is not null && s.Withdrawal is null) return Decision.Nothing;
        var step = new Step(c.PublishedOn).Officers(c.Officers, minimum: 0).After(s.Decision?.DecidedOn, "decision");
        return (Valid.Required(c.PublishedOn, "publishedOn") ?? Valid.Required(c.Channel, "channel") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Decided(s))
            .Then(() => Decision.Accept(new DecisionPublished(
                s.CaseId, c.Channel!, c.PublishedOn, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(WithdrawPublication c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Publication is not null && s.Withdrawal is not null) return Decision.Nothing;
        var step = new Step(c.On).Officers(c.Officers, minimum: 0).After(s.Publication?.PublishedOn, "publication").EvenWhenClosed();
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.Reason, "reason") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? (s.Publication is null ? Valid.WrongStage("The decision was not published.") : null))
            .Then(() => Decision.Accept(new PublicationWithdrawn(
                s.CaseId, c.Reason!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(RecordPayment c, PenaltyCaseState s, CaseContext context)
    {
        if (c.ReceiptNumber is not null && s.Payments.Any(p => p.ReceiptNumber == c.ReceiptNumber && p.Amount == c.Amount)) return Decision.Nothing;
        var step = new Step(c.PaidOn).Officers(c.Officers, minimum: 0).After(Law.PaymentTrigger(s), "service of the decision");
        return (Valid.Required(c.PaidOn, "paidOn") ?? Valid.Required(c.ReceiptNumber, "receiptNumber")
                ?? (c.Amount <= 0 ? Valid.Fail("amount must be positive yuan.") : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.FineOwed(s))
            .Then(() =>
            {
                var due = Law.PaymentDue(s, context.Calendar)!.Value;
                var (days, fee) = LateFees.Upto(s, context.Calendar, c.PaidOn);
                var paid = s.PaidToDate + c.Amount;
                return Decision.Accept(new PaymentRecorded(
                    s.CaseId, c.Amount, c.ReceiptNumber!, c.PaidOn, s.Fine, due, days, fee, paid, s.Fine + fee - paid,
                    step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id));
            });
    }

    public static Decision Decide(ApproveDeferral c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Deferral is { } deferred && deferred.DeferredTo == c.DeferredTo) return Decision.Nothing;
        var step = new Step(c.On).As(SignatureCapacity.Approver, c.ApprovedBy).After(Law.PaymentTrigger(s), "service of the decision");
        return (Valid.Required(c.ApprovedBy, "approvedBy") ?? Valid.Required(c.Reason, "reason") ?? Valid.Required(c.On, "on")
                ?? Valid.Required(c.DeferredTo, "deferredTo") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.FineOwed(s)
                ?? (c.DeferredTo <= Law.PaymentDue(s, context.Calendar) ? Valid.Fail("deferredTo must be later than the current due date.") : null))
            .Then(() => Decision.Accept(new PaymentDeferred(
                s.CaseId, c.DeferredTo, c.Reason!, c.ApprovedBy!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(ApproveInstalments c, PenaltyCaseState s, CaseContext context)
    {
        var schedule = c.Schedule ?? [];
        if (s.Instalments is { } approved && approved.Schedule.SequenceEqual(schedule)) return Decision.Nothing;
        var step = new Step(c.On).As(SignatureCapacity.Approver, c.ApprovedBy).After(Law.PaymentTrigger(s), "service of the decision");
        return (Valid.Required(c.ApprovedBy, "approvedBy") ?? Valid.Required(c.On, "on")
                ?? (schedule.Count == 0 || schedule.Any(i => i is null || i.Amount <= 0 || i.DueOn <= c.On)
                    ? Valid.Fail("schedule: instalments with positive amounts due after the approval.")
                    : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.FineOwed(s)
                ?? (schedule.Sum(i => i.Amount) != s.Fine - s.PaidToDate
                    ? Valid.Fail($"The instalments must add up to the unpaid fine of {Valid.Money(s.Fine - s.PaidToDate)} yuan.")
                    : null))
            .Then(() => Decision.Accept(new InstalmentsApproved(
                s.CaseId, schedule, c.ApprovedBy!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(ServePaymentReminder c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Reminder is not null) return Decision.Nothing;
        var step = new Step(c.On).Officers(c.Officers).After(Law.PaymentTrigger(s), "service of the decision");
        return (Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.FineOwed(s)
                ?? (c.On <= Law.PaymentDue(s, context.Calendar)
                    ? Valid.WrongStage($"The payment period runs until {Dates.Show(Law.PaymentDue(s, context.Calendar)!.Value)}.")
                    : null))
            .Then(() => Decision.Accept(new PaymentReminderServed(
                s.CaseId, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(ApplyCourtEnforcement c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Enforcement is not null) return Decision.Nothing;
        var step = new Step(c.On).As(SignatureCapacity.Approver, c.ApprovedBy).After(s.Reminder?.ServedOn, "payment reminder");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.Court, "court") ?? Valid.Required(c.ApprovedBy, "approvedBy")
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.FineOwed(s)
                ?? RemedyPeriods.Enforceable(s, context.Calendar, c.On)
                ?? (s.Reminder is null ? Valid.WrongStage("Serve the payment reminder first (Coercion Law Art. 54).") : null)
                ?? (c.On <= context.Calendar.AddWorkingDays(s.Reminder!.ServedOn, Law.ReminderWorkingDays)
                    ? new Refusal(RefusalCodes.ReminderPeriodOpen,
                        $"The reminder period runs until {Dates.Show(context.Calendar.AddWorkingDays(s.Reminder.ServedOn, Law.ReminderWorkingDays))} (10 working days, Coercion Law Art. 54).")
                    : null))
            .Then(() => Decision.Accept(new CourtEnforcementApplied(
                s.CaseId, c.Court!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }
}
