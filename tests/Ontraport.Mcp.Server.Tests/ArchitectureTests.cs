using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The one-way flow (AGENTS.md), read from the compiled assemblies' metadata, method bodies included: what a type uses
/// inside a method (a <c>new</c>, a call, a field, a cast, a <c>typeof</c>) counts as much as its signatures.
/// </summary>
public class ArchitectureTests
{
    private static readonly string[] ClientMustNotUse = ["ModelContextProtocol", "Ontraport.Mcp.Server", "Ontraport.Sandbox", "StackExchange.Redis", "Microsoft.AspNetCore"];

    [Fact]
    public void The_client_references_nothing_of_MCP_the_host_the_sandbox_Redis_or_ASP_NET_Core()
    {
        var client = LayerScan.Of(typeof(Ontraport.Client.OntraportClient).Assembly);
        Assert.NotEmpty(client.ReferencedAssemblies);
        var offenders = client.ReferencedAssemblies.Where(a => ClientMustNotUse.Any(f => Within(a, f))).Select(a => "assembly " + a)
            .Concat(client.ReferencedNamespaces.Where(n => ClientMustNotUse.Any(f => Within(n, f))).Select(n => "namespace " + n))
            .ToList();
        Assert.True(offenders.Count == 0, "Ontraport.Client uses " + string.Join(", ", offenders));
    }

    [Theory]
    [InlineData("Ontraport.Mcp.Server.OAuth", "Ontraport.Mcp.Server.Hosting")]
    [InlineData("Ontraport.Mcp.Server.Tools", "Ontraport.Mcp.Server.Hosting")]
    [InlineData("Ontraport.Mcp.Server.Settings", "Ontraport.Mcp.Server.Hosting")]
    [InlineData("Ontraport.Mcp.Server.Settings", "Ontraport.Mcp.Server.OAuth")]
    [InlineData("Ontraport.Mcp.Server.Settings", "Ontraport.Mcp.Server.Tools")]
    public void A_layer_uses_nothing_of_the_one_above_it(string layer, string forbidden)
    {
        var scan = LayerScan.Of(typeof(Tools.ToolCatalog).Assembly);
        Assert.NotEmpty(scan.TypesIn(layer));
        var offenders = scan.Uses(layer, forbidden);
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void The_scan_finds_a_use_hidden_in_a_method_body()
    {
        // Planted below: types whose signatures are clean and whose method bodies use a forbidden namespace, once in
        // another assembly (a type and member reference) and once in the same assembly (a type definition).
        var scan = LayerScan.Of(typeof(ArchitectureTests).Assembly);
        var acrossAssemblies = scan.Uses(typeof(Planted.Tools.ReachesIntoTheHost).Namespace!, "Ontraport.Mcp.Server.Hosting");
        Assert.Contains(acrossAssemblies, o => o.Contains(nameof(Planted.Tools.ReachesIntoTheHost), StringComparison.Ordinal));
        var sameAssembly = scan.Uses(typeof(Planted.Tools.ReachesIntoTheHost).Namespace!, typeof(Planted.Hosting.PlantedHost).Namespace!);
        Assert.Contains(sameAssembly, o => o.Contains(nameof(Planted.Tools.ReachesIntoTheHostNextDoor), StringComparison.Ordinal));
        Assert.DoesNotContain(sameAssembly, o => o.Contains(nameof(Planted.Tools.Clean), StringComparison.Ordinal));
        Assert.Empty(scan.Uses(typeof(Planted.Tools.ReachesIntoTheHost).Namespace!, "Ontraport.Mcp.Server.Sandbox"));

        // And on the server itself, a use that is allowed is seen: the host's OAuth scheme resolves through OAuth.
        Assert.Contains(LayerScan.Of(typeof(Tools.ToolCatalog).Assembly).Uses("Ontraport.Mcp.Server.Hosting", "Ontraport.Mcp.Server.OAuth"),
            o => o.Contains("OAuthAuthenticationHandler", StringComparison.Ordinal));
    }

    private static bool Within(string name, string prefix) =>
        name.Equals(prefix, StringComparison.Ordinal) || name.StartsWith(prefix + ".", StringComparison.Ordinal);

    /// <summary>
    /// Every type one assembly's types use, read with System.Reflection.Metadata: base types, interfaces, fields, method
    /// and property signatures, locals, attributes, and the tokens of each method body's IL (calls, <c>newobj</c>, field
    /// access, casts, <c>ldtoken</c>…), each resolved to the namespace of the type that declares it.
    /// </summary>
    private sealed class LayerScan
    {
        private static readonly Dictionary<short, OperandType> OperandTypes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!).GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.First().OperandType);

        private readonly MetadataReader _reader;
        private readonly PEReader _pe;
        private readonly Dictionary<TypeDefinitionHandle, HashSet<string>> _uses = [];
        private readonly NamespaceProvider _provider;

