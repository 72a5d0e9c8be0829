using System.Collections;
using System.Reflection;
using NodaTime;

namespace CaseLedger.Tests.Contracts;

/// <summary>
/// Builds a deterministic sample of any event record from its constructor: every field filled, every
/// list with one element, every enum at its first value. The sample's JSON shows the whole contract.
/// </summary>
public static class SampleValues
{
    public static object Of(Type type, string name = "value", int depth = 0)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return Of(inner, name, depth);
        if (type == typeof(string)) return name;
        if (type == typeof(bool)) return true;
        if (type == typeof(int)) return 7;
        if (type == typeof(long)) return 7L;
        if (type == typeof(decimal)) return 1234.5m;
        if (type == typeof(Guid)) return new Guid("0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        if (type == typeof(LocalDate)) return new LocalDate(2025, 1, 24);
        if (type == typeof(Instant)) return Instant.FromUtc(2025, 1, 24, 2, 30);
        if (type == typeof(LocalDateTime)) return new LocalDateTime(2025, 1, 24, 10, 30);
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0)!;
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>) || definition == typeof(List<>) || definition == typeof(IReadOnlyCollection<>)))
        {
            var element = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            if (depth < 4) list.Add(Of(element, name, depth + 1));
            return list;
        }
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IReadOnlySet<>) || type.GetGenericTypeDefinition() == typeof(ISet<>)))
        {
            var element = type.GetGenericArguments()[0];
            var set = Activator.CreateInstance(typeof(HashSet<>).MakeGenericType(element))!;
            set.GetType().GetMethod("Add")!.Invoke(set, [Of(element, name, depth + 1)]);
            return set;
        }
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => Of(p.ParameterType, p.Name!, depth + 1)).ToArray();
        return constructor.Invoke(arguments);
    }
}
