#!/usr/bin/env python3
"""bench/profile's summary of one callgrind dump: instructions per request and
allocator calls per request (every call into malloc, calloc, realloc,
posix_memalign / aligned_alloc, and free, counted from callgrind's call edges).

    profile-summary.py FILE REQUESTS NAME UPSTREAM_CALLS
"""
import re
import sys

ALLOC = {"malloc", "calloc", "posix_memalign", "aligned_alloc", "memalign"}
REALLOC = {"realloc"}
FREE = {"free"}


def main():
    path, requests, name, upstream = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    names = {}
    total = 0
    counts = {"alloc": 0, "realloc": 0, "free": 0}
    pending = None  # the kind of the callee of the next calls= line
    name_re = re.compile(r"^c?fn=\((\d+)\)(?: (.*))?$")
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith(("fn=", "cfn=")):
                m = name_re.match(line.rstrip("\n"))
                if m:
                    ident, label = m.group(1), m.group(2)
                    if label is not None:
                        names[ident] = label
                    label = names.get(ident, "")
                else:
                    label = line.split("=", 1)[1].strip()
                if line.startswith("cfn="):
                    base = label.split("'")[0]
                    pending = (
                        "alloc" if base in ALLOC else "realloc" if base in REALLOC else "free" if base in FREE else None
                    )
                continue
            if line.startswith("calls="):
                if pending:
                    counts[pending] += int(line.split("=", 1)[1].split()[0])
                pending = None
                continue
            if line.startswith(("summary:", "totals:")):
                total = max(total, int(line.split(":", 1)[1].split()[0]))
    per = lambda n: n / requests
    print(
        f"{name}: {requests} requests, {per(total) / 1000:.1f} K instructions/request, "
        f"{per(counts['alloc']):.1f} allocations/request (+{per(counts['realloc']):.1f} reallocs, "
        f"{per(counts['free']):.1f} frees), {upstream / requests:.2f} upstream calls/request"
    )


if __name__ == "__main__":
    main()
