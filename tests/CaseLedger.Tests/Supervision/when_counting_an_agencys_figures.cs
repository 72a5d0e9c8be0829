using CaseLedger.Domain;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.SupervisionMatters;
using CaseLedger.Supervision;
using CaseLedger.Tests.Shared;
using CaseLedger.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseLedger.Tests.Supervision;

/// <summary>
/// The agency figures are counters kept by PostgreSQL as the documents are written (<see cref="AgencyFigureCounts"/>); here
/// they are checked against the same figures counted one document at a time in memory and against the query that counted
/// every document per request (<see cref="AgencyFiguresReference"/>), over many varied documents, written, written again
/// and deleted, and over counts odd and even (the median of an even count is the mean of the middle two, the 90th
/// percentile is the nearest rank).
/// </summary>
public class when_counting_an_agencys_figures(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static readonly LocalDate Today = new(2026, 3, 2);

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 11)]
    [InlineData(57, 23)]
    [InlineData(240, 42)]
    public async Task they_equal_the_same_figures_counted_document_by_document(int count, int seed)
    {
        var agencyId = $"agency-{Guid.NewGuid():N}";
        var random = new Random(seed);
        var cases = Enumerable.Range(0, count).Select(_ => RandomCase(agencyId, random)).ToList();
        var remedies = Enumerable.Range(0, count / 2 + 1).Select(_ => RandomRemedy(agencyId, random)).ToList();
        await using (var session = engine.Store.LightweightSession())
        {
            session.Store(cases.ToArray());
            session.Store(remedies.ToArray());
            // Another agency's documents are not counted.
            session.Store(RandomCase($"other-{Guid.NewGuid():N}", random), RandomCase($"other-{Guid.NewGuid():N}", random));
            session.Store(RandomRemedy($"other-{Guid.NewGuid():N}", random));
            await session.SaveChangesAsync();
        }

        var figures = await engine.Host.Services.GetRequiredService<AgencyFiguresQuery>().ForAsync(agencyId, Today, CancellationToken.None);

        var expected = CountedInMemory(agencyId, cases, remedies);
        Assert.Equivalent(expected, figures, strict: true);
        var reference = new AgencyFiguresReference(engine.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), engine.Store);
        Assert.Equivalent(await reference.ForAsync(agencyId, Today, CancellationToken.None), figures, strict: true);

        // Written again (one in three changed, one in three as it was: the row trigger's shortcut) and one in five deleted.
        var changed = cases.Select((c, i) => i % 3 == 0 ? Again(RandomCase(agencyId, random), c.Id) : c).ToList();
        var deleted = changed.Where((_, i) => i % 5 == 4).ToList();
        var kept = changed.Except(deleted).ToList();
        var remediesChanged = remedies.Select((r, i) => i % 2 == 0 ? Again(RandomRemedy(agencyId, random), r.Id) : r).ToList();
        await using (var session = engine.Store.LightweightSession())
        {
            session.Store(changed.Where((_, i) => i % 3 != 2).ToArray());
            session.Store(remediesChanged.ToArray());
            foreach (var gone in deleted) session.Delete(gone);
            await session.SaveChangesAsync();
        }
        figures = await engine.Host.Services.GetRequiredService<AgencyFiguresQuery>().ForAsync(agencyId, Today, CancellationToken.None);
        Assert.Equivalent(CountedInMemory(agencyId, kept, remediesChanged), figures, strict: true);
        Assert.Equivalent(await reference.ForAsync(agencyId, Today, CancellationToken.None), figures, strict: true);
    }

    [Fact]
    public async Task an_agency_without_cases_has_zero_counts_and_no_rates()
    {
        var figures = await engine.Host.Services.GetRequiredService<AgencyFiguresQuery>().ForAsync($"agency-{Guid.NewGuid():N}", Today, CancellationToken.None);
        Assert.Equal(0, figures.Cases);
        Assert.All(figures.ByStage.Values, n => Assert.Equal(0, n));
        Assert.Equal(Enum.GetValues<CaseStage>().Length, figures.ByStage.Count);
        Assert.Equal(new FilingToDecision(0, null, null), figures.FilingToDecisionDays);
        Assert.Null(figures.Correction.Rate);
        Assert.Null(figures.LitigationLoss.Rate);
    }

    private static CaseSupervision Again(CaseSupervision document, string id)
    {
        document.Id = id;
        return document;
    }

    private static RemedySupervision Again(RemedySupervision document, string id)
    {
        document.Id = id;
        return document;
    }

    private static CaseSupervision RandomCase(string agencyId, Random random)
    {
        LocalDate? filedOn = random.Next(5) == 0 ? null : Today.PlusDays(-random.Next(1, 400));
        LocalDate? decidedOn = filedOn is { } filed && random.Next(3) > 0 ? filed.PlusDays(random.Next(0, 120)) : null;
        return new CaseSupervision
        {
            Id = Guid.CreateVersion7().ToString(),
            AgencyId = agencyId,
            Stage = Enum.GetValues<CaseStage>()[random.Next(Enum.GetValues<CaseStage>().Length)],
            FiledOn = filedOn,
            DecidedOn = decidedOn,
            DecisionChanged = random.Next(7) == 0,
            DecisionRevoked = random.Next(9) == 0,
            MissedCount = random.Next(4) == 0 ? random.Next(1, 4) : 0,
            EarliestUnmetDay = random.Next(3) == 0 ? null : CaseSupervision.Day(Today.PlusDays(random.Next(-30, 30))),
        };
    }

    private static RemedySupervision RandomRemedy(string agencyId, Random random)
    {
        if (random.Next(4) == 0)
            return new RemedySupervision
            {
                Id = Guid.CreateVersion7().ToString(),
                Kind = ProceedingKinds.Supervision,
                AgencyId = agencyId,
                SupervisionDecision = random.Next(2) == 0 ? null : Enum.GetValues<SupervisionDecisionType>()[random.Next(5)],
                NonCompliances = random.Next(3),
            };
        var reconsideration = random.Next(2) == 0;
        var decision = reconsideration && random.Next(3) > 0
            ? Enum.GetValues<ReconsiderationDecisionType>()[random.Next(Enum.GetValues<ReconsiderationDecisionType>().Length)]
            : (ReconsiderationDecisionType?)null;
        return new RemedySupervision
        {
            Id = Guid.CreateVersion7().ToString(),
            Kind = reconsideration ? ProceedingKinds.Reconsideration : ProceedingKinds.Litigation,
            AgencyId = agencyId,
            DecisionType = decision,
            Corrected = decision is not null && random.Next(2) == 0,
            Judgment = !reconsideration && random.Next(3) > 0 ? Enum.GetValues<JudgmentOutcome>()[random.Next(3)] : null,
        };
    }

    /// <summary>The figures as the endpoint counted them before PostgreSQL did: every document read and counted here.</summary>
    private static AgencyFigures CountedInMemory(string agencyId, List<CaseSupervision> cases, List<RemedySupervision> remedies)
    {
        var days = cases.Where(c => c.FiledOn is not null && c.DecidedOn is not null)
            .Select(c => Period.Between(c.FiledOn!.Value, c.DecidedOn!.Value, PeriodUnits.Days).Days).Order().ToList();
        var decisions = remedies.Count(r => r.Kind == ProceedingKinds.Reconsideration && r.DecisionType is not null);
        var corrected = remedies.Count(r => r.Kind == ProceedingKinds.Reconsideration && r.Corrected);
        var judgments = remedies.Count(r => r.Kind == ProceedingKinds.Litigation && r.Judgment is not null);
        var lost = remedies.Count(r => r.Kind == ProceedingKinds.Litigation && r.Judgment is JudgmentOutcome.Lost or JudgmentOutcome.PartlyLost);
        return new AgencyFigures(agencyId, Today, cases.Count,
            Enum.GetValues<CaseStage>().ToDictionary(stage => stage, stage => cases.Count(c => c.Stage == stage)),
            cases.Sum(c => c.MissedCount),
            cases.Count(c => c.MissedCount > 0),
            cases.Count(c => c.EarliestUnmetDay < CaseSupervision.Day(Today)),
            cases.Count(c => c.DecisionChanged),
            cases.Count(c => c.DecisionRevoked),
            new FilingToDecision(days.Count, Percentile(days, 0.5), Percentile(days, 0.9)),
            new CorrectionRate(decisions, corrected, decisions == 0 ? null : Math.Round((double)corrected / decisions, 4)),
            new LitigationLossRate(judgments, lost, judgments == 0 ? null : Math.Round((double)lost / judgments, 4)),
            new SupervisionOutcomes(
                remedies.Count(r => r.Kind == ProceedingKinds.Supervision && r.SupervisionDecision is not null),
                remedies.Where(r => r.Kind == ProceedingKinds.Supervision).Sum(r => r.NonCompliances)));
    }

    private static double? Percentile(IReadOnlyList<int> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        if (p == 0.5 && sorted.Count % 2 == 0) return (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
