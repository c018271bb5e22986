import AgoraCore
