// `import Agora` brings the whole public API: the core vocabulary, the runtime, agent and pipeline files, the
// summarisation swarm, the local and HTTP back ends, long-term memory, the economy (market, ledger), tools, and the
// LLM agent loop that calls them.
@_exported import AgoraAgents
@_exported import AgoraCore
@_exported import AgoraDefinitions
@_exported import AgoraEconomy
@_exported import AgoraHTTP
@_exported import AgoraLocal
@_exported import AgoraMemory
@_exported import AgoraPipelines
@_exported import AgoraRuntime
@_exported import AgoraSummarize
@_exported import AgoraText
@_exported import AgoraTools
