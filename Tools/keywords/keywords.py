#!/usr/bin/env python3
"""keywords: reads {"text": ..., "k": n} as JSON on stdin, writes [{"word", "count"}] as JSON on stdout."""
import json
import re
import sys

STOP = set("""
a about above after again against all am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just let me more most my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves um uh like yeah okay ok so well right know mean think going gonna
really just thing things get got also one two lot kind sort actually
""".split())
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


def main():
    try:
        arguments = json.load(sys.stdin)
    except json.JSONDecodeError as error:
        print(f"keywords: the input is not JSON: {error}", file=sys.stderr)
        return 2
    k = int(arguments.get("k", 10))
    counts = {}
    first_seen = {}
    for index, match in enumerate(WORD.finditer(arguments.get("text", ""))):
        word = match.group(0).lower()
        if len(word) < 3 or word in STOP:
            continue
        counts[word] = counts.get(word, 0) + 1
        first_seen.setdefault(word, index)
    ranked = sorted(counts, key=lambda word: (-counts[word], first_seen[word]))[:k]
    json.dump([{"word": word, "count": counts[word]} for word in ranked], sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
