import AgoraCore

/// The workers of `agora summarize --economy`: one free local worker and four simulated ones, each on its own
/// back end built over `base` (the local extractive summariser).
///
/// | worker    | back end            | price /1K in·out | speed                 | behaviour                                  |
/// |-----------|---------------------|------------------|-----------------------|--------------------------------------------|
/// | local     | `base` itself       | free             | 3,000 tok/s, 1 slot   | honest                                     |
/// | premium   | `sim:premium`       | 1.0 · 3.0        | 20,000 tok/s, 4 slots | honest                                     |
/// | bargain   | `sim:bargain`       | 0.1 · 0.3        | 10,000 tok/s, 2 slots | honest, drops every other sentence         |
/// | slowpoke  | `sim:slowpoke`      | 0.3 · 0.9        | promises 10,000 tok/s, takes 1.6 s | honest about quality, late   |
/// | boaster   | `sim:boaster`       | 0.2 · 0.6        | 10,000 tok/s, 2 slots | claims 0.95, pads its answer with repeats  |
public enum EconomyDemo {
    public static let referenceWorker = "premium"
    /// What the ledger says of these workers, lest a reader take the simulated ones for real models.
    public static let remark = "The workers other than `local` are simulated: the local extractive summariser behind a declared price, "
        + "latency and behaviour (no real paid model was called)."

    /// A real language model as one more worker (`agora summarize --economy --model openai:NAME`): its tokens sold at
    /// a small model's price through `PricedBackend`, its profile what SmolLM2-135M does on one CPU thread
    /// (about 40 tokens a second once its prompt is read, a few seconds to read one).
    public static func modelWorker(_ model: any ModelBackend) -> (worker: MarketWorker, backend: any ModelBackend) {
        let priced = PricedBackend(id: "market:" + model.id, base: model, price: ModelPrice(inputPer1K: 0.05, outputPer1K: 0.15))
        let worker = MarketWorker(name: "model", backendID: priced.id,
                                  profile: WorkerProfile(price: priced.price, tokensPerSecond: 40, slots: model.slots, latency: 4,
                                                         advertisedQuality: 0.7))
        return (worker, priced)
    }

    /// The buyer's terms when a real model on a CPU bids: deadlines in tens of seconds instead of one, else no
    /// answer it writes could arrive in time.
    public static let realModelRules = MarketRules(deadlinePerReferenceTask: 90, minimumDeadline: 30)

    /// The remark of a market with a real model among the simulated workers.
    public static let realModelRemark = "The worker `model` is a real language model behind an HTTP server, sold at a declared price; "
        + "the others but `local` are simulated: the local extractive summariser behind a declared price, latency and behaviour."

    public static func workers(base: any ModelBackend) -> (workers: [MarketWorker], backends: [any ModelBackend]) {
        let premium = SimulatedBackend(id: "sim:premium", base: base, price: ModelPrice(inputPer1K: 1.0, outputPer1K: 3.0),
                                       slots: 4, latency: 0.08, tokensPerSecond: 20_000)
        let bargain = SimulatedBackend(id: "sim:bargain", base: base, price: ModelPrice(inputPer1K: 0.1, outputPer1K: 0.3),
                                       slots: 2, latency: 0.05, tokensPerSecond: 10_000, behaviour: .dropsSentences)
        let slowpoke = SimulatedBackend(id: "sim:slowpoke", base: base, price: ModelPrice(inputPer1K: 0.3, outputPer1K: 0.9),
                                        slots: 2, latency: 1.6, tokensPerSecond: 10_000)
        let boaster = SimulatedBackend(id: "sim:boaster", base: base, price: ModelPrice(inputPer1K: 0.2, outputPer1K: 0.6),
                                       slots: 2, latency: 0.05, tokensPerSecond: 10_000, behaviour: .padsWithRepeats)
        let workers = [
            MarketWorker(name: "local", backendID: base.id,
                         profile: WorkerProfile(price: base.price, tokensPerSecond: 3_000, slots: 1, latency: 0.05, advertisedQuality: 0.7)),
            MarketWorker(name: "premium", backendID: premium.id,
                         profile: WorkerProfile(price: premium.price, tokensPerSecond: 20_000, slots: 4, latency: 0.08, markup: 0.25, advertisedQuality: 0.8)),
            MarketWorker(name: "bargain", backendID: bargain.id,
                         profile: WorkerProfile(price: bargain.price, tokensPerSecond: 10_000, slots: 2, latency: 0.05, advertisedQuality: 0.65)),
            // Promises the speed of the others; its back end takes 1.6 s.
            MarketWorker(name: "slowpoke", backendID: slowpoke.id,
                         profile: WorkerProfile(price: slowpoke.price, tokensPerSecond: 10_000, slots: 2, latency: 0.1, advertisedQuality: 0.7)),
            MarketWorker(name: "boaster", backendID: boaster.id,
                         profile: WorkerProfile(price: boaster.price, tokensPerSecond: 10_000, slots: 2, latency: 0.05),
                         claims: .fixed(0.95)),
        ]
        return (workers, [premium, bargain, slowpoke, boaster])
    }
}
