using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Penalty;
using CaseLedger.Supervision;
using CaseLedger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseLedger.Tests.Supervision;

/// <summary>
/// The board and the queues are engine queries that HTTP, the CLI and the console ask with the reader's scope: what a
/// reader may not read over the API, the query never returns, whichever caller asks.
/// </summary>
public class when_reading_the_supervision_queries_within_a_scope(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static readonly LocalDate Today = new(2026, 3, 2);

    [Fact]
    public async Task a_queue_lists_only_the_agencies_the_reader_reads()
    {
        var (mine, theirs) = ($"agency-{Guid.NewGuid():N}", $"agency-{Guid.NewGuid():N}");
        await using (var session = engine.Store.LightweightSession())
        {
            session.Store(WaitingForReview(mine, 3), WaitingForReview(mine, 5), WaitingForReview(theirs, 1));
            await session.SaveChangesAsync();
        }
        await using var query = engine.Store.QuerySession();
        var reader = ReadScope.Of([mine]);

        var page = (await ReviewQueueQuery.ReadAsync(query, reader, new ReviewQueueFilter(ReviewQueues.LegalReview), Today, CancellationToken.None)).Value!;
        Assert.Equal(mine, page.Agency);
        Assert.Equal([3, 5], page.Cases.Select(c => c.DaysLeft));
        Assert.All(page.Cases, c => Assert.Equal(mine, c.AgencyId));
        Assert.All(page.Cases, c => Assert.Equal("legal-review", c.Stage));

        var refused = await ReviewQueueQuery.ReadAsync(query, reader, new ReviewQueueFilter(ReviewQueues.LegalReview, theirs), Today, CancellationToken.None);
        Assert.Null(refused.Value);
        Assert.Equal(RefusalCodes.Forbidden, refused.Refusal?.Code);

        var paged = (await ReviewQueueQuery.ReadAsync(query, ReadScope.Everything, new ReviewQueueFilter(ReviewQueues.LegalReview, mine, 1, 1), Today, CancellationToken.None)).Value!;
        Assert.Equal([5], paged.Cases.Select(c => c.DaysLeft));
    }

    [Fact]
    public async Task the_board_names_the_agency_of_a_one_agency_reader_and_refuses_the_rest()
    {
        await using var query = engine.Store.QuerySession();
        var board = new DeadlineBoardFilter();

        var one = await DeadlineBoardQuery.ReadAsync(query, ReadScope.Of(["agency-a"]), board, Today, CancellationToken.None);
        Assert.Equal("agency-a", one.Value?.Agency);
        var all = await DeadlineBoardQuery.ReadAsync(query, ReadScope.Everything, board, Today, CancellationToken.None);
        Assert.Null(all.Refusal);
        Assert.Null(all.Value!.Agency);

        Assert.Equal(RefusalCodes.ValidationFailed,
            (await DeadlineBoardQuery.ReadAsync(query, ReadScope.Of(["agency-a", "agency-b"]), board, Today, CancellationToken.None)).Refusal?.Code);
        Assert.Equal(RefusalCodes.Forbidden, (await DeadlineBoardQuery.ReadAsync(query, ReadScope.None, board, Today, CancellationToken.None)).Refusal?.Code);
        Assert.Equal(RefusalCodes.Forbidden,
            (await DeadlineBoardQuery.ReadAsync(query, ReadScope.Of(["agency-a"]), board with { Agency = "agency-b" }, Today, CancellationToken.None)).Refusal?.Code);
        Assert.Equal(RefusalCodes.ValidationFailed,
            (await DeadlineBoardQuery.ReadAsync(query, ReadScope.Everything, board with { Status = "late" }, Today, CancellationToken.None)).Refusal?.Code);
        Assert.Equal(RefusalCodes.ValidationFailed,
            (await DeadlineBoardQuery.ReadAsync(query, ReadScope.Everything, board with { Limit = 0 }, Today, CancellationToken.None)).Refusal?.Code);
    }

    [Fact]
    public async Task an_agencys_figures_are_refused_outside_the_scope_and_a_missing_case_is_not_found()
    {
        var agencyId = $"agency-{Guid.NewGuid():N}";
        await using (var session = engine.Store.LightweightSession())
        {
            session.Store(new Agency(agencyId, "an agency", AgencyLevel.County, "market", []));
            await session.SaveChangesAsync();
        }
        await using var query = engine.Store.QuerySession();
        var figures = engine.Host.Services.GetRequiredService<AgencyFiguresQuery>();
        Assert.Equal(RefusalCodes.Forbidden, (await figures.ReadAsync(query, ReadScope.Of(["another"]), agencyId, Today, CancellationToken.None)).Refusal?.Code);
        Assert.Equal(0, (await figures.ReadAsync(query, ReadScope.Of([agencyId]), agencyId, Today, CancellationToken.None)).Value?.Cases);
        Assert.Equal(RefusalCodes.NotFound, (await figures.ReadAsync(query, ReadScope.Everything, "no-such-agency", Today, CancellationToken.None)).Refusal?.Code);

        var trail = await AuditTrail.ReadAsync(query, ReadScope.Everything, Guid.CreateVersion7().ToString(), CancellationToken.None);
        Assert.Equal(RefusalCodes.NotFound, trail.Refusal?.Code);
        var replay = await Replay.ReadAsync(query, ReadScope.Everything, Guid.CreateVersion7().ToString(), null, null, CancellationToken.None);
        Assert.Equal(RefusalCodes.ValidationFailed, replay.Refusal?.Code);
    }

    private static CaseSupervision WaitingForReview(string agencyId, int daysLeft) => new()
    {
        Id = Guid.CreateVersion7().ToString(),
        AgencyId = agencyId,
        Stage = CaseStage.LegalReview,
        Active = true,
        Queues = [new QueueEntry(ReviewQueues.LegalReview, Today.PlusDays(daysLeft), "decision")],
        LegalReviewDueDay = CaseSupervision.Day(Today.PlusDays(daysLeft)),
    };
}
