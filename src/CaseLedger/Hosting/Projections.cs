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
