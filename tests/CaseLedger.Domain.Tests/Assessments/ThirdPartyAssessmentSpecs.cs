using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Assessments;
using CaseLedger.Domain.Tests.CaseFileReviews;
using CaseLedger.Domain.Tests.Penalty;
using CaseLedger.Domain.Tests.SupervisionMatters;

namespace CaseLedger.Domain.Tests.Assessments;

/// <summary>
/// Given a third-party assessment's stream (none, or its one event), when <c>record</c>, then the event or a refusal code. The
/// county's legal affairs office (<c>sv-1</c>, <c>sv-2</c>) records a third party's assessment of Licheng's market regulator for
/// the first quarter of 2025, on 2025-06-10 (today is 2025-06-30).
/// </summary>
internal sealed record AssessmentSpec(ThirdPartyAssessmentState? State)
{
    public const string Id = "0196a1b2-0000-7000-8000-0000000ta001";
    public static readonly LocalDate AssessedOn = new(2025, 6, 10);

    public string Actor { get; init; } = "sv-1";
    public ThirdPartyAssessmentParties Parties { get; init; } = new(SupervisionFixtures.Office, Fixtures.Agency());

    public AssessmentSpec As(string actor) => this with { Actor = actor };

    public Decision When(RecordThirdPartyAssessment command)
    {
        var officer = SupervisionFixtures.Officers[Actor];
        var context = new CaseContext(Fixtures.At(Fixtures.Today), new Actor(officer.Id, officer.Name, officer.Roles.ToHashSet(), officer.AgencyId), Id,
            SupervisionFixtures.Officers, null, Fixtures.Calendar) { ActingAgencies = [State?.Record.Body ?? command.Body ?? SupervisionSpec.Office] };
        return ThirdPartyAssessment.Decide(command, State, context, Parties);
    }

    public static RecordThirdPartyAssessment Record(string[]? supervisors = null, decimal? score = 86.5m, AssessmentGrade? grade = AssessmentGrade.Good,
        string? officer = null, int? year = 2025, int? quarter = 1, LocalDate? on = null, char report = 'e') =>
        new(Fixtures.AgencyId, "山东某法治评估研究院", on ?? AssessedOn, "执法程序总体规范；裁量说理不足", Scenarios.Sha(report),
            supervisors ?? ["sv-1", "sv-2"], officer, Year: year, Quarter: quarter, Score: score, Grade: grade, Body: SupervisionSpec.Office);

    public static AssessmentSpec Recorded()
    {
        var recorded = new AssessmentSpec((ThirdPartyAssessmentState?)null).When(Record()).Single<ThirdPartyAssessmentRecorded>();
        return new AssessmentSpec(ThirdPartyAssessment.Evolve(null, recorded));
    }
}

public class when_recording_a_third_party_assessment
{
    private static readonly AssessmentSpec None = new((ThirdPartyAssessmentState?)null);

    [Fact]
    public void the_supervising_offices_certified_staff_record_a_third_partys_assessment_in_twos_art_16_art_22()
    {
        var recorded = None.When(AssessmentSpec.Record()).Single<ThirdPartyAssessmentRecorded>();
        Assert.Equal((Fixtures.AgencyId, SupervisionSpec.Office, new LocalDate(2025, 1, 1), new LocalDate(2025, 3, 31), 86.5m, AssessmentGrade.Good),
            (recorded.AgencyId, recorded.Body, recorded.PeriodFrom, recorded.PeriodTo, recorded.Score, recorded.Grade));
        Assert.Equal(["JD-SV-1", "JD-SV-2"], recorded.Officers.Select(o => o.CertificateNumber));
        Assert.Contains(Scenarios.Sha('e'), recorded.Documents);
        None.When(AssessmentSpec.Record(["sv-1"])).Refused(RefusalCodes.TwoOfficersRequired);
        None.When(AssessmentSpec.Record(["sv-1", "sv-uncertified"])).Refused(RefusalCodes.OfficerNotCertified);
        // The assessed agency's own officers do not record their assessment; another office's staff do not record for this one.
        None.As("zhang").When(AssessmentSpec.Record(["zhang", "li"])).Refused(RefusalCodes.Forbidden);
        None.As("sv-elsewhere").When(AssessmentSpec.Record(["sv-elsewhere", "sv-elsewhere-2"])).Refused(RefusalCodes.Forbidden);
    }

