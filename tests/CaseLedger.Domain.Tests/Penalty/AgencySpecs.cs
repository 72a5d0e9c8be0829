using CaseLedger.Domain.Penalty;

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

/// <summary>
/// An administrator keeps the register but is no staff of the agency (行政处罚法 Arts. 17, 42: the agency imposes penalties
/// through its own certified officers): it records no step, not even one naming no officer.
/// </summary>
public class when_an_administrator_records_a_step
{
    [Fact]
    public void an_administrator_records_no_step_for_the_officers_it_names_arts_17_42() =>
        FiledCase().As("registrar").When(Evidence()).Refused(RefusalCodes.Forbidden);

    [Fact]
    public void an_administrator_records_no_payment_though_it_names_no_officer_art_42() =>
        ServedCase().As("registrar").When(new RecordPayment(5_000m, new LocalDate(2025, 3, 3), "R-001")).Refused(RefusalCodes.Forbidden);

    [Fact]
    public void the_system_carries_effects_but_records_no_officers_step() =>
        FiledCase().As(Actor.System.Id).When(Evidence()).Refused(RefusalCodes.Forbidden);

    [Fact]
    public void the_agencys_certified_officer_records_the_same_payment() =>
        ServedCase().As("zhang").When(new RecordPayment(5_000m, new LocalDate(2025, 3, 3), "R-001")).Single<PaymentRecorded>();
}
