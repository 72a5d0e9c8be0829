using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Publicity;
using CaseLedger.Domain.Tests.Penalty;

namespace CaseLedger.Domain.Tests.Publicity;

/// <summary>国办发〔2018〕118号 and 行政处罚法 Art. 48: what the publicity page may show of a decision, and when.</summary>
public class when_a_decision_is_published
{
    private static readonly Party Citizen = new(PartyKind.Citizen, "张伟", "370102199001011234");

    [Theory]
    [InlineData("张伟", "张*")]
    [InlineData("欧阳娜娜", "欧*")]
    [InlineData(" Wang Wu ", "W*")]
    [InlineData("", "*")]
    [InlineData(null, "*")]
    public void a_citizens_name_shows_its_first_character_only_State_Council_2018_118(string? name, string shown) =>
        Assert.Equal(shown, Masking.Name(name));

    [Theory]
    [InlineData("370102199001011234", "370102***********4")]
    [InlineData("37010219900101123X", "370102***********X")]
    [InlineData("370102900101123", "370102********3")]
    [InlineData("A1234567", "A******7")]
    [InlineData("1234", "****")]
    public void an_identity_number_hides_the_birth_date_and_the_serial(string id, string shown) =>
        Assert.Equal(shown, Masking.IdNumber(id));

    [Fact]
    public void free_text_never_carries_the_citizens_name_or_any_identity_or_mobile_number()
    {
        var text = Masking.Text("张伟（身份证 370102199001011234，电话 13912345678）销售过期食品；同伙身份证 110101198001015678。", Citizen);

        Assert.DoesNotContain("张伟", text);
        Assert.DoesNotContain("370102199001011234", text);
        Assert.DoesNotContain("110101198001015678", text);
        Assert.DoesNotContain("13912345678", text);
        Assert.Contains("张*", text);
        Assert.Contains("139****5678", text);
    }

    [Fact]
    public void an_organisations_name_and_code_are_published_as_they_are()
    {
        var (name, id) = Masking.Party(new Party(PartyKind.Organisation, "济南某某食品有限公司", "91370102MA3C4XYZ12"));
        Assert.Equal("济南某某食品有限公司", name);
        Assert.Equal("91370102MA3C4XYZ12", id);
    }

    private static Spec Published() =>
        Scenarios.ServedCase().Then(new PublishDecision(new LocalDate(2025, 2, 24), "credit-platform", ["zhang"]));

    [Fact]
    public void a_published_decision_shows_with_the_party_masked()
    {
        var entry = PublicDecision.Of(Fixtures.CaseId, Published().State!);

        Assert.NotNull(entry);
        Assert.Equal("W*", entry.Party);
        Assert.Equal("370102***********4", entry.PartyIdNumber);
        Assert.Equal(new LocalDate(2025, 2, 24), entry.PublishedOn);
        Assert.Equal([new PenaltyTerm(PenaltyKind.Fine, 5_000m)], entry.Penalties);
    }

    [Fact]
    public void an_unpublished_decision_is_not_shown()
    {
        Assert.Null(PublicDecision.Of(Fixtures.CaseId, Scenarios.ServedCase().State!));
        Assert.Null(PublicDecision.Of(Fixtures.CaseId, Scenarios.NotifiedCase().State!));
    }

    [Fact]
    public void a_withdrawn_publication_is_removed_Penalty_Law_Art_48()
    {
        var withdrawn = Published().Then(new WithdrawPublication(new LocalDate(2025, 3, 3), "revoked on reconsideration", ["zhang"]));
        Assert.Null(PublicDecision.Of(Fixtures.CaseId, withdrawn.State!));
    }

    [Fact]
    public void a_decision_revoked_after_publication_is_removed_before_its_withdrawal_is_recorded_Penalty_Law_Art_48()
    {
        var revoked = Published().ThenEvent(new DecisionRevoked(Fixtures.CaseId, "rc-1", "facts unclear", new LocalDate(2025, 3, 1), "system"));
        Assert.Null(PublicDecision.Of(Fixtures.CaseId, revoked.State!));
    }
}
