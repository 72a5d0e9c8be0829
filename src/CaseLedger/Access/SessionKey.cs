namespace CaseLedger.Access;

/// <summary>
/// One key of the ASP.NET Core Data Protection key ring that protects the console's session cookies and the sign-in's
/// correlation cookies, as the key manager wrote it (<see cref="Xml"/>), kept in the deployment's database so that every node
/// of a deployment reads and writes one ring: a cookie one node issues, another accepts.
/// </summary>
/// <param name="Id">The key manager's friendly name for the element (<c>key-{guid}</c>), or a new id when it gave none.</param>
public sealed record SessionKey(string Id, string Xml);