    [Fact]
    public void the_office_supervises_the_agency_it_records_an_assessment_of_art_4()
    {
        var otherLine = SupervisionFixtures.Office with { Domain = "ecology-environment", Level = AgencyLevel.City };
        (None with { Parties = new(otherLine, Fixtures.Agency()) }).When(AssessmentSpec.Record()).Refused(RefusalCodes.NotSupervisingOrgan);
        (None with { Parties = new(SupervisionFixtures.Office, null) }).When(AssessmentSpec.Record()).Refused(RefusalCodes.NotFound);
        (None with { Parties = new(null, Fixtures.Agency()) }).When(AssessmentSpec.Record()).Refused(RefusalCodes.NotFound);
    }

    [Fact]
    public void an_officers_assessment_names_an_officer_of_the_agency_assessed_art_16()
    {
        Assert.Equal("zhang", None.When(AssessmentSpec.Record(officer: "zhang")).Single<ThirdPartyAssessmentRecorded>().OfficerId);
        None.When(AssessmentSpec.Record(officer: "sv-elsewhere")).Refused(RefusalCodes.ValidationFailed);
        None.When(AssessmentSpec.Record(officer: "nobody")).Refused(RefusalCodes.NotFound);
    }

    [Fact]
    public void the_period_is_whole_months_and_over_before_it_is_assessed_art_16()
    {
        None.When(AssessmentSpec.Record(quarter: 5)).Refused(RefusalCodes.ValidationFailed);
        None.When(AssessmentSpec.Record(year: null)).Refused(RefusalCodes.ValidationFailed);
        None.When(AssessmentSpec.Record(year: null, quarter: null) with { From = "2025-01", To = "2025-6" }).Refused(RefusalCodes.ValidationFailed);
        Assert.Equal(new LocalDate(2025, 5, 31), None.When(AssessmentSpec.Record(year: null, quarter: null) with { From = "2025-01", To = "2025-05" })
            .Single<ThirdPartyAssessmentRecorded>().PeriodTo);
        // The second quarter is not over on 06-10, the year not at all; an assessment is not dated after today.
        None.When(AssessmentSpec.Record(quarter: 2)).Refused(RefusalCodes.AssessmentPeriodNotOver);
        None.When(AssessmentSpec.Record(quarter: null)).Refused(RefusalCodes.AssessmentPeriodNotOver);
        None.When(AssessmentSpec.Record(quarter: 2, on: new LocalDate(2025, 7, 1))).Refused(RefusalCodes.DateOutOfOrder);
    }

    [Fact]
    public void the_assessment_gives_a_score_or_a_grade_and_the_reports_hash_art_16()
    {
        Assert.Null(None.When(AssessmentSpec.Record(score: null)).Single<ThirdPartyAssessmentRecorded>().Score);
        None.When(AssessmentSpec.Record(score: null, grade: null)).Refused(RefusalCodes.ValidationFailed);
        None.When(AssessmentSpec.Record(score: 100.5m)).Refused(RefusalCodes.ValidationFailed);
        None.When(AssessmentSpec.Record(score: -1m)).Refused(RefusalCodes.ValidationFailed);
        None.When(AssessmentSpec.Record(score: 80.125m)).Refused(RefusalCodes.ValidationFailed);
        None.When(AssessmentSpec.Record() with { ReportSha256 = "abc" }).Refused(RefusalCodes.ValidationFailed);
        None.When(AssessmentSpec.Record() with { ReportSha256 = null }).Refused(RefusalCodes.ValidationFailed);
    }

    [Fact]
    public void one_assessor_assesses_an_agency_for_a_period_once_art_16()
    {
        var recorded = AssessmentSpec.Recorded();
        recorded.When(AssessmentSpec.Record()).AppendsNothing();
        recorded.When(AssessmentSpec.Record(report: 'f')).Refused(RefusalCodes.AssessmentAlreadyRecorded);
        recorded.When(AssessmentSpec.Record(score: 60m, report: 'f', on: new LocalDate(2025, 6, 20))).Refused(RefusalCodes.AssessmentAlreadyRecorded);
        // The stream is the same for the same agency, officer, months and assessor, however the period and the name are written.
        var key = ThirdPartyAssessment.KeyOf(AssessmentSpec.Record());
        Assert.Equal(key, ThirdPartyAssessment.KeyOf(AssessmentSpec.Record(year: null, quarter: null) with { From = "2025-01", To = "2025-03", Assessor = " 山东某法治评估研究院 " }));
        Assert.NotEqual(key, ThirdPartyAssessment.KeyOf(AssessmentSpec.Record(quarter: 2)));
        Assert.NotEqual(key, ThirdPartyAssessment.KeyOf(AssessmentSpec.Record(officer: "zhang")));
        Assert.NotEqual(key, ThirdPartyAssessment.KeyOf(AssessmentSpec.Record() with { Assessor = "另一评估机构" }));
        Assert.Null(ThirdPartyAssessment.KeyOf(AssessmentSpec.Record(quarter: 5)));
    }
}
