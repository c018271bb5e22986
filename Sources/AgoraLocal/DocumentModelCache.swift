import AgoraCore
import Synchronization

/// Document models by document id, computed once even when many agents ask at the same moment: the first
/// asker starts the computation, the others await the same task. Holds the most recent `capacity` documents.
final class DocumentModelCache: Sendable {
    private struct Key: Hashable {
        var document: String
        var configuration: ExtractiveConfiguration
    }

    private struct State {
        var tasks: [Key: Task<DocumentModel, Never>] = [:]
        var order: [Key] = []
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 8) {
        self.capacity = capacity
    }

    func model(for document: SourceDocument, configuration: ExtractiveConfiguration) async -> DocumentModel {
        let key = Key(document: document.id, configuration: configuration)
        let task = state.withLock { state -> Task<DocumentModel, Never> in
            if let task = state.tasks[key] { return task }
            let task = Task { DocumentModel(text: document.text, configuration: configuration) }
            state.tasks[key] = task
            state.order.append(key)
            if state.order.count > capacity {
                let evicted = state.order.removeFirst()
                state.tasks[evicted] = nil
            }
            return task
        }
        return await task.value
    }
}
