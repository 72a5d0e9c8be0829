using NodaTime;

namespace CaseLedger.Domain.Officers;

// The officers' qualification cycle (山东省行政执法监督条例 Art. 10; Outline item 24): training in law and ethics, an
// examination, then the certificate; periodic review, and withdrawal (exit) when the review fails. Contract, dispatched and
// seconded staff and auxiliary staff are never certified. All of it on the officer's own stream.

public sealed record TrainingRecord(string Course, decimal Hours, LocalDate CompletedOn);

public sealed record ExaminationRecord(CertificateKind Kind, string Domain, LocalDate TakenOn, bool Passed, decimal? Score);

public sealed record TrainingRecorded(
    string OfficerId,
    string Course,
    decimal Hours,
    LocalDate CompletedOn,
    string RecordedBy,
    Instant RecordedAt);

public sealed record ExaminationRecorded(
    string OfficerId,
    CertificateKind Kind,
    string Domain,
    LocalDate TakenOn,
    bool Passed,
    decimal? Score,
    string RecordedBy,
    Instant RecordedAt);

/// <summary>A periodic review of a certificate (Art. 10); a failed one is followed by the certificate's revocation (the exit).</summary>
public sealed record CertificateReviewed(
    string OfficerId,
    string Number,
    LocalDate ReviewedOn,
    bool Passed,
    string Note,
    string ReviewedBy,
    Instant ReviewedAt);

/// <summary><c>POST /api/officers/{id}/training</c>: a course completed, in hours.</summary>
public sealed record RecordTraining(string Course, decimal Hours, LocalDate CompletedOn);

/// <summary><c>POST /api/officers/{id}/examinations</c>: an examination for a kind of certificate (for enforcement, in its domain).</summary>
public sealed record RecordExamination(CertificateKind Kind, string Domain, LocalDate TakenOn, bool Passed, decimal? Score = null);

/// <summary><c>POST /api/officers/{id}/certificates/{number}/review</c>: the periodic review; failed, the certificate is withdrawn that day.</summary>
public sealed record ReviewCertificate(string Number, LocalDate ReviewedOn, bool Passed, string Note);

/// <summary>
/// What the register asks before a certificate is issued on the cycle: <see cref="RequiredTrainingHours"/> of training in the
/// year up to the passed examination. Default 60 hours, the yearly minimum of the Outline for Law-Based Government 2021–2025
/// (法治政府建设实施纲要, "每人每年接受不少于60学时…培训"; K); CASELEDGER_TRAINING_HOURS sets it.
/// </summary>
public sealed record QualificationPolicy(decimal RequiredTrainingHours)
{
    public const decimal DefaultTrainingHours = 60m;

    public static readonly QualificationPolicy Default = new(DefaultTrainingHours);
}

public static class Qualification
{
    public static Decision Decide(RecordTraining command, Officer officer, Actor actor, Instant now) =>
        (Valid.Required(command.Course, "course") ?? Valid.Required(command.CompletedOn, "completedOn")
            ?? (command.Hours is <= 0 or > 1000 ? Valid.Fail("hours must be more than 0 and at most 1,000.") : null)
            ?? NotLater(command.CompletedOn, now, "completedOn"))
        .Then(() => officer.Training.Contains(new TrainingRecord(command.Course.Trim(), command.Hours, command.CompletedOn))
            ? Decision.Nothing
            : Decision.Accept(new TrainingRecorded(officer.Id, command.Course.Trim(), command.Hours, command.CompletedOn, actor.Id, now)));

    public static Decision Decide(RecordExamination command, Officer officer, Actor actor, Instant now) =>
        (Valid.Required(command.Domain, "domain") ?? Valid.Required(command.TakenOn, "takenOn")
            ?? (command.Score is < 0 or > 1000 ? Valid.Fail("score must be between 0 and 1,000.") : null)
            ?? NotLater(command.TakenOn, now, "takenOn"))
        .Then(() => officer.Examinations.FirstOrDefault(x => x.Kind == command.Kind && x.Domain == command.Domain.Trim() && x.TakenOn == command.TakenOn) is { } same
            ? same.Passed == command.Passed && same.Score == command.Score
                ? Decision.Nothing
                : Decision.Refuse(RefusalCodes.AlreadyExists, $"The {Kebab(command.Kind)} examination of {Dates.Show(command.TakenOn)} is recorded already with another result.")
            : Decision.Accept(new ExaminationRecorded(officer.Id, command.Kind, command.Domain.Trim(), command.TakenOn, command.Passed, command.Score, actor.Id, now)));

