using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseLedger.Domain.Penalty;
using NodaTime.Serialization.SystemTextJson;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

/// <summary>
/// The stored event names and shapes are a contract (style.md): one sample of every event type, serialized as
/// the engine stores it, is compared with the approved file. A change shows up in review; delete the file to re-approve.
/// </summary>
public class when_storing_events
{
    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    private static IEnumerable<object> Samples()
    {
        var general = ReviewedAfterHearingCase().Then(Discussion())
            .Then(new PreserveEvidence("Milk", "head", TwoOfficers, new LocalDate(2025, 1, 24), Sha('f')))
            .Then(new DecidePreservedEvidence("P1", PreservedEvidenceHandling.SealOrSeize, "head", new LocalDate(2025, 2, 10)))
            .Then(new ApplyRecusal("wang", RecusalApplicant.Party, "cousin", new LocalDate(2025, 2, 10)))
            .Then(new DecideRecusal("wang", true, "head", new LocalDate(2025, 2, 10)))
            .Then(new SuspendCase("Lab test", new LocalDate(2025, 2, 11), "head")).Then(new ResumeCase(new LocalDate(2025, 2, 12), "head"))
            .Then(new ExtendDecisionDeadline(30, "head", "Expert opinion", new LocalDate(2025, 2, 12)))
            .Then(new RecordStatement(new LocalDate(2025, 1, 27), [new StatementPoint("Within date", "Labels say otherwise", false)], ["zhang"]))
            .Then(Decide(LargeFine)).Then(Serve()).Then(new PublishDecision(new LocalDate(2025, 2, 24), "credit-china"))
            .Then(new ApproveInstalments("head", [new Instalment(new LocalDate(2025, 4, 1), 20_000m)], new LocalDate(2025, 3, 5)))
            .Then(new ApproveDeferral("head", new LocalDate(2025, 4, 30), "Hardship", new LocalDate(2025, 3, 6)))
            .Then(new ServePaymentReminder(new LocalDate(2025, 5, 6), ["zhang"]))
            .Then(new ApplyCourtEnforcement(new LocalDate(2025, 5, 26), "Licheng Court", "head"))
            .Then(new RecordPayment(20_000m, new LocalDate(2025, 5, 27), "R-1"))
            .ThenEvent(new RemedyStarted(Fixtures.CaseId, RemedyKind.Reconsideration, "R-1", new LocalDate(2025, 3, 1), "system"))
            .ThenEvent(new RemedyEnded(Fixtures.CaseId, RemedyKind.Reconsideration, "R-1", new LocalDate(2025, 3, 2), "system"))
            .ThenEvent(new DecisionChanged(Fixtures.CaseId, "R-1", [new PenaltyTerm(PenaltyKind.Fine, 10_000m)], "Reduced", new LocalDate(2025, 3, 2), "system"))
            .ThenEvent(new DecisionRevoked(Fixtures.CaseId, "L-1", "Judgment", new LocalDate(2025, 5, 28), "system"))
            .Then(new WithdrawPublication(new LocalDate(2025, 5, 29), "Revoked"))
            .Then(Close(new LocalDate(2025, 5, 30))).Then(new ArchiveCase("zhang", new LocalDate(2025, 5, 30)));
        var waived = HearingRequestedCase().Then(Schedule()).Then(Hold(appeared: false))
            .Then(new WaiveRights(new LocalDate(2025, 1, 27))).Then(ReviewRequest(new LocalDate(2025, 2, 14))).Then(Review(ReviewOutcome.Failed, new LocalDate(2025, 2, 14)));
        var referred = FiledCase().Then(new ReferToJudiciary(new LocalDate(2025, 1, 22), "PSB", "head"));
        var spot = NewLead(Procedure.Simplified).Then(new DecideOnTheSpot(new PenaltyTerm(PenaltyKind.Fine, 50m), "SD-1", "zhang", FiledOn, Benchmark))
            .Then(new CollectOnTheSpot(50m, CollectionGround.SmallFine, "F-1", "zhang", FiledOn))
            .Then(new HandOverCash(FiledOn, "zhang")).Then(new FileCopy(FiledOn, "zhang"));
        var fast = new Spec([]).With(Fixtures.Policy with { FastTrack = true }).Then(Lead(Procedure.FastTrack)).Then(File())
            .Then(new ConsentToFastTrack(Sha('f'), Fixtures.At(FiledOn), FiledOn, ["zhang"]));
        return new[] { general, waived, referred, spot, fast }.SelectMany(s => s.History);
    }

    [Fact]
    public void every_event_type_keeps_its_name_and_shape()
    {
        var samples = Samples().GroupBy(e => e.GetType()).ToDictionary(g => g.Key, g => g.First());
        Assert.Empty(PenaltyCase.EventTypes.Where(t => !samples.ContainsKey(t)).Select(t => t.Name));
        var json = string.Join("\n", PenaltyCase.EventTypes.Select(t => $"// {t.Name}\n{JsonSerializer.Serialize(samples[t], t, Options)}"))
            .ReplaceLineEndings("\n") + "\n";
        var approved = ApprovedFile();
        if (!System.IO.File.Exists(approved))
        {
            System.IO.File.WriteAllText(approved, json);
            Assert.Fail($"Wrote {approved}; review and commit it.");
        }
        Assert.Equal(System.IO.File.ReadAllText(approved).ReplaceLineEndings("\n"), json);
    }

    private static string ApprovedFile([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "penalty-events.approved.json");
}
