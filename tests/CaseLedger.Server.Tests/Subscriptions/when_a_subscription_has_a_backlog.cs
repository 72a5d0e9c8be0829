using CaseLedger.Server.Tests.Support;
using CaseLedger.Subscriptions;
using NodaTime;
using WebhookSubscriber;

namespace CaseLedger.Server.Tests.Subscriptions;

/// <summary>A webhook delivers a page of events per read of its subscription; order, completeness and access hold across pages.</summary>
public sealed class when_a_subscription_has_a_backlog(IntegrationFixture server) : ReceiverTests(server.Clock), IClassFixture<IntegrationFixture>
{
    [Fact]
    public async Task a_backlog_longer_than_a_page_arrives_whole_once_in_global_order_and_the_cursor_ends_past_it()
    {
        var staff = await server.StaffAsync();
        var mark = await server.FeedMarkAsync();
        string[] cases = [await server.FiledCaseAsync(staff), await server.FiledCaseAsync(staff), await server.FiledCaseAsync(staff)];
        for (var n = 1; n * cases.Length + 2 * cases.Length <= WebhookDispatcher.PageSize + 10; n++)
            foreach (var caseId in cases)
                await server.EvidenceAsync(staff, caseId, n);
        var (written, _) = await server.Client().FeedToEndAsync(mark);
        var ours = written.Where(e => cases.Contains((string?)e["subject"])).ToList();
        Assert.True(ours.Count > WebhookDispatcher.PageSize, $"{ours.Count} events: the backlog must span more than one page");

        var id = await server.SubscribeAsync(Receiver, new { agencies = new[] { staff.AgencyId }, after = mark });
        await Receiver.UntilAsync(r => r.Count >= ours.Count, $"the {ours.Count} events of the backlog");
        var state = await server.SubscriptionUntilAsync(id, s => (long)s["cursor"]! >= ours[^1].Sequence(), "saved the cursor past the backlog");

        var received = Receiver.Received;
        Assert.Equal(ours.Select(e => (string?)e["id"]), received.Select(r => (string?)r.Event["id"]));
        Assert.Equal(ours.Count, (long)state["delivered"]!);
        await server.AssertEveryEventInCaseOrderAsync(received, cases);
        Assert.All(received, r => Assert.Equal(SignatureCheck.Valid, r.Check));
    }

    [Fact]
    public async Task a_withdrawn_grant_stops_the_deliveries_of_the_agency_it_no_longer_names()
    {
        var staff = await server.StaffAsync();
        var elsewhere = await server.NewStaffAsync();
        var integrator = await server.IntegratorAsync(staff.AgencyId, [staff.AgencyId], ["*"]);
        var mark = await server.FeedMarkAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var id = await server.SubscribeAsync(Receiver, new { after = mark }, integrator.Token);
        await Receiver.UntilAsync(r => r.Count(x => x.Subject == caseId) == 2, "the case's two events while granted");

        await (await server.Client().PostJsonAsync($"/api/integrators/{integrator.Id}/grants",
            new { agencies = new[] { elsewhere.AgencyId }, eventTypes = new[] { "*" } })).AssertOkAsync();
        await server.EvidenceAsync(staff, caseId, 1);
        var afterWithdrawal = await server.FeedMarkAsync();
        await server.SubscriptionUntilAsync(id, s => (long)s["cursor"]! >= afterWithdrawal, "moved past the event it may no longer see");

        Assert.Equal(2, Receiver.Received.Count(x => x.Subject == caseId));
    }

    [Fact]
    public async Task a_subscription_deleted_in_the_middle_of_a_page_stays_deleted()
    {
        var staff = await server.StaffAsync();
        var mark = await server.FeedMarkAsync();
        var caseId = await server.FiledCaseAsync(staff);
        for (var n = 1; n <= 3; n++) await server.EvidenceAsync(staff, caseId, n);
        // Read through the feed, so the safe mark the dispatcher reads its page up to covers all five.
        var (written, _) = await server.Client().FeedToEndAsync(mark);
        Assert.Equal(5, written.Count(e => (string?)e["subject"] == caseId));
        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Receiver.Answer = (_, _) => held.Task;

        var id = await server.SubscribeAsync(Receiver, new { agencies = new[] { staff.AgencyId }, after = mark });
        await Eventually.UntilAsync(() => Task.FromResult(Receiver.Attempts), a => a == 1, "the first delivery of the page began");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await server.Client().DeleteAsync($"/api/subscriptions/{id}")).StatusCode);
        held.SetResult(200);
        await Receiver.UntilAsync(r => r.Count(x => x.Subject == caseId) == 5, "the rest of the page, already read");

        // A later subscription's deliveries come after the first one's page was finished and its cursor save attempted.
        await using var later = await Receiver.StartAsync(() => server.Clock.GetCurrentInstant().ToDateTimeOffset());
        await server.SubscribeAsync(later, new { agencies = new[] { staff.AgencyId }, after = mark });
        await later.UntilAsync(r => r.Count(x => x.Subject == caseId) == 5, "the case's events, through a new subscription");
        var response = await server.Client().GetAsync($"/api/subscriptions/{id}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
