using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace CaseLedger.Server.Tests.Subscriptions;

/// <summary>
/// The feed, the live stream and webhooks carry the linked proceedings (reconsideration, suit, petition, supervision matter,
/// case-file review campaign, dispute) to the integrators of the agencies entitled to them, and to no other
/// (<see cref="ProceedingAudience"/>): agency A's published fine is reconsidered by body R, sued, petitioned about, supervised by
/// organ O, its file reviewed in O's campaign beside agency A2's, and A disputes a competence with agency B before O.
/// </summary>
public sealed class when_integrators_follow_linked_proceedings(IntegrationFixture server) : IClassFixture<IntegrationFixture>
{
    private sealed record World(
        long Mark, AgencyStaff A, AgencyStaff A2, AgencyStaff B, ReconsiderationBody Body, SupervisingOrgan Organ, string Stranger,
        string Reconsideration, string Suit, string Petition, string Matter, string Campaign, string Dispute, string FileOfA, string FileOfA2);

    /// <summary>The world of each server: built once for the class's tests, which only read it.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IntegrationFixture, Lazy<Task<World>>> Worlds = new();

    private static string Type(string kind, string storedName) => $"caseledger.{kind}.{storedName}.v1";

    /// <summary>One of each linked proceeding, recorded once for the class's tests.</summary>
    private Task<World> WorldAsync() => Worlds.GetValue(server, _ => new Lazy<Task<World>>(BuildAsync)).Value;

