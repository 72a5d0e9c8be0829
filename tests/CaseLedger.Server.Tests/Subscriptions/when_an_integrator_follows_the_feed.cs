using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Subscriptions;

public sealed class when_an_integrator_follows_the_feed(IntegrationFixture server) : IClassFixture<IntegrationFixture>
{
    [Fact]
    public async Task the_live_stream_follows_new_events_and_resumes_after_the_last_event_id()
    {
        var staff = await server.StaffAsync();
        var mark = await server.FeedMarkAsync();
        await using (var stream = await ServerSentEvents.OpenAsync(server.Client(), "/api/feed/stream", mark.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            var caseId = await server.FiledCaseAsync(staff);
            await server.EvidenceAsync(staff, caseId, 1);
            var events = await stream.NextAsync(3, e => (string?)e.Data["subject"] == caseId);

            Assert.Equal(await server.EventIdsAsync(caseId), events.Select(e => (string)e.Data["id"]!));
            Assert.All(events, e => Assert.Equal(e.Id, (string?)e.Data["globalsequence"]));
            Assert.All(events, e => Assert.Equal(e.Type, (string?)e.Data["type"]));
            Assert.Equal(IntegrationScenarios.Penalty("evidence_collected"), events[2].Type);

            await using var resumed = await ServerSentEvents.OpenAsync(server.Client(), "/api/feed/stream", events[0].Id);
            Assert.Equal(events[1].Id, (await resumed.NextAsync()).Id);
        }
    }

    [Fact]
    public async Task it_sees_only_the_agencies_and_types_granted_in_the_feed_the_stream_and_webhooks()
    {
        var granted = await server.StaffAsync();
        var other = await server.NewStaffAsync();
        await using var receiver = await Receiver.StartAsync(() => server.Clock.GetCurrentInstant().ToDateTimeOffset());
        string[] types = [IntegrationScenarios.Penalty("lead_registered"), IntegrationScenarios.Penalty("evidence_collected")];
        var integrator = await server.IntegratorAsync(other.AgencyId, [granted.AgencyId], types);
        var mark = await server.FeedMarkAsync();
        await server.SubscribeAsync(receiver, new { after = mark }, integrator.Token);

        var visible = await server.FiledCaseAsync(granted);
        await server.EvidenceAsync(granted, visible, 1);
        var hidden = await server.FiledCaseAsync(other);
        await server.EvidenceAsync(other, hidden, 1);
        await server.EvidenceAsync(granted, visible, 2);
        var expected = (await server.EventIdsAsync(visible)).Where((_, i) => i != 1).ToList();

        var (feed, _) = await server.Client(integrator.Token).FeedToEndAsync(mark);
        Assert.Equal(expected, feed.Select(e => (string)e["id"]!));

        await using (var stream = await ServerSentEvents.OpenAsync(server.Client(integrator.Token), "/api/feed/stream", mark.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            Assert.Equal(expected, (await stream.NextAsync(3, _ => true)).Select(e => (string)e.Data["id"]!));

        await receiver.UntilAsync(r => r.Count == 3, "the three visible events");
        Assert.Equal(expected, receiver.Received.Select(r => r.Id));

        var client = server.Client(integrator.Token);
        await (await client.PostJsonAsync("/api/subscriptions", new { url = receiver.Url, secret = Receiver.Secret, agencies = new[] { other.AgencyId } }))
            .AssertProblemAsync(403, "forbidden");
        await (await client.PostJsonAsync($"/api/integrators/{integrator.Id}/grants", new { agencies = new[] { "*" }, eventTypes = new[] { "*" } }))
            .AssertProblemAsync(403, "forbidden");
        await (await server.Client().PostJsonAsync($"/api/integrators/{integrator.Id}/grants", new { agencies = new[] { "*" }, eventTypes = new[] { "caseledger.penalty.no_such_thing.v1" } }))
            .AssertProblemAsync(400, "validation-failed");
        await (await server.Client().PostJsonAsync($"/api/integrators/{granted.Investigator1}/grants", new { agencies = new[] { "*" }, eventTypes = new[] { "*" } }))
            .AssertProblemAsync(400, "validation-failed");
    }
}
