using CaseLedger.Assessments;
using CaseLedger.Domain.Assessments;
using CaseLedger.CaseFileReviews;
using CaseLedger.Commands;
using CaseLedger.Disputes;
using CaseLedger.Domain.CaseFileReviews;
using CaseLedger.Domain.Disputes;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.SupervisionMatters;
using CaseLedger.Litigations;
using CaseLedger.Petitions;
using CaseLedger.Reconsiderations;
using CaseLedger.Supervision;
using CaseLedger.SupervisionMatters;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;

namespace CaseLedger.Subscriptions;

/// <summary>
/// Whose integrators see the events of one linked proceeding (README, "Integrators"), in the domain's words:
/// <list type="bullet">
/// <item>a <b>reconsideration</b>: the respondent agency (the contested penalty case's) and the reconsideration body that decides it
/// (行政复议法 Arts. 24–28, 48);</item>
/// <item>a <b>suit</b>: the sued agencies, the defendants the filing names (the case's agency, and the reconsideration body when
/// it is a co-defendant, 行政诉讼法 Art. 26); the court is no agency of the register;</item>
/// <item>a <b>petition</b>: the agency it concerns, which is the office that received it (its staff lodge it: the case's agency,
/// or for a petition about no case the agency of the staff who lodged it);</item>
/// <item>a <b>supervision matter</b>: the supervised agency and the supervising organ (山东省行政执法监督条例 Art. 4);</item>
/// <item>a <b>case-file review campaign</b>: the reviewing organ every event; each reviewed agency the events that name no one
/// file, and of the files' scores only its own (<see cref="CaseFileScored"/> names its file's agency);</item>
/// <item>a <b>dispute between agencies</b>: every party and the legal affairs office (Art. 18);</item>
/// <item>a <b>third party's assessment</b> (评议考核, Art. 16): the supervising office that recorded it and the agency assessed.</item>
/// </list>
/// The same agencies as read the proceeding over HTTP. Every proceeding names them in its opening event and never changes
/// them, so the document is written once, inline in the transaction that appends that event, like the case's agency in
/// <see cref="CaseSupervision"/>: never later, or the feed's safe mark could pass its events before their audience exists and
/// skip them for good. It must stay inline. The feed joins it on the stream id (its primary key) and reads its JSON, the very
/// data the audit compares with what the events give (a forged audience is a <c>read-model-differs</c> finding): no column of
/// its own that an audit of the documents would not see.
/// </summary>
public sealed class ProceedingAudience
{
    public string Id { get; set; } = "";
    /// <summary>The kind of proceeding: its events' CloudEvents <c>source</c> names it (<see cref="SourcePath"/>).</summary>
    public string Kind { get; set; } = "";
    /// <summary>The agency that keeps the proceeding's record (the body, the organ, the office, the agency): its <c>source</c>.</summary>
    public string Keeper { get; set; } = "";
    /// <summary>The agencies that see every event of the proceeding.</summary>
    public string[] Agencies { get; set; } = [];
    /// <summary>The agencies that see its events naming no one file, and of those naming a file (<see cref="FeedTypes.NamingAFile"/>) the ones of their own.</summary>
    public string[] Parties { get; set; } = [];

    /// <summary>Every agency that reads the proceeding over HTTP: its <see cref="Agencies"/> and <see cref="Parties"/>.</summary>
    public IReadOnlyList<string> Readers() => [.. Agencies, .. Parties];

    /// <summary>The agencies that read the proceeding in <paramref name="file"/> (none before its opening event).</summary>
    public static IReadOnlyList<string> ReadersOf<TState>(StateFile<TState> file) where TState : class => Of(file)?.Readers() ?? [];

    public const string ReviewCampaign = "review-campaign";
    public const string Dispute = "dispute";
    public const string ThirdPartyAssessment = "third-party-assessment";

