using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Tests.Penalty;

namespace CaseLedger.Domain.Tests.Register;

/// <summary>
/// The officers' qualification cycle (山东省行政执法监督条例 Art. 10; Outline item 24): training, a passed examination, then the
/// certificate; periodic review and withdrawal; auxiliary, contract, dispatched and seconded staff never certified.
/// </summary>
public class when_an_officer_goes_through_the_qualification_cycle
{
    private static readonly Actor Admin = new("registrar", "registrar", new HashSet<Role> { Role.Admin }, null);
    private static readonly Instant Now = Fixtures.At(new LocalDate(2025, 6, 30));
    private static readonly LocalDate ExamOn = new(2025, 3, 10);
    private const string Domain = "market-regulation";

    private static Officer Registered(Role[]? roles = null, Employment employment = Employment.Established) =>
        Officer.Registered(new OfficerRegistered("liu", "刘洋", Fixtures.AgencyId, roles ?? [Role.EnforcementOfficer], false, "registrar", Now, null, employment));

    private static Officer Apply(Officer officer, Decision decision)
    {
        Assert.False(decision.IsRefused, decision.Refusal?.ToString());
        return decision.Events.Aggregate(officer, (o, e) => o.After(e));
    }

    private static Officer Trained(Officer officer, decimal hours, LocalDate? on = null) =>
        Apply(officer, Qualification.Decide(new RecordTraining("行政处罚法", hours, on ?? ExamOn.PlusDays(-20)), officer, Admin, Now));

    private static Officer Examined(Officer officer, bool passed = true, CertificateKind kind = CertificateKind.Enforcement, string domain = Domain, LocalDate? on = null) =>
        Apply(officer, Qualification.Decide(new RecordExamination(kind, domain, on ?? ExamOn, passed, passed ? 85m : 40m), officer, Admin, Now));

    private static IssueCertificate Certificate(CertificateKind kind = CertificateKind.Enforcement, string domain = Domain, LocalDate? from = null, string? imported = null) =>
        new("SD-LIU-01", domain, from ?? new LocalDate(2025, 4, 1), new LocalDate(2028, 3, 31), kind, imported);

    private static Decision Issue(Officer officer, IssueCertificate? command = null, decimal requiredHours = QualificationPolicy.DefaultTrainingHours) =>
        OfficerRegister.Decide(command ?? Certificate(), officer, new QualificationPolicy(requiredHours), Admin, Now);

    [Fact]
    public void a_certificate_is_issued_after_the_training_and_a_passed_examination_art_10()
    {
        var issued = Issue(Examined(Trained(Registered(), 60m))).Single<CertificateIssued>();
        Assert.Null(issued.ImportedFrom);
    }

    [Fact]
    public void no_certificate_without_an_examination_art_10() =>
        Issue(Trained(Registered(), 80m)).Refused(RefusalCodes.ExaminationRequired);

    [Fact]
    public void a_failed_examination_earns_no_certificate_art_10() =>
        Issue(Examined(Trained(Registered(), 80m), passed: false)).Refused(RefusalCodes.ExaminationRequired);

    [Fact]
    public void the_examination_comes_before_the_certificate_takes_effect_art_10() =>
        Issue(Examined(Trained(Registered(), 80m)), Certificate(from: ExamOn.PlusDays(-1))).Refused(RefusalCodes.ExaminationRequired);

    [Fact]
    public void an_examination_in_another_domain_earns_no_enforcement_certificate_art_10() =>
        Issue(Examined(Trained(Registered(), 80m), domain: "ecology")).Refused(RefusalCodes.ExaminationRequired);

    [Fact]
    public void the_required_training_hours_come_first_art_10()
    {
        Issue(Examined(Trained(Registered(), 59m))).Refused(RefusalCodes.TrainingHoursInsufficient);
        // Training more than a year before the examination does not count; training after it neither.
        Issue(Examined(Trained(Trained(Registered(), 40m, ExamOn.PlusYears(-1)), 40m, ExamOn.PlusDays(1)))).Refused(RefusalCodes.TrainingHoursInsufficient);
    }

    [Fact]
    public void the_required_hours_are_a_setting() =>
        Issue(Examined(Trained(Registered(), 30m)), requiredHours: 30m).Single<CertificateIssued>();

    [Fact]
    public void a_certificate_the_province_issued_before_the_register_is_imported_with_its_record()
    {
        var issued = Issue(Registered(), Certificate(imported: "山东省行政执法证件管理系统")).Single<CertificateIssued>();
        Assert.Equal("山东省行政执法证件管理系统", issued.ImportedFrom);
        Issue(Registered(), Certificate(imported: " ")).Refused(RefusalCodes.ValidationFailed);
    }

