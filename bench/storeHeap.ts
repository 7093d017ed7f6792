// What a listing keeps in memory per tag, outside the editor: the store's full read of a
// repository's tags (the TagTable and the models) against the TagRefs and eager registry it
// replaced. Run: for w in TagRefs TagTable 'store listing, tags' 'store listing, every'; do
// node --expose-gc out/bench/storeHeap.js <repository> "$w"; done
import { GitRepository } from '../src/git/repository';
import { readTags, readTagTable } from '../src/git/refs';
import { buildRegistry, RegistryBuilder } from '../src/core/registry';
import { ModelStore } from '../src/core/modelStore';

const only = process.argv[3];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

async function used(): Promise<{ heap: number; buffers: number }> {
  // Array buffers are freed after the collection that finds them unused, off the main thread.
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 100));
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

async function measure(label: string, tags: number, keep: () => Promise<unknown>): Promise<void> {
  // One measurement per process: what an earlier one left is not freed on cue.
  if (only && !label.startsWith(only)) return;
  const before = await used();
  const kept = await keep();
  const after = await used();
  const heap = (after.heap - before.heap) / tags;
  const buffers = (after.buffers - before.buffers) / tags;
  console.log(`${label}: heap ${Math.round(heap)} B/tag, array buffers ${Math.round(buffers)} B/tag, together ${Math.round(heap + buffers)} B/tag`);
  void kept;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: storeHeap.js <repository>');
  const config = { gitPath: 'git' };
  const n = (await readTagTable(dir, config)).size;
  console.log(`${dir}: ${n} tags`);
  let keep: unknown[] = [];
  await measure('TagRefs + eager registry (before)', n, async () => {
    const tags = await readTags(dir, config);
    keep = [tags, buildRegistry(tags)];
  });
  keep = [];
  await measure('TagTable + lazy registry (after, tags alone)', n, async () => {
    const builder = new RegistryBuilder(undefined, true);
    const table = await readTagTable(dir, config, undefined, (t, row) => builder.addRow(t, row));
    keep = [table, builder.finish()];
  });
  keep = [];
  const git = await GitRepository.open(dir, config);
  try {
    await measure('store listing, tags only (TagTable + models)', n, async () => {
      const store = new ModelStore(git, { namesOnly: true, versionsOnRead: true });
      const l = await store.list();
      keep = [store, l];
    });
    keep = [];
    await measure('store listing, every model expanded', n, async () => {
      const store = new ModelStore(git, { namesOnly: true, versionsOnRead: true });
      const l = await store.list();
      for (const m of l.models) void m.versions.length;
      keep = [store, l];
    });
  } finally {
    git.dispose();
  }
  void keep;
}

void main();