        private LayerScan(MetadataReader reader, PEReader pe)
        {
            _reader = reader;
            _pe = pe;
            _provider = new NamespaceProvider(this);
            ReferencedAssemblies = [.. reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name))];
            ReferencedNamespaces = [.. reader.TypeReferences.Select(h => NamespaceOf(h)).Distinct()];
            foreach (var handle in reader.TypeDefinitions)
            {
                _uses[handle] = Collect(handle);
            }
        }

        public IReadOnlyList<string> ReferencedAssemblies { get; }

        public IReadOnlyList<string> ReferencedNamespaces { get; }

        /// <summary>Reads the assembly's file into memory; the reader lives as long as the scan (the metadata points into it).</summary>
        public static LayerScan Of(Assembly assembly)
        {
            var pe = new PEReader(File.ReadAllBytes(assembly.Location).ToImmutableArray());
            return new LayerScan(pe.GetMetadataReader(), pe);
        }

        public IEnumerable<string> TypesIn(string layer) =>
            _uses.Keys.Select(h => (Namespace: NamespaceOf(h), Name: _reader.GetString(_reader.GetTypeDefinition(h).Name))).Where(t => Within(t.Namespace, layer)).Select(t => t.Name);

        /// <summary>"Type uses namespace" for each type of <paramref name="layer"/> that uses <paramref name="forbidden"/>.</summary>
        public List<string> Uses(string layer, string forbidden) =>
        [
            .. _uses.Where(u => Within(NamespaceOf(u.Key), layer))
                .SelectMany(u => u.Value.Where(n => Within(n, forbidden)).Select(n => $"{FullName(u.Key)} uses {n}"))
                .Distinct().Order(StringComparer.Ordinal),
        ];

        private string FullName(TypeDefinitionHandle handle)
        {
            var type = _reader.GetTypeDefinition(handle);
            var name = _reader.GetString(type.Name);
            return type.GetDeclaringType() is { IsNil: false } outer ? FullName(outer) + "+" + name : NamespaceOf(handle) + "." + name;
        }

        private HashSet<string> Collect(TypeDefinitionHandle handle)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            var type = _reader.GetTypeDefinition(handle);
            Add(used, type.BaseType);
            foreach (var i in type.GetInterfaceImplementations())
            {
                Add(used, _reader.GetInterfaceImplementation(i).Interface);
            }

            AddAttributes(used, type.GetCustomAttributes());
            foreach (var f in type.GetFields())
            {
                var field = _reader.GetFieldDefinition(f);
                used.UnionWith(field.DecodeSignature(_provider, null));
                AddAttributes(used, field.GetCustomAttributes());
            }

            foreach (var p in type.GetProperties())
            {
                var signature = _reader.GetPropertyDefinition(p).DecodeSignature(_provider, null);
                used.UnionWith(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(t => t)));
            }

            foreach (var m in type.GetMethods())
            {
                var method = _reader.GetMethodDefinition(m);
                var signature = method.DecodeSignature(_provider, null);
                used.UnionWith(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(t => t)));
                AddAttributes(used, method.GetCustomAttributes());
                if (method.RelativeVirtualAddress != 0)
                {
                    AddBody(used, _pe.GetMethodBody(method.RelativeVirtualAddress));
                }
            }

            return used;
        }

        private void AddAttributes(HashSet<string> used, CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                Add(used, _reader.GetCustomAttribute(a).Constructor);
            }
        }

        private void AddBody(HashSet<string> used, MethodBodyBlock body)
        {
            if (!body.LocalSignature.IsNil)
            {
                used.UnionWith(_reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_provider, null).SelectMany(t => t));
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                short value = il.ReadByte();
                if (value == 0xFE)
                {
                    value = unchecked((short)(0xFE00 | il.ReadByte()));
                }

                switch (OperandTypes[value])
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                        Add(used, MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32(); // read before the offset moves: `Offset += 4 * ReadInt32()` would lose it
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                        il.Offset += 4;
                        break;
                }
            }
        }

        /// <summary>Adds the namespaces of whatever a handle names: a type, or a member and its declaring type and signature.</summary>
        private void Add(HashSet<string> used, EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification:
                    used.UnionWith(TypeNamespaces(handle));
                    break;
                case HandleKind.MethodDefinition:
                    used.Add(NamespaceOf(_reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.FieldDefinition:
                    used.Add(NamespaceOf(_reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.MemberReference:
                    var member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                    Add(used, member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        var signature = member.DecodeMethodSignature(_provider, null);
                        used.UnionWith(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(t => t)));
                    }
                    else
                    {
                        used.UnionWith(member.DecodeFieldSignature(_provider, null));
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(used, specification.Method);
                    used.UnionWith(specification.DecodeSignature(_provider, null).SelectMany(t => t));
                    break;
            }
        }

        private ImmutableArray<string> TypeNamespaces(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => [NamespaceOf((TypeDefinitionHandle)handle)],
            HandleKind.TypeReference => [NamespaceOf((TypeReferenceHandle)handle)],
            HandleKind.TypeSpecification => _reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_provider, null),
            _ => [],
        };

        /// <summary>The namespace of a type definition, nested types taking their outermost type's.</summary>
        private string NamespaceOf(TypeDefinitionHandle handle)
        {
            var type = _reader.GetTypeDefinition(handle);
            return type.GetDeclaringType() is { IsNil: false } outer ? NamespaceOf(outer) : _reader.GetString(type.Namespace);
        }

        private string NamespaceOf(TypeReferenceHandle handle)
        {
            var type = _reader.GetTypeReference(handle);
            return type.ResolutionScope.Kind == HandleKind.TypeReference ? NamespaceOf((TypeReferenceHandle)type.ResolutionScope) : _reader.GetString(type.Namespace);
        }

        /// <summary>Decodes signatures into the namespaces of every type they mention (generic arguments too).</summary>
        private sealed class NamespaceProvider(LayerScan scan) : ISignatureTypeProvider<ImmutableArray<string>, object?>
        {
            public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

            public ImmutableArray<string> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [scan.NamespaceOf(handle)];

            public ImmutableArray<string> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => [scan.NamespaceOf(handle)];

            public ImmutableArray<string> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

            public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;

            public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;

            public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;

            public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;

            public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;

            public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
                [.. genericType, .. typeArguments.SelectMany(t => t)];

            public ImmutableArray<string> GetGenericMethodParameter(object? genericContext, int index) => [];

            public ImmutableArray<string> GetGenericTypeParameter(object? genericContext, int index) => [];

            public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) =>
                [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(t => t)];

            public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) => unmodifiedType;
        }
    }
}