    [Theory]
    [InlineData(Employment.Contract)]
    [InlineData(Employment.Dispatched)]
    [InlineData(Employment.Seconded)]
    public void contract_dispatched_and_seconded_staff_are_never_certified_art_10(Employment employment)
    {
        var officer = Examined(Trained(Registered(employment: employment), 80m));
        Issue(officer).Refused(RefusalCodes.CertificateNotAllowed);
        Issue(officer, Certificate(imported: "山东省行政执法证件管理系统")).Refused(RefusalCodes.CertificateNotAllowed);
        // Even a certificate somehow on the record never lets them enforce.
        var recorded = officer.After(new CertificateIssued("liu", "X-1", Domain, new LocalDate(2025, 1, 1), new LocalDate(2028, 1, 1), "registrar", Now));
        Assert.Null(recorded.CertificateFor(Domain, new LocalDate(2025, 6, 1)));
    }

    [Fact]
    public void auxiliary_staff_are_never_certified_outline_item_24() =>
        Issue(Examined(Trained(Registered([Role.Auxiliary]), 80m)), Certificate(imported: "x")).Refused(RefusalCodes.CertificateNotAllowed);

    [Fact]
    public void the_presider_certificate_is_a_hearing_presiders_after_the_presider_examination_art_11()
    {
        Issue(Examined(Trained(Registered(), 80m), kind: CertificateKind.Presider, domain: "hearing"), Certificate(CertificateKind.Presider, "hearing"))
            .Refused(RefusalCodes.ValidationFailed);
        var presider = Trained(Registered([Role.HearingPresider, Role.EnforcementOfficer]), 80m);
        Issue(Examined(presider), Certificate(CertificateKind.Presider, "hearing")).Refused(RefusalCodes.ExaminationRequired);
        var issued = Issue(Examined(presider, kind: CertificateKind.Presider, domain: "hearing"), Certificate(CertificateKind.Presider, "hearing"));
        Assert.Equal(CertificateKind.Presider, issued.Single<CertificateIssued>().Kind);
    }

    [Fact]
    public void a_failed_periodic_review_withdraws_the_certificate_art_10()
    {
        var officer = Apply(Registered(), Issue(Registered(), Certificate(imported: "x")));
        var reviewedOn = new LocalDate(2025, 6, 1);
        var passed = Qualification.Decide(new ReviewCertificate("SD-LIU-01", reviewedOn, true, "考核合格"), officer, Admin, Now);
        Assert.True(passed.Single<CertificateReviewed>().Passed);
        var failed = Qualification.Decide(new ReviewCertificate("SD-LIU-01", reviewedOn, false, "年度考核不合格"), officer, Admin, Now);
        Assert.Equal(2, failed.Events.Count);
        var withdrawn = Apply(officer, failed);
        Assert.NotNull(withdrawn.CertificateFor(Domain, reviewedOn.PlusDays(-1)));
        Assert.Null(withdrawn.CertificateFor(Domain, reviewedOn));
        Qualification.Decide(new ReviewCertificate("SD-LIU-01", reviewedOn.PlusDays(1), true, "复查"), withdrawn, Admin, Now).Refused(RefusalCodes.WrongStage);
        Qualification.Decide(new ReviewCertificate("SD-LIU-01", reviewedOn, false, "年度考核不合格"), withdrawn, Admin, Now).AppendsNothing();
    }

    [Fact]
    public void a_review_is_dated_within_the_certificates_life_and_not_in_the_future()
    {
        var officer = Apply(Registered(), Issue(Registered(), Certificate(imported: "x")));
        Qualification.Decide(new ReviewCertificate("SD-LIU-01", new LocalDate(2025, 3, 1), true, "n"), officer, Admin, Now).Refused(RefusalCodes.DateOutOfOrder);
        Qualification.Decide(new ReviewCertificate("SD-LIU-01", new LocalDate(2025, 7, 1), true, "n"), officer, Admin, Now).Refused(RefusalCodes.DateOutOfOrder);
        Qualification.Decide(new ReviewCertificate("NOPE", new LocalDate(2025, 6, 1), true, "n"), officer, Admin, Now).Refused(RefusalCodes.NotFound);
    }

    [Fact]
    public void training_and_examinations_are_recorded_once()
    {
        var officer = Trained(Registered(), 8m);
        Qualification.Decide(new RecordTraining("行政处罚法", 8m, ExamOn.PlusDays(-20)), officer, Admin, Now).AppendsNothing();
        Qualification.Decide(new RecordTraining("行政处罚法", 0m, ExamOn), officer, Admin, Now).Refused(RefusalCodes.ValidationFailed);
        var examined = Examined(officer);
        Qualification.Decide(new RecordExamination(CertificateKind.Enforcement, Domain, ExamOn, false, 40m), examined, Admin, Now).Refused(RefusalCodes.AlreadyExists);
        Qualification.Decide(new RecordExamination(CertificateKind.Enforcement, Domain, new LocalDate(2025, 7, 1), true), examined, Admin, Now).Refused(RefusalCodes.DateOutOfOrder);
    }
}
