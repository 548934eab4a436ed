"""Edits the tab's catalogs: rename keys (keeping each language's words), add keys after an anchor."""
import re, sys

def entries(s):
    """Returns list of (key, start, end) for top-level entries."""
    out = []
    for m in re.finditer(r"^  '([^']+)':", s, re.M):
        out.append([m.group(1), m.start()])
    for i, e in enumerate(out):
        e.append(out[i+1][1] if i+1 < len(out) else re.search(r'^}', s, re.M).start())
    return out

def rename(path, mapping):
    s = open(path).read()
    for old, new in mapping.items():
        pat = f"  '{old}':"
        assert pat in s, (path, old)
        s = s.replace(pat, f"  '{new}':", 1)
    open(path, 'w').write(s)

def remove(path, keys):
    s = open(path).read()
    for k in keys:
        es = {e[0]: e for e in entries(s)}
        e = es[k]
        s = s[:e[1]] + s[e[2]:]
    open(path, 'w').write(s)

def add_after(path, anchor, block):
    s = open(path).read()
    es = {e[0]: e for e in entries(s)}
    e = es[anchor]
    s = s[:e[2]] + block + s[e[2]:]
    open(path, 'w').write(s)

def move_after(path, keys, anchor):
    """Moves existing entries (in the given order) to follow `anchor`."""
    s = open(path).read()
    texts = []
    for k in keys:
        es = {e[0]: e for e in entries(s)}
        e = es[k]
        texts.append(s[e[1]:e[2]])
        s = s[:e[1]] + s[e[2]:]
    es = {e[0]: e for e in entries(s)}
    e = es[anchor]
    s = s[:e[2]] + ''.join(texts) + s[e[2]:]
    open(path, 'w').write(s)