    private async Task<World> BuildAsync()
    {
        var (a, a2, b) = (await server.NewStaffAsync(), await server.NewStaffAsync(), await server.NewStaffAsync());
        var body = await server.ReconsiderationBodyAsync();
        var organ = await server.SupervisingOrganAsync();
        var reviewers = await server.SupervisingOrganAsync();
        var stranger = await server.AgencyAsync();
        var fileOfA = await server.PublishedCaseAsync(a);
        var fileOfA2 = await server.PublishedCaseAsync(a2);
        var sued = await server.PublishedCaseAsync(a);
        var disputed = await server.NotifiedCaseAsync(a, 50_000m);
        var mark = await server.FeedMarkAsync();

        var reconsideration = await server.ApplyForReconsiderationAsync(fileOfA, body, "2026-02-03");
        var suit = (string)(await (await server.Client(a.TokenOf(a.Head)).PostJsonAsync("/api/litigations", new
        {
            caseId = sued, court = "济南市历下区人民法院", plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29", filedOn = "2025-07-01", complaintReceivedOn = "2025-07-08", staff = new[] { a.Investigator1 },
        })).AssertOkAsync(201))["litigationId"]!;
        var petition = (string)(await (await server.Client(a.TokenOf(a.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "citizen", name = "王某", idNumber = "370102199001011234" },
            subject = "反映执法人员态度问题", lodgedOn = "2026-02-02", staff = new[] { a.Investigator1 },
        })).AssertOkAsync(201))["petitionId"]!;
        var matter = await server.OpenSupervisionMatterAsync(organ, fileOfA);
        var campaign = (string)(await (await server.Client(organ.TokenOf(organ.Head)).PostJsonAsync("/api/review-campaigns", new
        {
            title = "2025 年度行政处罚案卷评查", agencies = new[] { a.AgencyId, a2.AgencyId }, periodFrom = "2025-01-01", periodTo = "2025-12-31",
            sampleSize = 3, openedOn = "2026-02-02", supervisors = organ.Supervisors, seed = 7L, body = organ.OrganId,
        })).AssertOkAsync(201))["campaignId"]!;
        await (await server.Client(organ.TokenOf(organ.Head)).PostJsonAsync($"/api/review-campaigns/{campaign}/assign-reviewers",
            new { reviewers = new[] { reviewers.Supervisor1 }, assignedOn = "2026-02-03", supervisors = organ.Supervisors })).AssertOkAsync();
        await (await server.Client(reviewers.TokenOf(reviewers.Supervisor1)).PostJsonAsync($"/api/review-campaigns/{campaign}/score-file", new
        {
            caseId = fileOfA, reviewer = reviewers.Supervisor1, scoredOn = "2026-02-10",
            scores = new object[]
            {
                new { item = "body", points = 5, note = "执法主体适格" }, new { item = "facts-and-evidence", points = 10, note = "事实清楚" },
                new { item = "basis", points = 10, note = "适用法律正确" }, new { item = "discretion", points = 5, note = "裁量适当" },
            },
        })).AssertOkAsync();
        var dispute = (string)(await (await server.Client(a.TokenOf(a.Head)).PostJsonAsync("/api/disputes", new
        {
            kind = "competence", subject = "网络销售过期食品案的管辖", agencies = new[] { b.AgencyId }, office = organ.OrganId,
            raisedOn = "2026-02-02", raisedBy = a.Head, caseId = disputed,
        })).AssertOkAsync(201))["disputeId"]!;
        return new World(mark, a, a2, b, body, organ, stranger, reconsideration, suit, petition, matter, campaign, dispute, fileOfA, fileOfA2);
    }

    private async Task<List<JsonNode>> FeedOfAsync(long mark, string homeAgency, string[] agencies, string[] types)
    {
        var integrator = await server.IntegratorAsync(homeAgency, agencies, types);
        return (await server.Client(integrator.Token).FeedToEndAsync(mark)).Events;
    }

    private static HashSet<string> Subjects(IEnumerable<JsonNode> events) => [.. events.Select(e => (string)e["subject"]!)];

    [Fact]
    public async Task each_agency_entitled_sees_the_proceedings_events_and_no_other_agency_does()
    {
        var w = await WorldAsync();
        var linked = new[] { w.Reconsideration, w.Suit, w.Petition, w.Matter, w.Campaign, w.Dispute };
        var all = await FeedOfAsync(w.Mark, w.A.AgencyId, ["*"], ["*"]);
        Assert.Superset(linked.ToHashSet(), Subjects(all));

        // The respondent agency: its reconsideration, its suit, the petition about its case, the matter supervising it, the
        // campaign reviewing it with its own file's score, and the dispute it raised.
        var ofA = await FeedOfAsync(w.Mark, w.A.AgencyId, [w.A.AgencyId], ["*"]);
        Assert.Superset(linked.ToHashSet(), Subjects(ofA));
        Assert.Contains(ofA, e => (string?)e["type"] == Type("review_campaign", "case_file_scored") && (string?)e["data"]!["caseId"] == w.FileOfA);

        // The reconsideration body sees its reconsideration only; the organ its matter, its campaign (every score) and the dispute.
        Assert.Equal([w.Reconsideration], Subjects(await FeedOfAsync(w.Mark, w.Body.BodyId, [w.Body.BodyId], ["*"])));
        var ofOrgan = await FeedOfAsync(w.Mark, w.Organ.OrganId, [w.Organ.OrganId], ["*"]);
        Assert.Equal([w.Matter, w.Campaign, w.Dispute], Subjects(ofOrgan).Order());
        Assert.Contains(ofOrgan, e => (string?)e["type"] == Type("review_campaign", "case_file_scored"));
        // The other party of the dispute: the dispute alone.
        Assert.Equal([w.Dispute], Subjects(await FeedOfAsync(w.Mark, w.B.AgencyId, [w.B.AgencyId], ["*"])));

        // The other reviewed agency sees the campaign, but not the score of A's file.
        var ofA2 = await FeedOfAsync(w.Mark, w.A2.AgencyId, [w.A2.AgencyId], ["*"]);
        Assert.Equal([w.Campaign], Subjects(ofA2));
        Assert.Equal([Type("review_campaign", "review_campaign_opened"), Type("review_campaign", "reviewers_assigned")],
            ofA2.Select(e => (string)e["type"]!));

        // Adversary: another agency's integrator granted every type sees none of it.
        Assert.Empty(await FeedOfAsync(w.Mark, w.Stranger, [w.Stranger], ["*"]));
        // A grant narrowed to one type sees that type only.
        var narrowed = await FeedOfAsync(w.Mark, w.A.AgencyId, [w.A.AgencyId, w.Organ.OrganId], [Type("supervision", "supervision_matter_opened")]);
        Assert.Equal([w.Matter], narrowed.Select(e => (string)e["subject"]!));
    }

    [Fact]
    public async Task a_third_partys_assessment_reaches_the_office_and_the_agency_assessed_and_no_other_agency()
    {
        var (assessed, stranger) = (await server.NewStaffAsync(), await server.NewStaffAsync());
        var organ = await server.SupervisingOrganAsync();
        var mark = await server.FeedMarkAsync();
        var recorded = await (await server.Client(organ.TokenOf(organ.Head)).PostJsonAsync("/api/third-party-assessments", new
        {
            agency = assessed.AgencyId, assessor = "山东某法治评估研究院", score = 86.5, findings = "执法程序总体规范", reportSha256 = new string('e', 64),
            assessedOn = "2026-02-16", supervisors = organ.Supervisors, body = organ.OrganId, year = 2025,
        })).AssertOkAsync(201);
        var id = (string)recorded["assessmentId"]!;
        var type = Type("third_party_assessment", "third_party_assessment_recorded");

        foreach (var agency in new[] { assessed.AgencyId, organ.OrganId })
        {
            var seen = Assert.Single(await FeedOfAsync(mark, agency, [agency], ["*"]), e => (string?)e["subject"] == id);
            Assert.Equal(type, (string?)seen["type"]);
            Assert.Equal($"/agencies/{organ.OrganId}/third-party-assessments/{id}", (string?)seen["source"]);
        }
        Assert.DoesNotContain(await FeedOfAsync(mark, stranger.AgencyId, [stranger.AgencyId], ["*"]), e => (string?)e["subject"] == id);
        Assert.Contains(type, (await (await server.Client().GetAsync("/api/feed/types")).AssertOkAsync()).AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task a_proceedings_cloud_event_names_its_kind_keeper_and_stream()
    {
        var w = await WorldAsync();
        var all = await FeedOfAsync(w.Mark, w.A.AgencyId, ["*"], ["*"]);
        JsonNode First(string subject) => all.First(e => (string?)e["subject"] == subject);

        var applied = First(w.Reconsideration);
        Assert.Equal(Type("reconsideration", "reconsideration_applied"), (string?)applied["type"]);
        Assert.Equal($"/agencies/{w.Body.BodyId}/reconsiderations/{w.Reconsideration}", (string?)applied["source"]);
        Assert.Equal(1, (int)applied["streamversion"]!);
        Assert.Equal(w.FileOfA, (string?)applied["data"]!["contested"]!["caseId"]);
        Assert.NotNull((string?)applied["chainhash"]);
        Assert.Equal($"/agencies/{w.A.AgencyId}/litigations/{w.Suit}", (string?)First(w.Suit)["source"]);
        Assert.Equal($"/agencies/{w.A.AgencyId}/petitions/{w.Petition}", (string?)First(w.Petition)["source"]);
        Assert.Equal($"/agencies/{w.Organ.OrganId}/supervision-matters/{w.Matter}", (string?)First(w.Matter)["source"]);
        Assert.Equal($"/agencies/{w.Organ.OrganId}/review-campaigns/{w.Campaign}", (string?)First(w.Campaign)["source"]);
        Assert.Equal($"/agencies/{w.Organ.OrganId}/disputes/{w.Dispute}", (string?)First(w.Dispute)["source"]);
        Assert.Equal(Type("dispute", "dispute_raised"), (string?)First(w.Dispute)["type"]);

        // Every type served is listed, and a grant or subscription may name it.
        var types = (await server.GetAsync("/api/feed/types")).AsArray().Select(t => (string)t!).ToHashSet();
        Assert.Superset(all.Select(e => (string)e["type"]!).ToHashSet(), types);
        await (await server.Client().PostJsonAsync("/api/integrators/" + (await server.IntegratorAsync(w.A.AgencyId, [w.A.AgencyId], ["*"])).Id + "/grants",
            new { agencies = new[] { w.A.AgencyId }, eventTypes = new[] { Type("reconsideration", "no_such_thing") } })).AssertProblemAsync(400, "validation-failed");
    }

    [Fact]
    public async Task the_query_selects_exactly_what_the_rule_lets_each_grant_see()
    {
        // FeedAccess.Sees states the rule on each event's audience; the feed's one query must select exactly those events.
        var w = await WorldAsync();
        var feed = server.App.Services.GetRequiredService<FeedReader>();
        var upTo = await server.FeedMarkAsync();
        var everything = (await feed.ReadAsync(w.Mark, 1000, FeedAccess.Everything, upTo, default)).Events;
        string[] agencies = [w.A.AgencyId, w.A2.AgencyId, w.B.AgencyId, w.Body.BodyId, w.Organ.OrganId, w.Stranger];
        foreach (var agency in agencies)
            foreach (var types in new[] { null, new[] { Type("review_campaign", "case_file_scored") }, new[] { Type("reconsideration", "reconsideration_applied") } })
            {
                var access = new FeedAccess(new HashSet<string> { agency }, types?.ToHashSet());
                var read = (await feed.ReadAsync(w.Mark, 1000, access, upTo, default)).Events.Select(e => e.Id);
                Assert.Equal(everything.Where(access.Sees).Select(e => e.Id), read);
            }
    }

    [Fact]
    public async Task the_live_stream_and_webhooks_deliver_them_as_the_feed_does()
    {
        var w = await WorldAsync();
        var integrator = await server.IntegratorAsync(w.Body.BodyId, [w.Body.BodyId], ["*"]);
        var expected = (await server.Client(integrator.Token).FeedToEndAsync(w.Mark)).Events.Select(e => (string)e["id"]!).ToList();
        Assert.NotEmpty(expected);

        await using (var stream = await ServerSentEvents.OpenAsync(server.Client(integrator.Token), "/api/feed/stream",
                         w.Mark.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            Assert.Equal(expected, (await stream.NextAsync(expected.Count, _ => true)).Select(e => (string)e.Data["id"]!));

        await using var receiver = await Receiver.StartAsync(() => server.Clock.GetCurrentInstant().ToDateTimeOffset());
        await server.SubscribeAsync(receiver, new { after = w.Mark }, integrator.Token);
        await receiver.UntilAsync(r => r.Count >= expected.Count, "the reconsideration's events");
        Assert.Equal(expected, receiver.Received.Select(r => r.Id).Take(expected.Count));
        Assert.All(receiver.Received, r => Assert.Equal(w.Reconsideration, r.Subject));
    }
}
