using CaseLedger.Server.Tests.Support;
using NodaTime;
using WebhookSubscriber;

namespace CaseLedger.Server.Tests.Subscriptions;

public sealed class when_delivering_webhooks(IntegrationFixture server) : ReceiverTests(server.Clock), IClassFixture<IntegrationFixture>
{
    [Fact]
    public async Task a_subscriber_down_for_a_while_then_back_receives_every_event_in_case_order_signed()
    {
        var staff = await server.StaffAsync();
        var mark = await server.FeedMarkAsync();
        var first = await server.FiledCaseAsync(staff);
        var second = await server.FiledCaseAsync(staff);
        await server.EvidenceAsync(staff, first, 1);
        await server.EvidenceAsync(staff, second, 1);
        Receiver.Answer = (_, _) => Task.FromResult(503);

        var id = await server.SubscribeAsync(Receiver, new { agencies = new[] { staff.AgencyId }, after = mark });
        await server.SubscriptionUntilAsync(id, s => (int)s["attempts"]! == 1, "failed once");
        server.Clock.Advance(Duration.FromMinutes(1));
        var down = await server.SubscriptionUntilAsync(id, s => (int)s["attempts"]! == 2, "failed twice, backing off");
        Assert.Contains("503", (string?)down["lastError"]);
        Assert.Empty(Receiver.Received);

        Receiver.Answer = (_, _) => Task.FromResult(200);
        server.Clock.Advance(Duration.FromMinutes(2));
        await Receiver.UntilAsync(r => r.Select(x => x.Id).Distinct().Count() == 6, "the six events written while it was down");
        await server.EvidenceAsync(staff, second, 2);
        await server.EvidenceAsync(staff, first, 2);
        await Receiver.UntilAsync(r => r.Select(x => x.Id).Distinct().Count() == 8, "the events written after it came back");

        var received = Receiver.Received;
        await server.AssertEveryEventInCaseOrderAsync(received, [first, second]);
        Assert.All(received, r => Assert.Equal(SignatureCheck.Valid, r.Check));
        Assert.Equal(received.Select(r => r.Sequence).Order(), received.Select(r => r.Sequence));
        var state = await server.SubscriptionAsync(id);
        Assert.Equal(0, (int)state["attempts"]!);
        Assert.Empty(state["parked"]!.AsArray());
    }

    [Fact]
    public async Task the_sample_refuses_a_tampered_body_a_wrong_secret_and_an_old_timestamp()
    {
        var staff = await server.StaffAsync();
        var mark = await server.FeedMarkAsync();
        var caseId = await server.FiledCaseAsync(staff);
        await server.SubscribeAsync(Receiver, new { agencies = new[] { staff.AgencyId }, after = mark });
        await Receiver.UntilAsync(r => r.Any(x => x.Subject == caseId), "a delivery");
        var delivery = Receiver.Received.First(x => x.Subject == caseId);
        var now = server.Clock.GetCurrentInstant().ToDateTimeOffset();

        Assert.Equal(SignatureCheck.Valid, CaseLedgerSignature.Verify(Receiver.Secret, delivery.Signature, delivery.Body, now));
        var tampered = (byte[])delivery.Body.Clone();
        tampered[Array.IndexOf(tampered, (byte)'}') - 1] ^= 1;
        Assert.Equal(SignatureCheck.Mismatch, CaseLedgerSignature.Verify(Receiver.Secret, delivery.Signature, tampered, now));
        Assert.Equal(SignatureCheck.Mismatch, CaseLedgerSignature.Verify("another-secret-0123456789", delivery.Signature, delivery.Body, now));
        Assert.Equal(SignatureCheck.TooOld, CaseLedgerSignature.Verify(Receiver.Secret, delivery.Signature, delivery.Body, now.AddHours(1)));
        Assert.Equal(SignatureCheck.Missing, CaseLedgerSignature.Verify(Receiver.Secret, null, delivery.Body, now));
    }

    [Fact]
    public async Task a_delivery_that_keeps_failing_is_parked_its_case_waits_behind_it_and_a_retry_sends_them_in_order()
    {
        var staff = await server.StaffAsync();
        var mark = await server.FeedMarkAsync();
        var failing = await server.FiledCaseAsync(staff);
        var healthy = await server.FiledCaseAsync(staff);
        await server.EvidenceAsync(staff, failing, 1);
        await server.EvidenceAsync(staff, healthy, 1);
        Receiver.Answer = (e, _) => Task.FromResult((string?)e["subject"] == failing ? 500 : 200);

        var id = await server.SubscribeAsync(Receiver, new { agencies = new[] { staff.AgencyId }, after = mark });
        for (var attempt = 1; attempt < 3; attempt++)
        {
            await server.SubscriptionUntilAsync(id, s => (int)s["attempts"]! == attempt, $"failed {attempt} times");
            server.Clock.Advance(Duration.FromHours(1));
        }
        var parked = await server.SubscriptionUntilAsync(id, s => s["parked"]!.AsArray().Count == 3, "parked the failing case's three events");
        await Receiver.UntilAsync(r => r.Count(x => x.Subject == healthy) == 3, "the healthy case's events");

        var deliveries = parked["parked"]!.AsArray();
        Assert.All(deliveries, d => Assert.Equal(failing, (string?)d!["caseId"]));
        Assert.Equal(3, (int)deliveries[0]!["attempts"]!);
        Assert.Contains("500", (string?)deliveries[0]!["lastError"]);
        Assert.All(deliveries.Skip(1), d => Assert.Equal((long)deliveries[0]!["sequence"]!, (long)d!["blockedBy"]!));
        Assert.DoesNotContain(Receiver.Received, r => r.Subject == failing);

        await server.EvidenceAsync(staff, failing, 2);
        await server.SubscriptionUntilAsync(id, s => s["parked"]!.AsArray().Count == 4, "parked the failing case's newest event behind the others");
        Receiver.Answer = (_, _) => Task.FromResult(200);
        await (await server.Client().PostAsync($"/api/subscriptions/{id}/retry", null)).AssertOkAsync();
        await Receiver.UntilAsync(r => r.Count(x => x.Subject == failing) == 4, "the parked events after the retry");

        await server.AssertEveryEventInCaseOrderAsync(Receiver.Received, [failing, healthy]);
        var after = await server.SubscriptionUntilAsync(id, s => s["retrying"]!.AsArray().Count == 0, "emptied the retry queue");
        Assert.Empty(after["parked"]!.AsArray());
    }
}
