/// Where approvals live in a run journal, for the loop and for `agora approve`/`agora deny`, which find a request by
/// its key and write the decision beside it (same run, same path).
public enum ApprovalKeys {
    public static func request(_ id: String) -> String { "approval-request:\(id)" }
    public static func decision(_ id: String) -> String { "approval:\(id)" }
}
