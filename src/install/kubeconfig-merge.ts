/**
 * Merging Kite's admin kubeconfig into the user's kubeconfig as context `kite-<cluster>` (cluster,
 * user and context all carry that name) and taking it out again. Everything else in the file stays
 * byte-for-byte: the file is parsed with the `yaml` library only to find source offsets, and the
 * edits are text splices (delete our items' lines, insert ours after the last item, rewrite the
 * current-context line), so comments, quoting and indentation of other entries are never re-rendered.
 *
 * Which file: like kubectl — `$KUBECONFIG` when set (one path: that one; a list: the first that
 * exists, else the last), otherwise `$HOME/.kube/config`.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMap, isScalar, isSeq, parse, parseDocument, stringify, type Document, type Pair, type YAMLSeq } from 'yaml';

export const kiteContextName = (cluster: string) => `kite-${cluster}`;

export function userKubeconfigPath(env: NodeJS.ProcessEnv): string {
  const list = (env.KUBECONFIG ?? '').split(':').filter(Boolean);
  if (list.length === 1) return list[0]!;
  if (list.length > 1) return list.find((f) => existsSync(f)) ?? list[list.length - 1]!;
  return path.join(env.HOME || os.homedir(), '.kube', 'config');
}

const LISTS = ['clusters', 'users', 'contexts'] as const;
type ListName = (typeof LISTS)[number];
type Entry = { name: string; [k: string]: unknown };

/** The single cluster/user/context of Kite's own DIR/kubeconfig.yaml, renamed to `name`. */
function kiteEntries(kiteKubeconfig: string, name: string): Record<ListName, Entry> {
  const k = parse(kiteKubeconfig) as Record<string, Array<Record<string, Record<string, unknown>>>>;
  const cluster = k.clusters?.[0]?.cluster;
  const user = k.users?.[0]?.user;
  if (!cluster || !user) throw new Error('the Kite kubeconfig has no cluster or user');
  return { clusters: { name, cluster }, users: { name, user }, contexts: { name, context: { cluster: name, user: name } } };
}

interface Edit { at: number; end: number; text: string }

const lineStart = (t: string, off: number) => t.lastIndexOf('\n', off - 1) + 1;
const lineEnd = (t: string, off: number) => { const i = t.indexOf('\n', off); return i < 0 ? t.length : i + 1; };
const endOf = (t: string, off: number) => (off > 0 && t[off - 1] === '\n' ? off : lineEnd(t, off));

