// A parser for the small YAML subset deploy/compose.yaml is written in (no YAML library is installed):
// block mappings, block sequences, quoted or plain scalars and flow lists of quoted strings. Anything
// outside the subset (tabs, anchors, aliases, block scalars, flow mappings, documents) is an error.

/** A parsed YAML value of the subset. */
export type Yaml = string | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
  n: number;
}

// A single-quoted ('' escapes a quote) or double-quoted (no escapes) string, or a plain word.
const SCALAR = /^(?:'((?:[^']|'')*)'|"([^"\\]*)"|([^'"[\]{}&*!|>#,\s][^#]*?))\s*$/;

/** The value of one scalar, or an error naming the line. */
function scalar(raw: string, n: number): string {
  const m = SCALAR.exec(raw.trim());
  if (!m) throw new Error(`compose.yaml:${n}: not a scalar of the subset: ${raw}`);
  return m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? m[3]!);
}

/** A flow list `['a', 'b']` of quoted strings. */
function flowList(raw: string, n: number): string[] {
  const inner = raw.trim().slice(1, -1).trim();
  if (inner === '') return [];
  const item = /'(?:[^']|'')*'|"[^"\\]*"/g;
  const items = inner.match(item) ?? [];
  if (
    !/^\s*(?:,\s*)*$/.test(inner.replace(item, '')) ||
    inner.split(item).join('').split(',').length !== items.length
  )
    throw new Error(`compose.yaml:${n}: flow lists hold quoted strings only: ${raw}`);
  return items.map((i) => scalar(i, n));
}

/** Strips a comment that starts outside quotes. */
function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

function value(raw: string, n: number): Yaml {
  return raw.trim().startsWith('[') ? flowList(raw, n) : scalar(raw, n);
}

function block(lines: Line[], at: { i: number }, indent: number): Yaml {
  const first = lines[at.i]!;
  if (first.text.startsWith('- ')) {
    const list: Yaml[] = [];
    while (at.i < lines.length && lines[at.i]!.indent === indent && lines[at.i]!.text.startsWith('- ')) {
      const line = lines[at.i++]!;
      list.push(value(line.text.slice(2), line.n));
    }
    return list;
  }
  const map: { [key: string]: Yaml } = {};
  while (at.i < lines.length && lines[at.i]!.indent === indent) {
    const line = lines[at.i++]!;
    const m = /^([A-Za-z0-9_.-]+):(?:\s+(.*))?$/.exec(line.text);
    if (!m) throw new Error(`compose.yaml:${line.n}: expected "key: value": ${line.text}`);
    const key = m[1]!;
    if (key in map) throw new Error(`compose.yaml:${line.n}: duplicate key ${key}`);
    if (m[2] !== undefined) map[key] = value(m[2], line.n);
    else {
      const next = lines[at.i];
      if (!next || next.indent <= indent) throw new Error(`compose.yaml:${line.n}: ${key} has no value`);
      map[key] = block(lines, at, next.indent);
    }
  }
  if (at.i < lines.length && lines[at.i]!.indent > indent)
    throw new Error(`compose.yaml:${lines[at.i]!.n}: unexpected indentation`);
  return map;
}

/** Parses `text` (the subset above) into plain objects, arrays and strings. */
export function parseComposeYaml(text: string): Yaml {
  const lines: Line[] = [];
  text.split('\n').forEach((raw, k) => {
    if (raw.includes('\t')) throw new Error(`compose.yaml:${k + 1}: tab`);
    const body = stripComment(raw);
    if (body.trim() === '') return;
    if (/^\s*(---|\.\.\.)/.test(body)) throw new Error(`compose.yaml:${k + 1}: one document only`);
    lines.push({ indent: body.length - body.trimStart().length, text: body.trim(), n: k + 1 });
  });
  const at = { i: 0 };
  const doc = block(lines, at, 0);
  if (at.i !== lines.length) throw new Error(`compose.yaml:${lines[at.i]!.n}: unexpected indentation`);
  return doc;
}
