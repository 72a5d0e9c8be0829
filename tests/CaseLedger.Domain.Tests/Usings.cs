global using NodaTime;
global using CaseLedger.Domain;
