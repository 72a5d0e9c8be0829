using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Subscriptions;

/// <summary>A server that polls its store for new events only every ten minutes.</summary>
public sealed class SlowPollFixture : ServerFixture
{
    protected override CaseLedgerSettings Configure(CaseLedgerSettings settings) =>
        settings with { Integrations = IntegrationFixture.Fast with { PollInterval = TimeSpan.FromMinutes(10), SettleTimeout = TimeSpan.FromSeconds(5) } };
}

/// <summary>
/// Events this server commits reach webhooks and live streams at once, not at the next poll: the test waits at most
/// 30 s for what the poll alone would deliver after ten minutes.
/// </summary>
public sealed class when_events_are_committed_between_polls(SlowPollFixture server) : ReceiverTests(server.Clock), IClassFixture<SlowPollFixture>
{
    [Fact]
    public async Task a_webhook_receives_each_new_step_without_waiting_for_the_poll()
    {
        var staff = await server.StaffAsync();
        var mark = await server.FeedMarkAsync();
        await server.SubscribeAsync(Receiver, new { agencies = new[] { staff.AgencyId }, after = mark });

        var caseId = await server.FiledCaseAsync(staff);
        await Receiver.UntilAsync(r => r.Count(x => x.Subject == caseId) == 2, "the lead and the filing");
        await server.EvidenceAsync(staff, caseId, 1);
        await Receiver.UntilAsync(r => r.Count(x => x.Subject == caseId) == 3, "the evidence, recorded after the first deliveries");

        await server.AssertEveryEventInCaseOrderAsync(Receiver.Received, [caseId]);
    }

    [Fact]
    public async Task the_live_stream_shows_each_new_step_without_waiting_for_the_poll()
    {
        var staff = await server.StaffAsync();
        var mark = await server.FeedMarkAsync();
        await using var stream = await ServerSentEvents.OpenAsync(server.Client(), "/api/feed/stream", mark.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var caseId = await server.FiledCaseAsync(staff);
        var filed = await stream.NextAsync(2, e => (string?)e.Data["subject"] == caseId);
        await server.EvidenceAsync(staff, caseId, 1);
        var evidence = await stream.NextAsync(1, e => (string?)e.Data["subject"] == caseId);

        Assert.Equal(await server.EventIdsAsync(caseId), filed.Concat(evidence).Select(e => (string)e.Data["id"]!));
    }
}
