extension Agora {
    /// What `agora --version` prints. Raised with each release that changes what users see (commands, files,
    /// outputs); there is no release yet, so it stays below 1.
    static let version = "0.4.0"
}
