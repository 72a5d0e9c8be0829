namespace CaseLedger.Domain.Tests.Penalty;

using static Scenarios;

/// <summary>I1: enforcement is done by a published body through its own certified officers.</summary>
public class when_officers_of_another_agency_act
{
    [Fact]
    public void an_officer_of_another_agency_never_signs_for_this_one_i1() =>
        FiledCase().When(Evidence() with { Officers = ["zhang", "outsider"] }).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void the_head_of_another_agency_does_not_record_for_this_ones_officers_i1() =>
        FiledCase().As("other-head").When(Evidence()).Refused(RefusalCodes.Forbidden);

    [Fact]
    public void the_head_of_this_agency_records_for_its_officers() =>
        FiledCase().As("head").When(Evidence()).Single<CaseLedger.Domain.Penalty.EvidenceCollected>();
}
