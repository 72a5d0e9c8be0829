using CaseLedger.Server.Tests.Support;
using NodaTime;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// An effect on a linked stream travels through the outbox of the region it was sent in: a reconsideration decision that
/// revokes a penalty (行政复议法 Art. 64), once served (Art. 75), revokes it in the case's region's database, and nothing of either proceeding is
/// written into the deployment's own database or another region's.
/// </summary>
[Collection(RegionDutiesCollection.Name)]
public class when_an_effect_crosses_streams_in_a_region(RegionsFixture server)
{
    [Fact]
    public async Task a_reconsideration_that_revokes_the_penalty_revokes_it_in_the_region_s_database_and_nowhere_else()
    {
        server.Clock.Reset(Instant.FromUtc(2026, 3, 2, 1, 30));
        var west = await server.StaffAsyncIn(server.West);
        var body = await BodyAsync();
        var caseId = await server.PublishedCaseAsync(west);
        var reconsideration = await server.RepliedReconsiderationAsync(caseId, body);
        await server.RemedyOkAsync("reconsiderations", reconsideration, "decide", new
        {
            type = "revoke", grounds = new[] { "facts-unclear" }, decidedBy = body.Head, decidedOn = "2026-02-26", reasons = "认定事实不清",
            staff = new[] { body.Staff1, body.Staff2 },
        });
        // Served, it takes effect (行政复议法 Art. 75): the revocation is carried to the case.
        await server.RemedyOkAsync("reconsiderations", reconsideration, "serve-decision", new { servedOn = "2026-02-27", staff = new[] { body.Staff1 } });

        // The effect ran before the answer; its durable copy (in the west region's outbox) runs again later and appends nothing.
        Assert.Equal(1, await RegionsFixture.EventsOfTypeInAsync(server.WestDatabase, caseId, "decision_revoked"));
        Assert.Single(await server.EventsOfTypeAsync(caseId, "decision_revoked"));
        Assert.True(await RegionsFixture.EventsInAsync(server.WestDatabase, reconsideration) >= 5);
        foreach (var elsewhere in new[] { server.ConnectionString, server.EastDatabase })
        {
            Assert.Equal(0, await RegionsFixture.EventsInAsync(elsewhere, caseId));
            Assert.Equal(0, await RegionsFixture.EventsInAsync(elsewhere, reconsideration));
            Assert.Equal(0, await RegionsFixture.EventsOfTypeInAsync(elsewhere, null, "decision_revoked"));
        }
        Assert.True(await HasInboxAsync(server.WestDatabase));
        await Eventually.UntilAsync(() => PendingEnvelopesAsync(server.WestDatabase), n => n == 0, "the west outbox's durable copy handled");
        Assert.Equal(1, await RegionsFixture.EventsOfTypeInAsync(server.WestDatabase, caseId, "decision_revoked"));
    }

    /// <summary>The reconsideration body of the west region (an agency CASELEDGER_REGIONS gives to west).</summary>
    private async Task<ReconsiderationBody> BodyAsync()
    {
        var agency = await server.AgencyAsync(agencyId: server.WestBody);
        var head = await server.OfficerAsync(agency, roles: ["agency-head", "reconsideration-staff"], qualified: true, certified: false);
        Recorders.Register(server, agency, head.Token);
        return new ReconsiderationBody(agency,
            (await server.OfficerAsync(agency, roles: ["reconsideration-staff"], qualified: true, certified: false)).Id,
            (await server.OfficerAsync(agency, roles: ["reconsideration-staff"], qualified: true, certified: false)).Id,
            head.Id);
    }

    /// <summary>Envelopes of Wolverine's durable inbox kept in a database (whichever schema holds it) and not yet handled.</summary>
    private static async Task<long> PendingEnvelopesAsync(string connection)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("""
            select coalesce(sum((xpath('/row/n/text()', query_to_xml(
              format('select count(*) as n from %I.%I where status <> ''Handled''', table_schema, table_name), false, true, '')))[1]::text::bigint), 0)::bigint
            from information_schema.tables where table_name = 'wolverine_incoming_envelopes'
            """);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Whether the database holds a durable inbox at all (a region's outbox and inbox are its own).</summary>
    private static async Task<bool> HasInboxAsync(string connection)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("select exists (select 1 from information_schema.tables where table_name = 'wolverine_incoming_envelopes')");
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