    /// <summary>
    /// A certificate issued on the cycle (not imported) rests on a passed examination of its kind (for enforcement, in its domain)
    /// taken on or before its first day, after <see cref="QualificationPolicy.RequiredTrainingHours"/> of training in the year up to
    /// that examination (Art. 10).
    /// </summary>
    public static Refusal? Examined(IssueCertificate command, Officer officer, QualificationPolicy policy)
    {
        var passed = officer.Examinations
            .Where(x => x.Passed && x.Kind == command.Kind && x.TakenOn <= command.ValidFrom
                && (command.Kind != CertificateKind.Enforcement || x.Domain == command.Domain))
            .OrderByDescending(x => x.TakenOn).ToList();
        if (passed.Count == 0)
            return new Refusal(RefusalCodes.ExaminationRequired,
                $"'{officer.Id}' has passed no {Kebab(command.Kind)} examination{(command.Kind == CertificateKind.Enforcement ? $" for {command.Domain}" : "")} on or before {Dates.Show(command.ValidFrom)}: the certificate follows a passed examination (山东省行政执法监督条例 Art. 10). An imported certificate names importedFrom.");
        var best = passed.Select(x => (Exam: x, Hours: HoursBefore(officer, x.TakenOn))).MaxBy(x => x.Hours);
        return best.Hours < policy.RequiredTrainingHours
            ? new Refusal(RefusalCodes.TrainingHoursInsufficient,
                $"'{officer.Id}' has {best.Hours:0.#} hours of training in the year up to the examination of {Dates.Show(best.Exam.TakenOn)}; {policy.RequiredTrainingHours:0.#} are required (Art. 10).")
            : null;
    }

    /// <summary>Hours of training completed in the year up to and including <paramref name="examinedOn"/>.</summary>
    public static decimal HoursBefore(Officer officer, LocalDate examinedOn) =>
        officer.Training.Where(t => t.CompletedOn <= examinedOn && t.CompletedOn > examinedOn.PlusYears(-1)).Sum(t => t.Hours);

    public static Decision Decide(ReviewCertificate command, Officer officer, Actor actor, Instant now)
    {
        var certificate = officer.Certificates.FirstOrDefault(c => c.Number == command.Number);
        return (Valid.Required(command.ReviewedOn, "reviewedOn") ?? Valid.Required(command.Note, "note")
                ?? (certificate is null ? new Refusal(RefusalCodes.NotFound, $"Officer '{officer.Id}' holds no certificate {command.Number}.") : null)
                ?? NotLater(command.ReviewedOn, now, "reviewedOn")
                ?? (command.ReviewedOn < certificate!.ValidFrom
                    ? new Refusal(RefusalCodes.DateOutOfOrder, $"Certificate {command.Number} is valid from {Dates.Show(certificate.ValidFrom)}.")
                    : null))
            .Then(() =>
                certificate!.ReviewedOn == command.ReviewedOn ? Decision.Nothing
                : certificate.RevokedOn is not null ? Decision.Refuse(RefusalCodes.WrongStage, $"Certificate {command.Number} was withdrawn on {Dates.Show(certificate.RevokedOn.Value)}.")
                : command.Passed
                    ? Decision.Accept(new CertificateReviewed(officer.Id, command.Number, command.ReviewedOn, true, command.Note.Trim(), actor.Id, now))
                    : Decision.Accept(
                        new CertificateReviewed(officer.Id, command.Number, command.ReviewedOn, false, command.Note.Trim(), actor.Id, now),
                        new CertificateRevoked(officer.Id, command.Number, command.ReviewedOn,
                            $"Periodic review failed (山东省行政执法监督条例 Art. 10): {command.Note.Trim()}", actor.Id, now)));
    }

    private static Refusal? NotLater(LocalDate date, Instant now, string field) =>
        date > AgencyZone.Today(now) ? new Refusal(RefusalCodes.DateOutOfOrder, $"{field} may not be later than today.") : null;

    private static string Kebab(CertificateKind kind) => kind.ToString().ToLowerInvariant();
}