function applyEdits(t: string, edits: Edit[]): string {
  let out = t;
  for (const e of [...edits].sort((a, b) => b.at - a.at || b.end - a.end)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return out;
}

function pairOf(doc: Document, key: string): Pair | undefined {
  return isMap(doc.contents) ? (doc.contents.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === key) : undefined;
}

const itemName = (it: unknown) => (isMap(it) ? it.get('name') : undefined);

/** Block-sequence text for `entries`, indented like the sequence it joins. */
function seqText(entries: Entry[], indent: string): string {
  return stringify(entries, { indentSeq: false, lineWidth: 0 }).split('\n').filter(Boolean).map((l) => `${indent}${l}\n`).join('');
}

function parseKubeconfig(text: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`kubeconfig is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new Error('kubeconfig is not a YAML mapping');
  return doc;
}

/** Edits that delete every item named `name` from the three lists. */
function removalEdits(t: string, doc: Document, name: string): { edits: Edit[]; remaining: number } {
  const edits: Edit[] = [];
  let remaining = 0;
  for (const list of LISTS) {
    const pair = pairOf(doc, list);
    const seq = pair?.value;
    if (!isSeq(seq) || seq.flow) { remaining += isSeq(seq) ? seq.items.length : 0; continue; }
    const keep = seq.items.filter((it) => itemName(it) !== name);
    remaining += keep.length;
    const drop = seq.items.filter((it) => itemName(it) === name);
    if (keep.length === 0 && drop.length > 0) {
      // The list held only kite entries: leave an empty list behind, as it was before the merge.
      const key = pair!.key as { range: [number, number, number] };
      edits.push({ at: lineStart(t, key.range[0]), end: endOf(t, seq.range![2]), text: `${list}: []\n` });
      continue;
    }
    for (const it of drop) {
      const r = (it as { range: [number, number, number] }).range;
      edits.push({ at: lineStart(t, r[0]), end: endOf(t, r[2]), text: '' });
    }
  }
  return { edits, remaining };
}

export interface MergeResult {
  text: string;
  /** current-context before the merge (undefined: there was none), to restore on removal. */
  previousContext: string | undefined;
}

/** Adds (or replaces) the kite entries and makes them the current context. */
export function mergeKiteContext(existing: string | undefined, kiteKubeconfig: string, cluster: string): MergeResult {
  const name = kiteContextName(cluster);
  const entries = kiteEntries(kiteKubeconfig, name);
  let t = existing && existing.trim() ? existing : 'apiVersion: v1\nkind: Config\npreferences: {}\n';
  if (!t.endsWith('\n')) t += '\n';
  // First take out old kite entries (re-deploy), then insert the fresh ones.
  t = applyEdits(t, removalEdits(t, parseKubeconfig(t), name).edits);
  const doc = parseKubeconfig(t);
  const edits: Edit[] = [];
  let appendix = '';
  for (const list of LISTS) {
    const pair = pairOf(doc, list);
    const seq = pair?.value as YAMLSeq | undefined;
    if (isSeq(seq) && !seq.flow && seq.items.length > 0) {
      const first = (seq.items[0] as { range: [number, number, number] }).range;
      const last = (seq.items[seq.items.length - 1] as { range: [number, number, number] }).range;
      const dashLine = t.slice(lineStart(t, first[0]), first[0]);
      const indent = dashLine.slice(0, dashLine.indexOf('-'));
      const at = endOf(t, last[2]);
      edits.push({ at, end: at, text: seqText([entries[list]], indent) });
    } else if (pair) {
      const key = pair.key as { range: [number, number, number] };
      const end = pair.value && (pair.value as { range?: number[] }).range ? endOf(t, (pair.value as { range: number[] }).range[2]!) : lineEnd(t, key.range[0]);
      edits.push({ at: lineStart(t, key.range[0]), end, text: `${list}:\n${seqText([entries[list]], '')}` });
    } else {
      appendix += `${list}:\n${seqText([entries[list]], '')}`;
    }
  }
  const cc = pairOf(doc, 'current-context');
  const prev = cc && isScalar(cc.value) && cc.value.value !== null ? String(cc.value.value) : undefined;
  if (cc) {
    const key = cc.key as { range: [number, number, number] };
    edits.push({ at: lineStart(t, key.range[0]), end: lineEnd(t, key.range[0]), text: `current-context: ${name}\n` });
  } else {
    appendix += `current-context: ${name}\n`;
  }
  edits.push({ at: t.length, end: t.length, text: appendix });
  return { text: applyEdits(t, edits), previousContext: prev };
}

/**
 * Removes the kite entries; if they were the current context, restores `previousContext` (when it
 * still exists) or drops the line. `remaining` = how many entries of other clusters are left.
 */
export function removeKiteContext(existing: string, cluster: string, previousContext?: string): { text: string; remaining: number } {
  const name = kiteContextName(cluster);
  let doc: Document;
  try { doc = parseKubeconfig(existing); } catch { return { text: existing, remaining: 1 }; }
  const { edits, remaining } = removalEdits(existing, doc, name);
  const cc = pairOf(doc, 'current-context');
  if (cc && isScalar(cc.value) && cc.value.value === name) {
    const contexts = doc.get('contexts');
    const stillThere = previousContext !== undefined && isSeq(contexts) && contexts.items.some((it) => itemName(it) === previousContext);
    const key = cc.key as { range: [number, number, number] };
    edits.push({ at: lineStart(existing, key.range[0]), end: lineEnd(existing, key.range[0]), text: stillThere ? `current-context: ${previousContext}\n` : '' });
  }
  return { text: applyEdits(existing, edits), remaining };
}
