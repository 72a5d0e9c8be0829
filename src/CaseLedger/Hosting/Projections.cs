using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CaseLedger.Hosting;

// Register read models are the domain's own write models, kept inline (same transaction as the
// events) so that a certificate revoked in one request is seen by the next.

public sealed class OfficerProjection : SingleStreamProjection<Officer, string>
{
    // Only officer streams: an inline projection otherwise loads a document for every stream appended to.
    public OfficerProjection()
    {
        IncludeType<OfficerRegistered>();
        IncludeType<CertificateIssued>();
        IncludeType<CertificateRenewed>();
        IncludeType<CertificateSuspended>();
        IncludeType<CertificateRevoked>();
        IncludeType<ReviewingSinceRecorded>();
        IncludeType<TrainingRecorded>();
        IncludeType<ExaminationRecorded>();
        IncludeType<CertificateReviewed>();
        IncludeType<OfficerDeactivated>();
        IncludeType<OfficerReactivated>();
    }

    public override Officer Evolve(Officer? snapshot, string id, IEvent e) => Officer.Evolve(snapshot, e.Data)!;
}

public sealed class AgencyProjection : SingleStreamProjection<Agency, string>
{
    public AgencyProjection()
    {
        IncludeType<AgencyRegistered>();
        IncludeType<AgencyPolicyChanged>();
    }

    public override Agency Evolve(Agency? snapshot, string id, IEvent e) => Agency.Evolve(snapshot, e.Data)!;
}

/// <summary>An agency's published lists (announcement, discretion catalogue versions, powers list versions), one document per lists stream.</summary>
public sealed class PublishedListsProjection : SingleStreamProjection<PublishedLists, string>
{
    public PublishedListsProjection()
    {
        IncludeType<EnforcementBodyAnnounced>();
        IncludeType<DiscretionCatalogueIssued>();
        IncludeType<PowersListIssued>();
    }

    public override PublishedLists Evolve(PublishedLists? snapshot, string id, IEvent e) => PublishedLists.Evolve(snapshot, e.Data)!;
}