    /// <summary>Where a proceeding of <paramref name="kind"/> is, under its keeper's agency: <c>/agencies/{keeper}/reconsiderations/{id}</c>.</summary>
    public static string SourcePath(string kind, string keeper, string id) =>
        $"/agencies/{Uri.EscapeDataString(keeper)}/{kind switch
        {
            ProceedingKinds.Reconsideration => "reconsiderations",
            ProceedingKinds.Litigation => "litigations",
            ProceedingKinds.Petition => "petitions",
            ProceedingKinds.Supervision => "supervision-matters",
            ReviewCampaign => "review-campaigns",
            ThirdPartyAssessment => "third-party-assessments",
            _ => "disputes",
        }}/{Uri.EscapeDataString(id)}";

    /// <summary>The audience of the proceeding in <paramref name="file"/>; null before its opening event.</summary>
    public static ProceedingAudience? Of<TState>(StateFile<TState> file) where TState : class => file.State switch
    {
        ReconsiderationState r => New(file.Id, ProceedingKinds.Reconsideration, r.Application.Body, [r.Application.Contested.AgencyId, r.Application.Body]),
        LitigationState l => New(file.Id, ProceedingKinds.Litigation, file.AgencyId ?? l.Filing.Defendants[0], l.Filing.Defendants),
        PetitionState when file.AgencyId is { } agency => New(file.Id, ProceedingKinds.Petition, agency, [agency]),
        SupervisionMatterState m => New(file.Id, ProceedingKinds.Supervision, m.Body, [m.AgencyId, m.Body]),
        ReviewCampaignState c => New(file.Id, ReviewCampaign, c.Body, [c.Body], c.Opening.Agencies),
        DisputeState d => New(file.Id, Dispute, d.Raising.Office, [.. d.Parties(), d.Raising.Office]),
        // The office that recorded it and the agency assessed (Art. 16), as its read endpoint allows.
        ThirdPartyAssessmentState t => New(file.Id, ThirdPartyAssessment, t.Record.Body, [t.Record.AgencyId, t.Record.Body]),
        _ => null,
    };

    private static ProceedingAudience New(string id, string kind, string keeper, IEnumerable<string> agencies, IEnumerable<string>? parties = null)
    {
        var all = agencies.Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new ProceedingAudience
        {
            Id = id,
            Kind = kind,
            Keeper = keeper,
            Agencies = all,
            Parties = [.. (parties ?? []).Where(a => a.Length > 0 && !all.Contains(a)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }
}

/// <summary>
/// Inline: a proceeding's <see cref="ProceedingAudience"/>, from its file at its opening event (the pending file: nothing is
/// read); later commands write nothing. A rebuild computes it from the files just rebuilt.
/// </summary>
public sealed class ProceedingAudienceProjection(params IReadOnlyList<ProceedingAudienceProjection.IKind> kinds)
    : DerivedProjection<ProceedingAudience>(kinds.Select(k => k.Files), [.. kinds.Select(k => k.Opening)])
{
    public static IKind Of<TFile, TState>(StateFileProjection<TFile, TState> files, Type opening)
        where TFile : StateFile<TState>, new() where TState : class =>
        new Kind<TFile, TState>(files, opening);

    public override async Task<IReadOnlyList<ProceedingAudience>> DocumentsAsync(IQuerySession session, string id, IReadOnlyList<IEvent> slice,
        CancellationToken cancellation)
    {
        if (slice[0].Version != 1) return [];
        return await kinds.First(k => k.Files.IncludedEventTypes.Contains(slice[0].EventType)).AudienceAsync(session, id, slice, cancellation) is { } audience
            ? [audience]
            : [];
    }

    protected override async Task<IReadOnlyList<ProceedingAudience>> RebuiltAsync(IQuerySession session, string[] ids, CancellationToken cancellation)
    {
        var audiences = new List<ProceedingAudience>();
        foreach (var kind in kinds) audiences.AddRange(await kind.RebuiltAsync(session, ids, cancellation));
        return audiences;
    }

    /// <summary>One kind of proceeding: its file's projection and the event it opens with.</summary>
    public interface IKind
    {
        ProjectionBase Files { get; }
        Type Opening { get; }
        ValueTask<ProceedingAudience?> AudienceAsync(IQuerySession session, string id, IReadOnlyList<IEvent> events, CancellationToken ct);
        Task<IEnumerable<ProceedingAudience>> RebuiltAsync(IQuerySession session, string[] ids, CancellationToken ct);
    }

    private sealed class Kind<TFile, TState>(StateFileProjection<TFile, TState> files, Type opening) : IKind
        where TFile : StateFile<TState>, new()
        where TState : class
    {
        private readonly StreamFiles<TFile> _files = new(files);

        public ProjectionBase Files => files;
        public Type Opening => opening;

        public async ValueTask<ProceedingAudience?> AudienceAsync(IQuerySession session, string id, IReadOnlyList<IEvent> events, CancellationToken ct) =>
            await _files.AfterAsync(session, id, events, ct) is { } file ? ProceedingAudience.Of(file) : null;

        public async Task<IEnumerable<ProceedingAudience>> RebuiltAsync(IQuerySession session, string[] ids, CancellationToken ct) =>
            (await session.LoadManyAsync<TFile>(ct, ids)).Select(ProceedingAudience.Of).OfType<ProceedingAudience>();
    }

    /// <summary>The seven kinds of linked proceeding and supervision record, from their files' projections.</summary>
    public static ProceedingAudienceProjection For(ReconsiderationFileProjection reconsiderations, LitigationFileProjection litigations,
        PetitionFileProjection petitions, SupervisionMatterFileProjection matters, ReviewCampaignFileProjection campaigns, DisputeFileProjection disputes,
        ThirdPartyAssessmentFileProjection assessments) =>
        new(Of(reconsiderations, typeof(ReconsiderationApplied)), Of(litigations, typeof(LitigationFiled)), Of(petitions, typeof(PetitionLodged)),
            Of(matters, typeof(SupervisionMatterOpened)), Of(campaigns, typeof(ReviewCampaignOpened)), Of(disputes, typeof(DisputeRaised)),
            Of(assessments, typeof(ThirdPartyAssessmentRecorded)));
}
