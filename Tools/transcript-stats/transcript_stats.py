#!/usr/bin/env python3
"""transcript_stats: reads {"text": ...} as JSON on stdin, writes statistics as JSON on stdout."""
import json
import re
import sys

TIME = re.compile(r"^\[?(?:(\d{1,2}):)?(\d{1,2}):(\d{2})\]?\s*")
SPEAKER = re.compile(r"^([A-Z][\w .'-]{0,40}?):\s+(.*)$")


def seconds(match):
    hours, minutes, secs = match.group(1), match.group(2), match.group(3)
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)


def main():
    try:
        arguments = json.load(sys.stdin)
    except json.JSONDecodeError as error:
        print(f"transcript_stats: the input is not JSON: {error}", file=sys.stderr)
        return 2
    text = arguments.get("text", "")
    turns = 0
    words_by_speaker = {}
    times = []
    total_words = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        stamp = TIME.match(line)
        if stamp:
            times.append(seconds(stamp))
            line = line[stamp.end():]
        words = line.split()
        speaker = SPEAKER.match(line)
        if speaker:
            turns += 1
            name = speaker.group(1).strip()
            count = len(speaker.group(2).split())
            words_by_speaker[name] = words_by_speaker.get(name, 0) + count
            total_words += count
        else:
            total_words += len(words)
    result = {
        "words": total_words,
        "turns": turns,
        "speakers": len(words_by_speaker),
        "words_by_speaker": dict(sorted(words_by_speaker.items(), key=lambda item: (-item[1], item[0]))),
    }
    if len(times) >= 2:
        result["span_seconds"] = max(times) - min(times)
    json.dump(result, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
