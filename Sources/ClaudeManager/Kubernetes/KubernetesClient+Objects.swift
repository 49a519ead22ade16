import Foundation
import NIOCore
import NIOHTTP1

/// Reading and writing objects.
extension KubernetesClient {
    /// The object `name` (or its `subresource`, e.g. `scale`), or `nil` when it does not exist (404).
    package func get<Object: Decodable>(
        _ resource: KubernetesResourceKind,
        namespace: String,
        name: String,
        subresource: String? = nil,
        as type: Object.Type = Object.self
    ) async throws -> Object? {
        let call = KubernetesCall(.get, .GET, resource.path(namespace: namespace, name: name, subresource: subresource))
        do {
            return try decode(type, from: try await perform(call), resource: resource)
        } catch KubernetesError.notFound {
            return nil
        }
    }

    /// Every object matching the selectors, following `continue` tokens page by page (`limit` items each).
    ///
    /// A continue token that expired meanwhile throws ``KubernetesError/gone(message:)``: list again.
    package func list<Item: Decodable & Sendable>(
        _ resource: KubernetesResourceKind,
        namespace: String,
        labelSelector: String? = nil,
        fieldSelector: String? = nil,
        limit: Int? = 500,
        as type: Item.Type = Item.self
    ) async throws -> KubernetesList<Item> {
        var items: [Item] = []
        var continueToken: String?
        repeat {
            let query = KubernetesQuery.string([
                ("labelSelector", labelSelector.flatMap { $0.isEmpty ? nil : $0 }),
                ("fieldSelector", fieldSelector.flatMap { $0.isEmpty ? nil : $0 }),
                ("limit", limit.map(String.init)),
                ("continue", continueToken),
            ])
            let call = KubernetesCall(.list, .GET, resource.path(namespace: namespace) + query)
            let page = try decode(KubernetesListPage<Item>.self, from: try await perform(call), resource: resource)
            items += page.items ?? []
            continueToken = page.metadata?.continue.flatMap { $0.isEmpty ? nil : $0 }
            if continueToken == nil {
                return KubernetesList(items: items, resourceVersion: page.metadata?.resourceVersion ?? "")
            }
        } while true
    }

    /// Server-side apply: creates the object or updates the fields `fieldManager` owns (PROTOCOLS.md 3.2).
    ///
    /// `body` must carry `apiVersion`, `kind` and `metadata.name`. Without `force`, touching another manager's
    /// field throws ``KubernetesError/conflict(message:causes:)`` with `FieldManagerConflict` causes.
    /// `isStrict` asks the server to reject unknown fields (`fieldValidation=Strict`) instead of dropping them.
    package func apply<Object: Decodable>(
        _ resource: KubernetesResourceKind,
        namespace: String,
        name: String,
        _ body: some Encodable,
        fieldManager: String? = nil,
        force: Bool = false,
        isStrict: Bool = false,
        as type: Object.Type
    ) async throws -> Object {
        let query = KubernetesQuery.string([
            ("fieldManager", fieldManager ?? configuration.fieldManager),
            ("force", force ? "true" : "false"),
            ("fieldValidation", isStrict ? "Strict" : nil),
        ])
        let call = KubernetesCall(
            .patch,
            .PATCH,
            resource.path(namespace: namespace, name: name) + query,
            body: try encode(body),
            contentType: "application/apply-patch+yaml"
        )
        return try decode(type, from: try await perform(call), resource: resource)
    }

    /// Server-side apply, answering the applied object's metadata.
    @discardableResult
    package func apply(
        _ resource: KubernetesResourceKind,
        namespace: String,
        name: String,
        _ body: some Encodable,
        fieldManager: String? = nil,
        force: Bool = false,
        isStrict: Bool = false
    ) async throws -> KubernetesObjectMetadata {
        try await apply(
            resource,
            namespace: namespace,
            name: name,
            body,
            fieldManager: fieldManager,
            force: force,
            isStrict: isStrict,
            as: KubernetesMetadataEnvelope.self
        ).metadata
    }

    /// A JSON merge patch (RFC 7386) of the object or its `subresource`, e.g. `{"spec":{"replicas":0}}` to `scale`.
    ///
    /// Merge patches set absolute values, so they are retried like reads; one carrying a
    /// `metadata.resourceVersion` precondition may then answer 409.
    package func mergePatch<Object: Decodable>(
        _ resource: KubernetesResourceKind,
        namespace: String,
        name: String,
        subresource: String? = nil,
        _ body: some Encodable,
        fieldManager: String? = nil,
        as type: Object.Type
    ) async throws -> Object {
        let query = KubernetesQuery.string([("fieldManager", fieldManager ?? configuration.fieldManager)])
        let call = KubernetesCall(
            .patch,
            .PATCH,
            resource.path(namespace: namespace, name: name, subresource: subresource) + query,
            body: try encode(body),
            contentType: "application/merge-patch+json"
        )
        return try decode(type, from: try await perform(call), resource: resource)
    }

    /// A JSON merge patch, answering the patched object's metadata.
    @discardableResult
    package func mergePatch(
        _ resource: KubernetesResourceKind,
        namespace: String,
        name: String,
        subresource: String? = nil,
        _ body: some Encodable,
        fieldManager: String? = nil
    ) async throws -> KubernetesObjectMetadata {
        try await mergePatch(
            resource,
            namespace: namespace,
            name: name,
            subresource: subresource,
            body,
            fieldManager: fieldManager,
            as: KubernetesMetadataEnvelope.self
        ).metadata
    }

    /// Deletes the object; `false` when it was already gone (404).
    @discardableResult
    package func delete(
        _ resource: KubernetesResourceKind,
        namespace: String,
        name: String,
        propagationPolicy: KubernetesPropagationPolicy = .background
    ) async throws -> Bool {
        let query = KubernetesQuery.string([("propagationPolicy", propagationPolicy.rawValue)])
        let call = KubernetesCall(.delete, .DELETE, resource.path(namespace: namespace, name: name) + query)
        do {
            _ = try await perform(call)
            return true
        } catch KubernetesError.notFound {
            return false
        }
    }

    func encode(_ body: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return ByteBuffer(bytes: try encoder.encode(body))
        } catch {
            throw KubernetesError.decoding(message: "cannot encode the request body: \(error)")
        }
    }

    func decode<Value: Decodable>(
        _ type: Value.Type,
        from answer: KubernetesAnswer,
        resource: KubernetesResourceKind
    ) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(answer.body.readableBytesView))
        } catch {
            throw KubernetesError.decoding(message: "cannot decode the \(resource) answer: \(error)")
        }
    }
}
